import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '../../src/cli/fs-errors.js';

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => null, (e: unknown) => e);
}

describe('describeError', () => {
  it("names the user's path, never alsrec's temporary name, with the fix", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alsrec-fserr-'));
    try {
      const tmp = join(dir, '.nope.csv.tmp-2849-e5015feb');
      const message = describeError(await errorOf(rename(tmp, join(dir, 'nope.csv'))));
      expect(message).toBe(`${join(dir, 'nope.csv')} does not exist; check the path (ENOENT)`);
      await writeFile(join(dir, 'test.csv'), 'x');
      expect(describeError(await errorOf(mkdir(join(dir, 'test.csv'))))).toBe(`${join(dir, 'test.csv')} already exists; choose another path, or remove it first (EEXIST)`);
      await mkdir(join(dir, 'd'));
      await writeFile(join(dir, '.tmp-1-0123abcd-d'), 'x');
      expect(describeError(await errorOf(rename(join(dir, '.tmp-1-0123abcd-d'), join(dir, 'd'))))).toBe(`${join(dir, 'd')} is a directory; give a file name (EISDIR)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the message of other errors', () => {
    expect(describeError(new Error('als: regParam must be >= 0, got -1'))).toBe('als: regParam must be >= 0, got -1');
    expect(describeError('plain')).toBe('plain');
  });
});
