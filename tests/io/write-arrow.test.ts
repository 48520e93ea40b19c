import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import type { Interactions } from '../../src/data/interactions.js';
import { readArrowInteractions } from '../../src/io/read-arrow-interactions.js';
import { writeInteractionsArrow, writeRecommendationsArrow } from '../../src/io/write-arrow.js';
import { twoUserRecommendations } from './two-user-recommendations.js';

// Read back with apache-arrow's IPC reader (schema, and rows as JSON) and with alsrec's reader.
// pyarrow 26 reading these files (ipc.open_file) was checked by hand when this writer was made.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alsrec-arrow-out-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readBack(path: string): Promise<{ schema: string[]; rows: unknown[] }> {
  const t = tableFromIPC(await readFile(path));
  return { schema: t.schema.fields.map((f) => `${f.name} ${String(f.type)}`), rows: JSON.parse(JSON.stringify(t.toArray())) };
}

describe('writeRecommendationsArrow', () => {
  it("writes Spark's recommendForAllUsers schema with Int32 ids: user, recommendations: List<Struct<item, rating Float32>>", async () => {
    const path = join(dir, 'nested.arrow');
    await writeRecommendationsArrow(path, twoUserRecommendations(IdMap.from([3, 7]), IdMap.from([10, 20, 30])));
    const back = await readBack(path);
    expect(back.schema).toEqual(['user Int32', 'recommendations List<Struct<{item:Int32, rating:Float32}>>']);
    expect(back.rows).toEqual([
      { user: 3, recommendations: [{ item: 20, rating: 4.5 }, { item: 10, rating: 0.25 }] },
      { user: 7, recommendations: [{ item: 30, rating: -1 }] },
    ]);
  });

  it('writes text ids as Utf8, as read (007 stays 007), appends fallback lists, and --flat rows with rank', async () => {
    const path = join(dir, 'flat.arrow');
    const extra = [{ query: 'new', targets: ['b'], scores: [0.5] }];
    await writeRecommendationsArrow(path, twoUserRecommendations(IdMap.from(['007', 'x']), IdMap.from(['a', 'b', '9'])), { flat: true, extra });
    const back = await readBack(path);
    expect(back.schema).toEqual(['user Utf8', 'item Utf8', 'rank Int32', 'score Float32']);
    expect(back.rows).toEqual([
      { user: '007', item: 'b', rank: 1, score: 4.5 },
      { user: '007', item: 'a', rank: 2, score: 0.25 },
      { user: 'x', item: '9', rank: 1, score: -1 },
      { user: 'new', item: 'b', rank: 1, score: 0.5 },
    ]);
  });
});

describe('writeInteractionsArrow', () => {
  it('writes user, item Int32, rating Float32, timestamp Float64', async () => {
    const path = join(dir, 'ints.arrow');
    const data: Interactions = {
      users: Int32Array.from([0, 1]),
      items: Int32Array.from([1, 0]),
      ratings: Float32Array.from([2.5, 4]),
      timestamps: Float64Array.from([100, 200.5]),
      userIds: IdMap.from([196, 186]),
      itemIds: IdMap.from([242, 302]),
    };
    await writeInteractionsArrow(path, data);
    expect(await readBack(path)).toEqual({
      schema: ['user Int32', 'item Int32', 'rating Float32', 'timestamp Float64'],
      rows: [
        { user: 196, item: 302, rating: 2.5, timestamp: 100 },
        { user: 186, item: 242, rating: 4, timestamp: 200.5 },
      ],
    });
  });

  it('round-trips through readArrowInteractions: the same rows, ids (int or text) and ratings', async () => {
    const row = fc.record({ u: fc.integer({ min: 0, max: 9 }), i: fc.integer({ min: 0, max: 9 }), r: fc.float({ min: -5, max: 5, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(row, { minLength: 1, maxLength: 30, selector: (x) => `${x.u},${x.i}` }), fc.boolean(), async (rows, text) => {
        const userIds = new IdMap();
        const itemIds = new IdMap();
        const users = Int32Array.from(rows, (x) => userIds.add(text ? `0${x.u}` : x.u));
        const items = Int32Array.from(rows, (x) => itemIds.add(x.i));
        const data: Interactions = { users, items, ratings: Float32Array.from(rows, (x) => x.r), userIds, itemIds };
        const path = join(dir, `rt${text}.arrow`);
        await writeInteractionsArrow(path, data);
        const back = await readArrowInteractions(path);
        const ext = (d: Interactions) => Array.from(d.users, (u, k) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[k]!), d.ratings[k]]);
        expect(ext(back)).toEqual(ext(data));
      }),
      { numRuns: 30 },
    );
  });
});
