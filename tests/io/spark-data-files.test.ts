import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparkDataFiles } from '../../src/io/spark-data-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-data-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('sparkDataFiles', () => {
  it('lists files by name, without _ markers, . checksums or subdirectories', async () => {
    for (const f of ['part-00001.parquet', 'part-00000.parquet', '_SUCCESS', '.part-00000.parquet.crc', '._SUCCESS.crc']) {
      await writeFile(join(dir, f), '');
    }
    await mkdir(join(dir, 'part-sub'));
    expect(await sparkDataFiles(dir)).toEqual(['part-00000.parquet', 'part-00001.parquet']);
  });
});
