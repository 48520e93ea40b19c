import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FactorTable } from './factor-table.js';
import { readFactorDir } from './parquet-factors-read.js';
import { sparkDataFiles } from './spark-data-files.js';
import { parseSparkMetadata, type SparkALSMetadata } from './spark-metadata.js';

/** The three parts of a Spark ALSModel directory, as read or as to be written. */
export interface SparkModelFiles {
  metadata: SparkALSMetadata;
  userFactors: FactorTable;
  itemFactors: FactorTable;
}

const EXPECTED = 'expected a Spark ALSModel directory (metadata/, userFactors/, itemFactors/)';

/**
 * Reads a model directory saved by Spark (2.3 to 4.x) or by writeSparkModel: the metadata (from
 * `metadata/part-00000`, or `part-00000-<uuid>-c000.txt` from Spark 4.0) and every factor part
 * file, checked: class ALSModel, each row `rank` floats, ids unique per side.
 */
export async function readSparkModel(dir: string): Promise<SparkModelFiles> {
  await mustBeModelDir(dir);
  const metadataPath = await metadataFile(join(dir, 'metadata'));
  const metadata = parseSparkMetadata(await readFile(metadataPath, 'utf8'), metadataPath);
  const userFactors = await readFactorDir(await subdir(dir, 'userFactors'), metadata.rank);
  const itemFactors = await readFactorDir(await subdir(dir, 'itemFactors'), metadata.rank);
  return { metadata, userFactors, itemFactors };
}

async function mustBeModelDir(dir: string): Promise<void> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new Error(`${dir} does not exist; ${EXPECTED}`);
  if (!s.isDirectory()) throw new Error(`${dir} is a file, not a directory; ${EXPECTED}`);
  const names = await readdir(dir);
  if (names.length === 0) throw new Error(`${dir} is empty; ${EXPECTED}`);
  if (!names.includes('metadata')) {
    throw new Error(`${dir} has no metadata/ (it holds ${list(names)}); ${EXPECTED}`);
  }
}

/** Spark ≤ 3.5 names the file `part-00000`, Spark 4 `part-00000-<uuid>-c000.txt`. */
async function metadataFile(metaDir: string): Promise<string> {
  const isDir = await stat(metaDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new Error(`${metaDir} is not a directory; ${EXPECTED}`);
  const parts = (await sparkDataFiles(metaDir)).filter((f) => /^part-\d+/.test(f));
  if (parts.length === 0) {
    throw new Error(`${metaDir} holds no metadata file; expected part-00000 (Spark ≤ 3.5) or part-00000-<uuid>-c000.txt (Spark 4)`);
  }
  return join(metaDir, parts[0]!);
}

async function subdir(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new Error(`${path} is missing; ${EXPECTED}`);
  return path;
}

function list(names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown}, … (${names.length} entries)` : shown;
}
