import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../src/data/interactions.js';
import { readInteractions } from '../../src/io/read-interactions.js';
import { SourceTrace } from '../../src/io/source-trace.js';
import { writeRowsAsRead } from '../../src/io/write-rows-as-read.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-rows-as-read-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const p = (f: string) => join(dir, f);

/** Reads `path` with a trace and writes the rows at `picks[o]` to `outs[o]`; returns the texts. */
async function roundTrip(path: string, picks: number[][], outs: string[], opts = {}): Promise<string[]> {
  const trace = new SourceTrace();
  const data = await readInteractions(path, { ...opts, trace });
  await writeRowsAsRead(trace, picks.map((rows, o) => ({ path: outs[o]!, data: selectRows(data, rows) })));
  return Promise.all(outs.map((o) => readFile(o, 'utf8')));
}

describe('writeRowsAsRead', () => {
  it('copies the picked records with every field as read: ids, ratings, empty cells, quotes, other columns', async () => {
    await writeFile(p('in.csv'), 'user,item,rating,when,note\n007,a,9.538492376981678,,"x, y"\n7,a,123456789,5,\n\n7,b,1e-3,6,"say ""hi"""\n');
    const [a, b] = await roundTrip(p('in.csv'), [[2, 0], [1]], [p('a.csv'), p('b.tsv')]);
    // rows keep file order whatever the order picked; the TSV output needs no quotes for "x, y"
    expect(a).toBe('user,item,rating,when,note\n007,a,9.538492376981678,,"x, y"\n7,b,1e-3,6,"say ""hi"""\n');
    expect(b).toBe('user\titem\trating\twhen\tnote\n7\ta\t123456789\t5\t\n');
  });

  it('writes MovieLens files with the header user,item,rating,timestamp and fields as read', async () => {
    await writeFile(p('u.data'), '196\t242\t3\t881250949\n186\t302\t3.50\t891717742\n');
    const [a] = await roundTrip(p('u.data'), [[0, 1]], [p('ml.csv')]);
    expect(a).toBe('user,item,rating,timestamp\n196,242,3,881250949\n186,302,3.50,891717742\n');
  });

  it('keeps the first line of a file without a header, and names the columns in the output header', async () => {
    await writeFile(p('ratings.txt'), '1  10   4.0  5\n2  10  3  6\n');
    const [a] = await roundTrip(p('ratings.txt'), [[0, 1]], [p('txt-out.csv')]);
    expect(a).toBe('user,item,rating,timestamp\n1,10,4.0,5\n2,10,3,6\n');
  });

  it('writes the computed value only for ratings merged from repeated pairs', async () => {
    await writeFile(p('dup.csv'), 'user,item,rating\n1,2,0.1\n1,3,5.000\n1,2,0.2\n');
    const [a] = await roundTrip(p('dup.csv'), [[0, 1]], [p('dup-out.csv')], { duplicates: 'sum' });
    // 0.1 + 0.2 in float32, written with the fewest digits that read back to it
    expect(a).toBe('user,item,rating\n1,2,0.3\n1,3,5.000\n');
  });

  it('refuses merged rows when the file has no rating column to hold the merged value', async () => {
    await writeFile(p('events.csv'), 'user,item\n1,2\n1,2\n');
    await expect(roundTrip(p('events.csv'), [[0]], [p('ev-out.csv')], { ratingCol: null, duplicates: 'sum' })).rejects.toThrow(
      'rows merge repeated (user, item) pairs, but the file has no rating column',
    );
  });

  it('partitions the records: every input line lands in exactly one output, unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 3 }), fc.string({ minLength: 1, maxLength: 3 })), {
          minLength: 1,
          maxLength: 30,
          selector: ([u, i]) => `${u}\u0000${i}`,
        }),
        fc.integer(),
        async (pairs, seed) => {
          const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
          const lines = pairs.map(([u, i], r) => `${quote(u)},${quote(i)},${r % 5}.25,t${r}`);
          await writeFile(p('prop.csv'), `user,item,rating,extra\n${lines.join('\n')}\n`);
          const part = pairs.map((_, r) => Math.abs(seed ^ (r * 2654435761)) % 2);
          const picks = [0, 1].map((o) => part.flatMap((q, r) => (q === o ? [r] : [])));
          const [a, b] = await roundTrip(p('prop.csv'), picks, [p('pa.csv'), p('pb.csv')]);
          const back = [a!, b!].flatMap((t) => t.split('\n').slice(1, -1));
          const expected = pairs.map(([u, i], r) => {
            const f = (s: string) => (/[",\n\r]/.test(s) ? quote(s) : s);
            return `${f(u)},${f(i)},${r % 5}.25,t${r}`;
          });
          expect(back.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 40 },
    );
  });
});
