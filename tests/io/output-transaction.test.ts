import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { OutputTransaction, temporaryName, userPathOf, withOutputs } from '../../src/io/output-transaction.js';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'alsrec-tx-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function folder(): Promise<string> {
  const dir = join(root, `t${++n}`);
  await mkdir(dir);
  return dir;
}

describe('withOutputs', () => {
  it('moves every output into place once all are written, leaving no temporary', async () => {
    const dir = await folder();
    await withOutputs(async (out) => {
      await out.write(join(dir, 'a.csv'), (tmp) => writeFile(tmp, 'a'));
      await out.write(join(dir, 'model'), async (tmp) => {
        await mkdir(tmp);
        await writeFile(join(tmp, 'x'), 'x');
      });
      expect(await readdir(dir)).toHaveLength(2); // only temporaries so far
      expect((await readdir(dir)).every((f) => f.startsWith('.tmp-'))).toBe(true);
    });
    expect((await readdir(dir)).sort()).toEqual(['a.csv', 'model']);
    expect(await readFile(join(dir, 'model', 'x'), 'utf8')).toBe('x');
  });

  it('leaves nothing behind when a later output fails, and an existing file untouched', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'a.csv'), 'old');
    await expect(
      withOutputs(async (out) => {
        await out.write(join(dir, 'a.csv'), (tmp) => writeFile(tmp, 'new'));
        await out.write(join(dir, 'b.csv'), async () => {
          throw new Error('disk full');
        });
      }),
    ).rejects.toThrow('disk full');
    expect(await readdir(dir)).toEqual(['a.csv']);
    expect(await readFile(join(dir, 'a.csv'), 'utf8')).toBe('old');
  });

  it('undoes the moves already made when the commit fails halfway, restoring replaced files', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'a.csv'), 'old');
    const out = new OutputTransaction();
    await out.write(join(dir, 'a.csv'), (tmp) => writeFile(tmp, 'new'));
    let second = '';
    await out.write(join(dir, 'b.csv'), async (tmp) => {
      second = tmp;
      await writeFile(tmp, 'b');
    });
    await rm(second); // the second temporary vanishes: its rename fails during the commit
    await expect(out.commit()).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['a.csv']);
    expect(await readFile(join(dir, 'a.csv'), 'utf8')).toBe('old');
  });
});

describe('temporaryName and userPathOf', () => {
  it('keep the extension and map a temporary back to the path the user gave', () => {
    const tmp = temporaryName(join('out', 'recs.tsv'));
    expect(basename(tmp)).toMatch(/^\.tmp-\d+-[0-9a-f]{8}-recs\.tsv$/);
    expect(userPathOf(tmp)).toBe(join('out', 'recs.tsv'));
    expect(userPathOf('.nope.csv.tmp-2849-e5015feb')).toBe('nope.csv'); // atomic.ts's temporaries
    expect(userPathOf(join('d', '.tmp-1-0123abcd-.r.csv.tmp-2-4567cdef'))).toBe(join('d', 'r.csv'));
    expect(userPathOf('plain.csv')).toBe('plain.csv');
  });
});
