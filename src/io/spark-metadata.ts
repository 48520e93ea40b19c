import { randomBytes } from 'node:crypto';
import { SPARK_ALS_DEFAULT_PARAMS, checkALSModelParams } from './spark-als-params.js';

/**
 * `metadata/part-00000` of a Spark ALSModel directory: one line of JSON written by Spark's
 * `DefaultParamsWriter`, with ALSModel's extra `rank`:
 *
 *   {"class":"org.apache.spark.ml.recommendation.ALSModel","timestamp":1735195110608,
 *    "sparkVersion":"3.5.3","uid":"ALS_7857287181c4","paramMap":{…},"defaultParamMap":{…},"rank":10}
 */
export interface SparkALSMetadata {
  class: string;
  /** Milliseconds since the epoch when the model was saved. */
  timestamp: number;
  sparkVersion: string;
  uid: string;
  /** Params set explicitly on the model (see spark-als-params.ts). */
  paramMap: Record<string, unknown>;
  /** Params at their defaults; absent before Spark 2.4, read as {}. */
  defaultParamMap: Record<string, unknown>;
  rank: number;
}

export const ALS_MODEL_CLASS = 'org.apache.spark.ml.recommendation.ALSModel';

/**
 * The Spark version we write into metadata. The files we write follow Spark 3.5.3's layout
 * (metadata at `metadata/part-00000`, `blockSize` among the params, the LIST logical type on
 * `features`), so we claim that version rather than the one a model was read from; Spark ≥ 3.0
 * loads it, and Spark uses the version only to decide how to read default params.
 */
export const SPARK_FORMAT_VERSION = '3.5.3';

/** Parses and checks metadata text read from `path` (named in every error). */
export function parseSparkMetadata(text: string, path: string): SparkALSMetadata {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) throw new Error(`${path} is empty; expected one line of Spark model metadata JSON`);
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    throw new Error(`${path} is not JSON (${(e as Error).message}); expected Spark model metadata`);
  }
  if (!isRecord(json)) throw new Error(`${path}: metadata must be a JSON object, got ${line.slice(0, 80)}`);
  const { class: cls, timestamp, sparkVersion, uid, paramMap, defaultParamMap = {}, rank } = json;
  if (typeof cls !== 'string') throw new Error(`${path}: metadata has no "class"; expected class ${ALS_MODEL_CLASS}`);
  if (cls !== ALS_MODEL_CLASS) {
    throw new Error(`${path}: this is a ${cls} model, not an ALS model; expected class ${ALS_MODEL_CLASS}`);
  }
  if (!Number.isInteger(rank) || (rank as number) < 1) {
    throw new Error(`${path}: rank must be a positive integer, got ${JSON.stringify(rank)}`);
  }
  if (typeof timestamp !== 'number') throw new Error(`${path}: timestamp must be a number, got ${JSON.stringify(timestamp)}`);
  if (typeof sparkVersion !== 'string') throw new Error(`${path}: sparkVersion must be a string, got ${JSON.stringify(sparkVersion)}`);
  if (typeof uid !== 'string') throw new Error(`${path}: uid must be a string, got ${JSON.stringify(uid)}`);
  if (!isRecord(paramMap)) throw new Error(`${path}: paramMap must be an object, got ${JSON.stringify(paramMap)}`);
  if (!isRecord(defaultParamMap)) {
    throw new Error(`${path}: defaultParamMap must be an object, got ${JSON.stringify(defaultParamMap)}`);
  }
  return { class: cls, timestamp, sparkVersion, uid, paramMap, defaultParamMap, rank: rank as number };
}

/** What a caller gives to write metadata: everything but the rank may be left out. */
export type SparkMetadataInput = Partial<SparkALSMetadata>;

/**
 * The metadata to write for factors of rank `rank`: class ALSModel, sparkVersion
 * SPARK_FORMAT_VERSION, timestamp `now` and a fresh uid unless given, paramMap {} and Spark
 * 3.5.3's defaultParamMap unless given (params whose value is undefined are left out). A given
 * rank or class that disagrees is an error, as is a param Spark's loader would reject.
 */
export function completeSparkMetadata(input: SparkMetadataInput, rank: number, now = Date.now()): SparkALSMetadata {
  if (input.class !== undefined && input.class !== ALS_MODEL_CLASS) {
    throw new Error(`spark metadata: class must be ${ALS_MODEL_CLASS}, got ${input.class}`);
  }
  if (input.rank !== undefined && input.rank !== rank) {
    throw new Error(`spark metadata: rank ${input.rank} disagrees with the factors' rank ${rank}`);
  }
  const uid = input.uid ?? newSparkUid();
  if (!/^\w+$/.test(uid)) throw new Error(`spark metadata: uid must be letters, digits and _, got ${JSON.stringify(uid)}`);
  const timestamp = input.timestamp ?? now;
  if (!Number.isSafeInteger(timestamp)) {
    throw new Error(`spark metadata: timestamp must be integer milliseconds, got ${timestamp}`);
  }
  const paramMap = definedOnly(input.paramMap ?? {});
  const defaultParamMap = definedOnly(input.defaultParamMap ?? SPARK_ALS_DEFAULT_PARAMS);
  checkALSModelParams(paramMap, 'spark metadata paramMap');
  checkALSModelParams(defaultParamMap, 'spark metadata defaultParamMap');
  return { class: ALS_MODEL_CLASS, timestamp, sparkVersion: SPARK_FORMAT_VERSION, uid, paramMap, defaultParamMap, rank };
}

/** The file content: compact JSON in Spark's key order, then a newline (Hadoop's text output). */
export function formatSparkMetadata(m: SparkALSMetadata): string {
  const ordered = {
    class: m.class,
    timestamp: m.timestamp,
    sparkVersion: m.sparkVersion,
    uid: m.uid,
    paramMap: m.paramMap,
    defaultParamMap: m.defaultParamMap,
    rank: m.rank,
  };
  return `${JSON.stringify(ordered)}\n`;
}

/** A uid in PySpark's style: the class name, '_', 12 random hex digits (e.g. ALS_7857287181c4). */
export function newSparkUid(): string {
  return `ALS_${randomBytes(6).toString('hex')}`;
}

/** A copy without undefined values (JSON would drop them anyway; params left unset). */
function definedOnly(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
