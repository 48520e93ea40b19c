import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/**
 * Where the real Spark-saved models live: $ALSREC_SPARK_FIXTURES, else ../shared/fixtures/spark-als
 * beside the repo when it exists; undefined (tests skip) otherwise. They are derived from
 * MovieLens and other data that must not be copied into the repo.
 */
export const sparkFixtures: string | undefined = (() => {
  const fromEnv = process.env.ALSREC_SPARK_FIXTURES;
  if (fromEnv) {
    // Set but wrong is a setup error, not a reason to skip: CI sets it.
    if (!existsSync(fromEnv)) throw new Error(`ALSREC_SPARK_FIXTURES=${fromEnv} does not exist; point it at shared/fixtures/spark-als or unset it`);
    return fromEnv;
  }
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const beside = resolve(repoRoot, '../shared/fixtures/spark-als');
  return existsSync(beside) ? beside : undefined;
})();

/** This repo's own golden files. */
export const goldenDir = fileURLToPath(new URL('../fixtures/spark-model/', import.meta.url));
