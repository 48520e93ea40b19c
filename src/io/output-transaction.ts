import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Several outputs written all or none. Each output is first written under a hidden temporary name
 * beside its final path (same folder, same extension, so writers that pick a format from the
 * extension still do); `commit` then moves every one into place, moving any file it replaces aside
 * until all are in. If anything fails before or during the commit, the temporaries are removed and
 * replaced files restored: a failing command leaves nothing behind.
 *
 *     const out = new OutputTransaction();
 *     await out.write('train.csv', (tmp) => writeInteractions(tmp, train));
 *     await out.write('test.csv', (tmp) => writeInteractions(tmp, test));
 *     await out.commit();          // or out.abort() on error — see `withOutputs`
 */
export class OutputTransaction {
  private staged: { path: string; tmp: string }[] = [];
  private done = false;

  /**
   * Writes one output: `fill` receives a path that does not exist yet (in the final path's folder)
   * and must create the file or directory there.
   */
  async write(path: string, fill: (tmpPath: string) => Promise<void>): Promise<void> {
    if (this.done) throw new Error('OutputTransaction: already committed or aborted');
    await mkdir(dirname(path), { recursive: true });
    const tmp = temporaryName(path);
    this.staged.push({ path, tmp });
    await fill(tmp);
  }

  /** Moves every output into place; on a failure undoes the moves already made, then rethrows. */
  async commit(): Promise<void> {
    this.done = true;
    const moved: { path: string; aside: string | null }[] = [];
    try {
      for (const { path, tmp } of this.staged) {
        const exists = await stat(path).then(() => true, () => false);
        const aside = exists ? temporaryName(path) : null;
        if (aside) await rename(path, aside);
        moved.push({ path, aside });
        await rename(tmp, path);
      }
    } catch (e) {
      for (const { path, aside } of moved.reverse()) {
        await rm(path, { recursive: true, force: true }).catch(() => {});
        if (aside) await rename(aside, path).catch(() => {});
      }
      await this.removeTemporaries();
      throw e;
    }
    for (const { aside } of moved) if (aside) await rm(aside, { recursive: true, force: true });
  }

  /** Removes every temporary; nothing of this transaction remains. */
  async abort(): Promise<void> {
    this.done = true;
    await this.removeTemporaries();
  }

  private async removeTemporaries(): Promise<void> {
    for (const { tmp } of this.staged) await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}

/** Runs `work` with a transaction: commits when it succeeds, aborts (leaving nothing) when it throws. */
export async function withOutputs<T>(work: (out: OutputTransaction) => Promise<T>): Promise<T> {
  const out = new OutputTransaction();
  let result: T;
  try {
    result = await work(out);
  } catch (e) {
    await out.abort();
    throw e;
  }
  await out.commit();
  return result;
}

/** `.tmp-<pid>-<hex>-NAME` beside `path`: hidden, and NAME keeps its extension. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.tmp-${process.pid}-${randomBytes(4).toString('hex')}-${basename(path)}`);
}

/** The path a temporary name stands for (`.tmp-1-ab12cd34-r.csv` → `r.csv`, also atomic.ts's `.r.csv.tmp-1-ab12cd34`). */
export function userPathOf(path: string): string {
  const name = basename(path);
  const ours = /^\.tmp-\d+-[0-9a-f]{8}-(.+)$/.exec(name);
  const atomic = /^\.(.+)\.tmp-\d+-[0-9a-f]{8}$/.exec(name);
  const real = ours?.[1] ?? atomic?.[1];
  return real === undefined ? path : join(dirname(path), userPathOf(real));
}
