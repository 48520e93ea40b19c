import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeDirAtomic } from './atomic.js';
import { checkFactorTable, type FactorTable } from './factor-table.js';
import { writeFactorDir } from './parquet-factors-write.js';
import { completeSparkMetadata, formatSparkMetadata, type SparkMetadataInput } from './spark-metadata.js';

/**
 * A model to write. `metadata` may leave out everything but what the caller cares about:
 * class and sparkVersion are always ALSModel and SPARK_FORMAT_VERSION, the timestamp defaults to
 * now, the uid to a fresh `ALS_` + 12 hex digits, paramMap to {}, defaultParamMap to Spark
 * 3.5.3's. A SparkModelFiles (as read) is accepted as it is.
 */
export interface SparkModelInput {
  metadata: SparkMetadataInput;
  userFactors: FactorTable;
  itemFactors: FactorTable;
}

export interface WriteSparkModelOptions {
  /** Replace an existing `dir`; default false (an existing dir is an error). */
  overwrite?: boolean;
  /**
   * Files written at the model root beside Spark's three directories, by relative path (e.g.
   * alsrec's sidecar `alsrec.json`). Spark never reads them. Default none.
   */
  extraFiles?: Record<string, string | Uint8Array>;
}

const SPARK_PARTS = ['metadata', 'userFactors', 'itemFactors'];

/**
 * Writes a directory Spark ≥ 3.0 loads with `ALSModel.load(dir)`:
 *
 *   metadata/part-00000, metadata/_SUCCESS
 *   userFactors/part-00000-<uuid>-c000.snappy.parquet, userFactors/_SUCCESS   (same for items)
 *
 * atomically: everything is built in a temporary sibling and renamed into place.
 */
export async function writeSparkModel(dir: string, model: SparkModelInput, opts: WriteSparkModelOptions = {}): Promise<void> {
  const { userFactors, itemFactors } = model;
  checkFactorTable(userFactors, 'writeSparkModel userFactors');
  checkFactorTable(itemFactors, 'writeSparkModel itemFactors');
  if (userFactors.rank !== itemFactors.rank) {
    throw new Error(`writeSparkModel: userFactors rank ${userFactors.rank} differs from itemFactors rank ${itemFactors.rank}`);
  }
  const metadata = completeSparkMetadata(model.metadata, userFactors.rank);
  const extra = Object.entries(opts.extraFiles ?? {});
  for (const [name] of extra) checkExtraName(name);
  await writeDirAtomic(
    dir,
    async (tmp) => {
      await mkdir(join(tmp, 'metadata'));
      await writeFile(join(tmp, 'metadata', 'part-00000'), formatSparkMetadata(metadata));
      await writeFile(join(tmp, 'metadata', '_SUCCESS'), '');
      await mkdir(join(tmp, 'userFactors'));
      await writeFactorDir(join(tmp, 'userFactors'), userFactors);
      await mkdir(join(tmp, 'itemFactors'));
      await writeFactorDir(join(tmp, 'itemFactors'), itemFactors);
      for (const [name, content] of extra) {
        await mkdir(dirname(join(tmp, name)), { recursive: true });
        await writeFile(join(tmp, name), content);
      }
    },
    { overwrite: opts.overwrite },
  );
}

/** An extra file name must be a relative path that stays inside the model and off Spark's parts. */
function checkExtraName(name: string): void {
  const segments = name.split(/[\\/]/);
  const bad =
    name === '' ||
    name.startsWith('/') ||
    /^[a-zA-Z]:/.test(name) ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    SPARK_PARTS.includes(segments[0]!);
  if (bad) {
    throw new Error(
      `writeSparkModel: extra file ${JSON.stringify(name)} must be a relative path inside the model, not under ${SPARK_PARTS.join('/, ')}/; e.g. "alsrec.json"`,
    );
  }
}
