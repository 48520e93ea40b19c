import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('../../.ci/run', import.meta.url));

/**
 * .ci/run copied into a fake clone (<tmp>/clone/.ci/run) with nothing else: whatever it needs
 * beside the clone is missing, so it must stop at its first check, before installing anything.
 */
describe('.ci/run in a clone without the shared folder beside it', () => {
  let tmp: string;
  let clone: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'alsrec-ci-'));
    clone = join(tmp, 'clone');
    await mkdir(join(clone, '.ci'), { recursive: true });
    await copyFile(RUN, join(clone, '.ci', 'run'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  function run(): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const t0 = performance.now();
    return new Promise((resolve) => {
      execFile('bash', [join(clone, '.ci', 'run')], { env, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, seconds: (performance.now() - t0) / 1000 }),
      );
    });
  }

  it('stops within 5 s with exit code 2, naming the missing shared folder, having run nothing', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.seconds).toBeLessThan(5);
    expect(r.stderr).toContain(`.ci/run: missing folder ${join(tmp, 'shared')} (the shared data and fixtures beside this clone)`);
    expect(r.stdout).toBe(''); // no "== set-up: npm ci"
  });

  it('names the data folder when shared/ is there but ml-100k is not', async () => {
    await mkdir(join(tmp, 'shared', 'fixtures', 'spark-als'), { recursive: true });
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`missing folder ${join(tmp, 'shared', 'data', 'ml-100k')} (MovieLens 100k: u.data, u.item); put the unzipped ml-100k there, or set ALSREC_ML100K to it.`);
    expect(r.stdout).toBe('');
  });
});
