import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readRangeBytes } from '../../src/io/read-range-bytes.js';
import { readRangeText, type RangeTask } from '../../src/io/read-range.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-range-bytes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function file(bytes: string | Buffer): Promise<string> {
  const path = join(dir, `f${counter++}.csv`);
  await writeFile(path, bytes);
  return path;
}

function task(path: string, size: number, over: Partial<RangeTask> = {}): RangeTask {
  return { path, start: 0, end: size, delimiter: ',', fieldCount: 3, user: 0, item: 1, rating: 2, timestamp: -1, ...over };
}

/** Typed arrays as plain arrays (NaN and −0 kept apart by Object.is in toEqual). */
function plain(r: object): unknown {
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => (Object.is(x, -0) ? '-0' : x)) : v)));
}

// Mostly plain lines, with now and then something only the text path reads: a quote, spaces, an
// exponent, a leading zero, an empty cell, a '+', a BOM; CRLF or LF, blank lines, a final newline or not.
const numArb = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: -3, max: 5 }).map(String) },
  { weight: 10, arbitrary: fc.constantFrom('2.5', '0.125', '.5', '5.', '-0', '-1.75', '123456789012345', '0.1') },
  { weight: 1, arbitrary: fc.constantFrom(' 4', '1e3', '', '+2', '1234567890123456', '"3"') },
);
const idArb = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: -5, max: 3000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('007', '+3', '', '2147483648', '-0', 'a') },
);
const fileArb = fc.record({
  delimiter: fc.constantFrom(',', '\t', ';', '|'),
  crlf: fc.boolean(),
  bom: fc.boolean().map((b) => b && Math.random() < 0.1),
  finalNewline: fc.boolean(),
  timestamps: fc.boolean(),
  rows: fc.array(fc.record({ user: idArb, item: idArb, rating: numArb, ts: numArb, blank: fc.boolean().map((b) => b && Math.random() < 0.1) }), {
    minLength: 1,
    maxLength: 80,
  }),
});

describe('readRangeBytes', () => {
  it('reads exactly what the text path reads whenever it takes a range, and takes plain ranges', async () => {
    let taken = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (f) => {
        const nl = f.crlf ? '\r\n' : '\n';
        const lines = f.rows.flatMap((r) => [...(r.blank ? [''] : []), [r.user, r.item, r.rating, ...(f.timestamps ? [r.ts] : [])].join(f.delimiter)]);
        const text = (f.bom ? '\ufeff' : '') + lines.join(nl) + (f.finalNewline ? nl : '');
        const path = await file(text);
        const size = Buffer.byteLength(text);
        const t = task(path, size, { delimiter: f.delimiter, fieldCount: f.timestamps ? 4 : 3, timestamp: f.timestamps ? 3 : -1 });
        const fast = await readRangeBytes(t, lines.length + 2);
        const slow = await readRangeText(t, lines.length + 2);
        runs++;
        if (fast === null) return;
        taken++;
        expect('fallback' in slow).toBe(false);
        expect(plain(fast)).toEqual(plain(slow));
      }),
      { numRuns: 300 },
    );
    // about half the files are all plain lines: the fast path must take those, not decline everything
    expect(taken).toBeGreaterThan(runs / 5);
  });

  it('reads a plain CRLF file with a blank line into rows, local ids in first-seen order and line offsets', async () => {
    // lines: 1 "7,3,4", 2 "", 3 "-2,3,2.5", 4 "7,9,.5" → rows from lines 1, 3, 4: offsets (line − row) 1, 2, 2
    const text = '7,3,4\r\n\r\n-2,3,2.5\r\n7,9,.5';
    const path = await file(text);
    const r = (await readRangeBytes(task(path, text.length), 5))!;
    expect(r.rows).toBe(3);
    expect(r.lines).toBe(4);
    expect(Array.from(r.userKeys)).toEqual([7, -2]);
    expect(Array.from(r.itemKeys)).toEqual([3, 9]);
    expect(Array.from(r.users.subarray(0, 3))).toEqual([0, 1, 0]);
    expect(Array.from(r.items.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(Array.from(r.ratings.subarray(0, 3))).toEqual([4, 2.5, 0.5]);
    expect(r.lineRows).toEqual([0, 1]);
    expect(r.lineOffsets).toEqual([1, 2]);
  });

  it('declines a quote, a leading zero, spaces, an exponent and a byte-order mark, leaving them to the text path', async () => {
    for (const text of ['1,2,"3"\n', '1,02,3\n', '1,2, 3\n', '1,2,1e3\n', '\ufeff1,2,3\n', '1,2\n']) {
      const path = await file(text);
      expect(await readRangeBytes(task(path, Buffer.byteLength(text)), 3), JSON.stringify(text)).toBeNull();
    }
  });

  it('reads only its byte range of the file', async () => {
    const text = '1,1,1\n2,2,2\n3,3,3\n4,4,4\n';
    const path = await file(text);
    // bytes [6, 18): lines "2,2,2" and "3,3,3"
    const r = (await readRangeBytes(task(path, 18, { start: 6 }), 3))!;
    expect(r.rows).toBe(2);
    expect(Array.from(r.userKeys)).toEqual([2, 3]);
  });
});
