/**
 * The params a Spark ALSModel carries in its metadata (`paramMap`, `defaultParamMap`).
 *
 * Spark's loader (`DefaultParamsReader.getAndSetParams`) looks every key up with
 * `instance.getParam(name)` and fails on a key the model does not have, so a model we write may
 * hold only these five; estimator-only settings (maxIter, regParam, alpha, …) belong in alsrec's
 * own sidecar file. `blockSize` exists from Spark 3.0, which is why written models need Spark ≥ 3.0.
 */
export const ALS_MODEL_PARAMS = ['userCol', 'itemCol', 'predictionCol', 'coldStartStrategy', 'blockSize'] as const;

export type ALSModelParamName = (typeof ALS_MODEL_PARAMS)[number];

/** Spark 3.5.3's `defaultParamMap` for ALSModel, key order as Spark 3.5.3 wrote it. */
export const SPARK_ALS_DEFAULT_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({
  userCol: 'user',
  predictionCol: 'prediction',
  blockSize: 4096,
  itemCol: 'item',
  coldStartStrategy: 'nan',
});

/**
 * Checks that `params` (the `paramMap` or `defaultParamMap` we are about to write, named `where`)
 * holds only ALSModel params with values Spark's validators accept: strings for the column names,
 * 'nan' | 'drop' for coldStartStrategy, an int > 0 for blockSize.
 */
export function checkALSModelParams(params: Record<string, unknown>, where: string): void {
  for (const [name, value] of Object.entries(params)) {
    if (!(ALS_MODEL_PARAMS as readonly string[]).includes(name)) {
      throw new Error(
        `${where}.${name} is not an ALSModel param (Spark's loader would fail with "Param ${name} does not exist"); ` +
          `allowed: ${ALS_MODEL_PARAMS.join(', ')}. Keep training options in alsrec's sidecar file`,
      );
    }
    const bad = paramProblem(name as ALSModelParamName, value);
    if (bad) throw new Error(`${where}.${name} ${bad}, got ${JSON.stringify(value)}`);
  }
}

function paramProblem(name: ALSModelParamName, value: unknown): string | undefined {
  switch (name) {
    case 'userCol':
    case 'itemCol':
    case 'predictionCol':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'coldStartStrategy':
      // Spark lower-cases before checking against its supported strategies.
      return typeof value === 'string' && ['nan', 'drop'].includes(value.toLowerCase())
        ? undefined
        : "must be 'nan' or 'drop'";
    case 'blockSize':
      return Number.isInteger(value) && (value as number) > 0 && (value as number) <= 2147483647
        ? undefined
        : 'must be an integer in 1..2147483647';
  }
}
