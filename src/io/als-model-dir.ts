import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALSModel, type ModelOptions, type TrainingSummary } from '../als/als-model.js';
import { ALS_DEFAULTS, factorColumns, resolveALSOptions } from '../als/options.js';
import { IdMap, type ExternalId } from '../data/id-map.js';
import { loadWasmKernels } from '../kernels/wasm/load-kernels.js';
import { readSparkModel } from './spark-model-read.js';
import { writeSparkModel } from './spark-model-write.js';

/**
 * alsrec's model directory = a Spark ALSModel directory (metadata/, userFactors/, itemFactors/,
 * loadable by `ALSModel.load` in PySpark) + `alsrec.json` beside it for what Spark's format has no
 * place for: string ids, all training options, the training summary and item popularity.
 *
 * Spark's `id` column is an int. With integer external ids it holds them as they are; with string
 * ids it holds the dense row number and alsrec.json lists the strings in that order.
 *
 * A biased model (options.biases) is written as Spark sees it: factor rows of rank + 2 columns with
 * the biases folded in (user [x_u, μ + b_u, 1], item [y_i, 1, b_i]; als/fit-biased.ts), so Spark's
 * x·y is alsrec's μ + b_u + b_i + x_uᵀy_i; alsrec.json keeps μ (`globalMean`) and the options.
 */
export const SIDECAR_FILE = 'alsrec.json';
const SIDECAR_FORMAT = 'alsrec-model';
const SIDECAR_VERSION = 1;

interface Sidecar {
  format: typeof SIDECAR_FORMAT;
  version: number;
  userIds?: ExternalId[];
  itemIds?: ExternalId[];
  options: ModelOptions;
  summary: TrainingSummary;
  itemCounts?: number[];
  /** Biased models: μ. Their biases are in the factor rows (user [x, μ + b_u, 1], item [y, 1, b_i]). */
  globalMean?: number;
}

/**
 * Writes `model` to `dir` atomically (nothing is left behind on failure): Spark's `model.save(dir)`.
 * An existing `dir` is an error unless `overwrite`.
 */
export async function saveALSModel(model: ALSModel, dir: string, opts: { overwrite?: boolean } = {}): Promise<void> {
  const userIntIds = model.userIds.intIds();
  const itemIntIds = model.itemIds.intIds();
  const o = model.options;
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    userIds: userIntIds ? undefined : model.userIds.ids(),
    itemIds: itemIntIds ? undefined : model.itemIds.ids(),
    options: o,
    summary: model.summary,
    itemCounts: model.itemCounts ? Array.from(model.itemCounts) : undefined,
    globalMean: model.globalMean,
  };
  await writeSparkModel(
    dir,
    {
      metadata: {
        rank: model.rank,
        paramMap: { userCol: o.userCol, itemCol: o.itemCol, predictionCol: o.predictionCol, coldStartStrategy: o.coldStartStrategy },
      },
      userFactors: { ids: userIntIds ?? rowNumbers(model.userIds.size), factors: model.userFactors, rank: model.rank },
      itemFactors: { ids: itemIntIds ?? rowNumbers(model.itemIds.size), factors: model.itemFactors, rank: model.rank },
    },
    { overwrite: opts.overwrite, extraFiles: { [SIDECAR_FILE]: JSON.stringify(sidecar) + '\n' } },
  );
}

/**
 * Loads a model directory written by alsrec, or by Spark 2.3 to 4.x (no alsrec.json): Spark's
 * `ALSModel.load(dir)`. Also loads the WASM kernels, so that its recommendations use the SIMD top-K.
 */
export async function loadALSModel(dir: string): Promise<ALSModel> {
  await loadWasmKernels();
  const spark = await readSparkModel(dir);
  const sidecar = await readSidecar(dir);
  const rank = spark.metadata.rank;
  const userIds = sidecar?.userIds ? idsFromSidecar(sidecar.userIds, spark.userFactors.ids, dir, 'user') : IdMap.from(spark.userFactors.ids);
  const itemIds = sidecar?.itemIds ? idsFromSidecar(sidecar.itemIds, spark.itemFactors.ids, dir, 'item') : IdMap.from(spark.itemFactors.ids);
  // options the sidecar predates get their defaults (a model saved before they existed had them)
  const options = sidecar ? { ...ALS_DEFAULTS, ...sidecar.options } : optionsFromSpark(spark.metadata.paramMap, spark.metadata.defaultParamMap, rank);
  if (options.biases && (typeof sidecar?.globalMean !== 'number' || rank !== factorColumns(options))) {
    throw new Error(
      `${dir}: ${SIDECAR_FILE} describes a biased model of rank ${options.rank} (factor rows of ${factorColumns(options)} columns with the biases), but the factors have ${rank} columns` +
        `${typeof sidecar?.globalMean === 'number' ? '' : ' and there is no globalMean'}; the directory mixes files of two models — save the model again`,
    );
  }
  if (!options.biases && options.ensembleSize > 1 && rank !== factorColumns(options)) {
    throw new Error(`${dir}: ${SIDECAR_FILE} describes an ensemble of ${options.ensembleSize} members of rank ${options.rank} (${factorColumns(options)} columns), but the factors have ${rank} columns; the directory mixes files of two models — save the model again`);
  }
  return new ALSModel({
    rank,
    userIds,
    itemIds,
    userFactors: spark.userFactors.factors,
    itemFactors: spark.itemFactors.factors,
    options: options.biases || options.ensembleSize > 1 ? options : { ...options, rank },
    summary: sidecar?.summary,
    itemCounts: sidecar?.itemCounts ? Float64Array.from(sidecar.itemCounts) : undefined,
    globalMean: options.biases ? sidecar?.globalMean : undefined,
  });
}

async function readSidecar(dir: string): Promise<Sidecar | null> {
  const path = join(dir, SIDECAR_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // a model saved by Spark
    throw e;
  }
  let parsed: Sidecar;
  try {
    parsed = JSON.parse(text) as Sidecar;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); the file is damaged — delete it to load the model as a plain Spark model, or save the model again`);
  }
  if (parsed.format !== SIDECAR_FORMAT || typeof parsed.version !== 'number') {
    throw new Error(`${path}: not an alsrec model sidecar (format ${JSON.stringify(parsed.format)}); remove the file or save the model again`);
  }
  if (parsed.version > SIDECAR_VERSION) {
    throw new Error(`${path}: written by a newer alsrec (sidecar version ${parsed.version}, this one reads ${SIDECAR_VERSION}); upgrade alsrec`);
  }
  return parsed;
}

/** String ids: Spark's id column holds row numbers into the sidecar's list. */
function idsFromSidecar(ids: ExternalId[], sparkIds: Int32Array, dir: string, side: string): IdMap {
  const out: ExternalId[] = [];
  for (const row of sparkIds) {
    const id = ids[row];
    if (id === undefined) {
      throw new Error(`${dir}: ${side} id row ${row} has no entry in ${SIDECAR_FILE} (${ids.length} ids); the directory mixes files of two models — save the model again`);
    }
    out.push(id);
  }
  return IdMap.from(out);
}

function optionsFromSpark(paramMap: Record<string, unknown>, defaults: Record<string, unknown>, rank: number): ModelOptions {
  const pick = (name: string): unknown => paramMap[name] ?? defaults[name];
  const str = (name: keyof typeof ALS_DEFAULTS): string | undefined => {
    const v = pick(name);
    return typeof v === 'string' ? v : undefined;
  };
  const { onIteration: _, ...o } = resolveALSOptions({
    rank,
    userCol: str('userCol'),
    itemCol: str('itemCol'),
    predictionCol: str('predictionCol'),
    coldStartStrategy: str('coldStartStrategy') as 'nan' | 'drop' | undefined,
  });
  return o;
}

function rowNumbers(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
