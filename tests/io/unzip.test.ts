import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, crc32Reference, extractEntry, listZip, unzip } from '../../src/io/unzip.js';
import { buildZip } from './zip-writer.js';

const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString('utf-8');

function hasZipTool(): boolean {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('crc32', () => {
  it('gives the standard check value: CRC-32 of "123456789" is 0xCBF43926', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32Reference(check)).toBe(0xcbf43926);
    expect(crc32(check)).toBe(0xcbf43926);
  });

  it('the table reference agrees with the fast path on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(crc32Reference(bytes)).toBe(crc32(bytes));
      }),
    );
  });
});

describe('unzip', () => {
  it('reads stored and deflated entries, skipping directories', () => {
    const zip = buildZip([
      { name: 'ml-x/', data: '', method: 0 },
      { name: 'ml-x/u.data', data: '1\t2\t3\t4\n', method: 8 },
      { name: 'ml-x/README', data: 'plain text', method: 0 },
    ]);
    expect(listZip(zip).map((e) => [e.name, e.method])).toEqual([
      ['ml-x/', 0],
      ['ml-x/u.data', 8],
      ['ml-x/README', 0],
    ]);
    const files = unzip(zip);
    expect([...files.keys()]).toEqual(['ml-x/u.data', 'ml-x/README']);
    expect(text(files.get('ml-x/u.data'))).toBe('1\t2\t3\t4\n');
    expect(text(files.get('ml-x/README'))).toBe('plain text');
  });

  it('unpacks whatever it is given back to the same bytes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z]{1,8}$/), data: fc.uint8Array({ maxLength: 200 }), method: fc.constantFrom(0 as const, 8 as const) }), {
          selector: (e) => e.name,
          maxLength: 5,
        }),
        (entries) => {
          const files = unzip(buildZip(entries));
          expect(files.size).toBe(entries.length);
          for (const e of entries) expect(Array.from(files.get(e.name)!)).toEqual(Array.from(e.data));
        },
      ),
    );
  });

  it('catches a corrupted entry by its CRC-32, naming the archive and entry', () => {
    const zip = buildZip([{ name: 'a.txt', data: 'hello hello hello', method: 0, corrupt: true }]);
    expect(() => unzip(zip, 'ml-test.zip')).toThrow(/^ml-test\.zip: entry a\.txt: CRC-32 [0-9a-f]{8} differs from the recorded [0-9a-f]{8}/);
  });

  it('catches a truncated archive', () => {
    const zip = buildZip([{ name: 'a.txt', data: 'x'.repeat(100) }]);
    expect(() => listZip(zip.subarray(0, zip.length - 30), 'cut.zip')).toThrow('cut.zip: not a zip archive');
  });

  it('rejects compression methods other than stored and deflate', () => {
    const zip = buildZip([{ name: 'a.txt', data: 'abc', method: 0 }]);
    const entry = { ...listZip(zip)[0]!, method: 12 };
    expect(() => extractEntry(zip, entry)).toThrow('compression method 12 is not supported');
  });

  describe.skipIf(!hasZipTool())('with the zip command', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'alsrec-unzip-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads an archive made by Info-ZIP zip', async () => {
      const content = 'line\n'.repeat(1000);
      await writeFile(join(dir, 'big.txt'), content);
      await writeFile(join(dir, 'tiny.txt'), 'x');
      execFileSync('zip', ['-q', 'out.zip', 'big.txt', 'tiny.txt'], { cwd: dir });
      const files = unzip(new Uint8Array(await readFile(join(dir, 'out.zip'))));
      expect(text(files.get('big.txt'))).toBe(content);
      expect(text(files.get('tiny.txt'))).toBe('x');
    });
  });
});
