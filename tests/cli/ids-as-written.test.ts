import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDelimited } from '../../src/io/read-delimited.js';
import { alsrec } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-ids-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A CSV field: quoted (RFC 4180) when it holds a comma, a quote or a line break. */
const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Id texts that numbers would mangle: 007, +7, 7.0, 1e3, ' 7', -0, and plain ones like 7. */
const idText = fc.oneof(
  fc.constantFrom('7', '007', '+7', '7.0', '1e3', ' 7', '7 ', '-0', '0', '42', '0042', '2147483648', 'x,y', 'say "hi"', 'é'),
  fc.string({ unit: fc.constantFrom('0', '1', '7', '+', '-', '.', 'e', ' ', 'a'), minLength: 1, maxLength: 4 }),
);

/** (user, item) text pairs of the records of a CSV written by alsrec, read back as text. */
async function pairsOf(path: string, ratingCol = 'rating'): Promise<string[]> {
  const d = await readDelimited(path, { ids: 'string', ratingCol });
  return Array.from(d.users, (u, r) => JSON.stringify([d.userIds.toExternal(u), d.itemIds.toExternal(d.items[r]!)]));
}

describe('ids are kept exactly as written', () => {
  it('read → split → train → recommend / evaluate writes back exactly the input id texts', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(idText, { minLength: 3, maxLength: 6 }),
        fc.uniqueArray(idText, { minLength: 3, maxLength: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        async (users, items, seed) => {
          const p = (f: string) => join(dir, `${run}-${f}`);
          run++;
          const input: string[] = [];
          const lines = ['user,item,rating'];
          users.forEach((u, a) =>
            items.forEach((i, b) => {
              input.push(JSON.stringify([u, i]));
              lines.push(`${field(u)},${field(i)},${1 + ((a * 7 + b * 3 + seed) % 5)}`);
            }),
          );
          await writeFile(p('data.csv'), lines.join('\n') + '\n');

          const split = await alsrec(['split', p('data.csv'), '--train', p('train.csv'), '--test', p('test.csv'), '--ratio', '0.7', '--seed', String(seed)]);
          expect(split.code, split.stderr).toBe(0);
          const train = await pairsOf(p('train.csv'));
          const test = await pairsOf(p('test.csv'));
          expect([...train, ...test].sort()).toEqual([...input].sort());

          const fit = await alsrec(['train', p('train.csv'), '--out', p('model'), '--rank', '2', '--max-iter', '2', '--json']);
          expect(fit.code, fit.stderr).toBe(0);
          const trainUsers = new Set(train.map((t) => JSON.parse(t)[0] as string));
          const trainItems = new Set(train.map((t) => JSON.parse(t)[1] as string));

          const recs = await alsrec(['recommend', p('model'), '--k', '2', '--out', p('recs.csv')]);
          expect(recs.code, recs.stderr).toBe(0);
          const recPairs = (await pairsOf(p('recs.csv'), 'score')).map((t) => JSON.parse(t) as [string, string]);
          expect(new Set(recPairs.map(([u]) => u))).toEqual(trainUsers);
          for (const [, i] of recPairs) expect(trainItems.has(i), i).toBe(true);

          // One user asked for by its text (a list flag cannot carry commas or edge spaces).
          const plain = [...trainUsers].find((u) => !u.includes(',') && u.trim() === u && !u.includes('"'));
          if (plain !== undefined) {
            const one = await alsrec(['recommend', p('model'), '--users', plain, '--k', '1', '--out', p('one.csv')]);
            expect(one.code, one.stderr).toBe(0);
            expect((await pairsOf(p('one.csv'), 'score')).map((t) => JSON.parse(t)[0])).toEqual([plain]);
          }

          const known = test.filter((t) => trainUsers.has(JSON.parse(t)[0]) && trainItems.has(JSON.parse(t)[1])).length;
          const evaluation = await alsrec(['evaluate', p('model'), '--test', p('test.csv'), '--json']);
          if (known > 0) {
            expect(evaluation.code, evaluation.stderr).toBe(0);
            expect(JSON.parse(evaluation.stdout).ratedPairs).toBe(known);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('split keeps 007 and 7 as two users, and 9.538492376981678 and 123456789 with all their digits', async () => {
    const text = 'user,item,rating,timestamp,note\n007,1,123456789,881250949,first\n7,1,9.538492376981678,,"a, b"\n';
    await writeFile(join(dir, 'exact.csv'), text);
    const r = await alsrec(['split', join(dir, 'exact.csv'), '--train', join(dir, 'a.csv'), '--test', join(dir, 'b.csv'), '--ratio', '0.5']);
    expect(r.code, r.stderr).toBe(0);
    const out = (await readFile(join(dir, 'a.csv'), 'utf8')) + (await readFile(join(dir, 'b.csv'), 'utf8'));
    expect(out.split('\n').filter((l) => l !== '').sort()).toEqual(
      [...text.split('\n').filter((l) => l !== ''), 'user,item,rating,timestamp,note'].sort(),
    );
  });
});
