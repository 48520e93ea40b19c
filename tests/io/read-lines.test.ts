import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachByteLine, forEachLine, forEachLineOfText, readFirstLine, RowLines } from '../../src/io/read-lines.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The obvious reference: split at '\n', drop one '\r' before it, no line after a final '\n'. */
function referenceLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
}

function collectText(text: string): [number, string][] {
  const out: [number, string][] = [];
  forEachLineOfText(text, (t, s, e, line) => {
    out.push([line, t.slice(s, e)]);
  });
  return out;
}

describe('forEachLineOfText', () => {
  it('numbers lines from 1 and strips the \\r of CRLF endings', () => {
    expect(collectText('a\r\nb\n\nc')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, ''],
      [4, 'c'],
    ]);
  });

  it('gives no extra line after a final newline, and a lone \\r mid-line stays', () => {
    expect(collectText('x\ry\n')).toEqual([[1, 'x\ry']]);
  });

  it('stops when the sink returns false', () => {
    const seen: string[] = [];
    forEachLineOfText('a\nb\nc\n', (t, s, e) => {
      seen.push(t.slice(s, e));
      return seen.length < 2 ? undefined : false;
    });
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('forEachLine', () => {
  it('reads the same lines whatever the chunk size, including UTF-8 characters cut by a chunk border', async () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\n') && !s.includes('\r'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        async (rows, finalNewline, chunkBytes) => {
          let text = rows.map(([l, nl]) => l + nl).join('');
          if (!finalNewline && rows.length > 0) text += 'tail';
          const path = join(dir, 'prop.txt');
          await writeFile(path, text, 'utf-8');
          const got: string[] = [];
          const count = await forEachLine(path, (t, s, e) => {
            got.push(t.slice(s, e));
          }, { chunkBytes });
          expect(got).toEqual(referenceLines(text));
          expect(count).toBe(got.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('decodes latin1 files byte for byte (0xE9 is é)', async () => {
    const path = join(dir, 'latin1.txt');
    await writeFile(path, Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const got: string[] = [];
    await forEachLine(path, (t, s, e) => void got.push(t.slice(s, e)), { encoding: 'latin1' });
    expect(got).toEqual(['café']);
  });

  it('drops a UTF-8 byte-order mark at the start', async () => {
    const path = join(dir, 'bom.txt');
    await writeFile(path, '\uFEFFuser,item\n', 'utf-8');
    expect(await readFirstLine(path)).toBe('user,item');
  });

  it('readFirstLine gives null for an empty file', async () => {
    const path = join(dir, 'empty.txt');
    await writeFile(path, '');
    expect(await readFirstLine(path)).toBeNull();
  });
});

describe('forEachByteLine', () => {
  it('reads the same ASCII lines as the text reader, across chunk borders and a growing buffer', async () => {
    const line = fc.string({ maxLength: 20 }).filter((s) => !s.includes('\n') && !s.includes('\r'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        async (rows, chunkBytes) => {
          const text = rows.map(([l, nl]) => l + nl).join('');
          const path = join(dir, 'bytes.txt');
          await writeFile(path, text, 'latin1');
          const got: string[] = [];
          await forEachByteLine(path, (b, s, e) => void got.push(Buffer.from(b.subarray(s, e)).toString('latin1')), chunkBytes);
          expect(got).toEqual(referenceLines(text));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('RowLines', () => {
  it('maps rows to lines around a header, blank lines and a two-line record', () => {
    // line 1 header; rows 0,1 on lines 2,3; line 4 blank; row 2 on line 5; row 3 spans 6–7; row 4 on line 8
    const lines = new RowLines();
    const at = [2, 3, 5, 6, 8];
    at.forEach((line, row) => lines.note(row, line));
    expect([0, 1, 2, 3, 4].map((r) => lines.lineOf(r))).toEqual(at);
  });
});
