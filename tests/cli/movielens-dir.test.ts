import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentServer } from '../silent-server.js';
import { alsrec } from './run-cli.js';

let cache: string;
beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'alsrec-offline-'));
});
afterAll(() => rm(cache, { recursive: true, force: true }));

describe('alsrec quickstart offline', () => {
  it('gives up on a download nobody answers within about 3 s, naming ALSREC_ML100K first', async () => {
    const server = await silentServer();
    try {
      const t0 = performance.now();
      const r = await alsrec(['quickstart'], { ALSREC_CACHE: cache, ALSREC_MOVIELENS_URL: server.url });
      const seconds = (performance.now() - t0) / 1000;
      expect(r.code).toBe(1);
      expect(seconds).toBeGreaterThan(2.9);
      expect(seconds).toBeLessThan(5);
      expect(r.stderr).toMatch(
        /^alsrec quickstart: MovieLens 100k is needed and the download failed \(no answer within 3 s\)\. Set ALSREC_ML100K to the unzipped ml-100k directory \(the folder holding u\.data\), or pass --data DIR\./,
      );
      expect(r.stderr).toContain(`put the zip at ${join(cache, 'ml-100k.zip')}`);
    } finally {
      await server.close();
    }
  });
});
