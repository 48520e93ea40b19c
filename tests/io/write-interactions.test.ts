import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRows, type InteractionRow } from '../../src/data/interactions.js';
import { readDelimited } from '../../src/io/read-delimited.js';
import { formatFloat32, writeInteractions } from '../../src/io/write-interactions.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-write-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('formatFloat32', () => {
  it('writes the fewest digits that read back to the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(3.5)).toBe('3.5');
    expect(formatFloat32(4)).toBe('4');
    expect(formatFloat32(-0)).toBe('-0');
  });

  it('round-trips every finite float32', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(Object.is(Math.fround(Number(formatFloat32(v))), v)).toBe(true);
      }),
    );
  });
});

describe('writeInteractions', () => {
  it('writes the header and external ids, quoting text ids that need it', async () => {
    const data = fromRows([
      { user: 'a,b', item: 7, rating: 4.5, timestamp: 100 },
      { user: 'say "x"', item: 8, rating: 1, timestamp: 200 },
    ]);
    const path = join(dir, 'known.csv');
    await writeInteractions(path, data);
    expect(await readFile(path, 'utf-8')).toBe('user,item,rating,timestamp\n"a,b",7,4.5,100\n"say ""x""",8,1,200\n');
  });

  it('writes tabs for a .tsv path and leaves no temporary file behind', async () => {
    const sub = await mkdtemp(join(dir, 'tsv-'));
    await writeInteractions(join(sub, 'out.tsv'), fromRows([{ user: 1, item: 2, rating: 3 }]));
    expect(await readFile(join(sub, 'out.tsv'), 'utf-8')).toBe('user\titem\trating\n1\t2\t3\n');
    expect(await readdir(sub)).toEqual(['out.tsv']);
  });

  it('refuses timestamps the data does not have', async () => {
    await expect(writeInteractions(join(dir, 'x.csv'), fromRows([{ user: 1, item: 2, rating: 3 }]), { timestamps: true })).rejects.toThrow(
      'the data has none',
    );
  });

  it('round-trips through readDelimited: same rows, same external ids, same ratings and timestamps', async () => {
    // Text ids get a letter prefix: a text column whose every value looks like an integer reads back
    // as numbers, the documented exception.
    const text = fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => 'u' + s);
    const int = fc.integer({ min: -2147483648, max: 2147483647 });
    // Each id column is all numbers or all text: a column mixing both reads back as all text.
    const rowsArb = fc.tuple(fc.boolean(), fc.boolean()).chain(([userText, itemText]) =>
      fc.uniqueArray(
        fc.record({
          user: userText ? text : int,
          item: itemText ? text : int,
          rating: fc.float({ noNaN: true, noDefaultInfinity: true }),
          timestamp: fc.oneof(fc.integer({ min: 0, max: 2e9 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
        }),
        { minLength: 1, maxLength: 20, selector: (r) => JSON.stringify([r.user, r.item]) },
      ),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.constantFrom('csv', 'tsv'), async (rows: InteractionRow[], ext) => {
        const data = fromRows(rows);
        const path = join(dir, `rt${run++}.${ext}`);
        await writeInteractions(path, data);
        const back = await readDelimited(path);
        expect(back.users.length).toBe(rows.length);
        for (let r = 0; r < rows.length; r++) {
          expect(back.userIds.toExternal(back.users[r]!)).toEqual(data.userIds.toExternal(data.users[r]!));
          expect(back.itemIds.toExternal(back.items[r]!)).toEqual(data.itemIds.toExternal(data.items[r]!));
          expect(Object.is(back.ratings[r], data.ratings[r])).toBe(true);
          expect(Object.is(back.timestamps![r], data.timestamps![r])).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });
});
