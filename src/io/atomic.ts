import { mkdir, rename, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Atomic writes: the content goes to a temporary sibling first and is renamed into place only when
 * complete, so a failed or interrupted command never leaves a half-written file or directory.
 */

function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to `path` atomically (temporary file, then rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempSibling(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Fills a directory through `fill(tmpDir)` and moves it to `dir` only when `fill` succeeds. An
 * existing `dir` is replaced only when `overwrite` is true (it is moved aside, then removed).
 */
export async function writeDirAtomic(
  dir: string,
  fill: (tmpDir: string) => Promise<void>,
  { overwrite = false }: { overwrite?: boolean } = {},
): Promise<void> {
  const exists = await stat(dir).then(() => true, () => false);
  if (exists && !overwrite) {
    throw new Error(`${dir} already exists; choose another path or pass overwrite (CLI: --overwrite)`);
  }
  await mkdir(dirname(dir), { recursive: true });
  const tmp = tempSibling(dir);
  await mkdir(tmp);
  try {
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (exists) {
    const old = tempSibling(dir);
    await rename(dir, old);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } else {
    await rename(tmp, dir);
  }
}
