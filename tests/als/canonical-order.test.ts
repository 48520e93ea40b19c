import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALS } from '../../src/als/als.js';
import { canonicalTraining } from '../../src/als/canonical-order.js';
import { IdMap, type ExternalId } from '../../src/data/id-map.js';
import { InteractionsBuilder, type Interactions } from '../../src/data/interactions.js';

/** Interactions holding `rows` in the given order, with id maps that first list `extraIds` (unused). */
function build(rows: readonly [ExternalId, ExternalId, number][], order: readonly number[], extraIds: readonly ExternalId[]): Interactions {
  const b = new InteractionsBuilder({ userIds: IdMap.from(extraIds), itemIds: IdMap.from(extraIds) });
  for (const j of order) b.add(rows[j]![0], rows[j]![1], rows[j]![2]);
  return b.build();
}

const id = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constantFrom('a', 'b', 'B', '007', '7.0', 'é', ' 7'));
const rowsArb = fc
  .uniqueArray(fc.tuple(id, id, fc.integer({ min: 1, max: 5 })), { minLength: 4, maxLength: 60, selector: ([u, i]) => `${typeof u}:${u}|${typeof i}:${i}` })
  .map((rows) => rows.map(([u, i, r]) => [u, i, r] as [ExternalId, ExternalId, number]));

describe('canonicalTraining', () => {
  it('numbers ids in canonical order (ints ascending, then strings by code units) and sorts rows by (user, item)', () => {
    // users read in the order 'b', 10, 'A', -3; canonical: -3, 10, 'A', 'b'
    const data = build([['b', 2, 1], [10, 1, 2], ['A', 2, 3], [-3, 1, 4], [10, 2, 5]], [0, 1, 2, 3, 4], []);
    const t = canonicalTraining(data.users, data.items, data.ratings, data.userIds, data.itemIds);
    expect(t.userIds.ids()).toEqual([-3, 10, 'A', 'b']);
    expect(t.itemIds.ids()).toEqual([1, 2]);
    expect(Array.from(t.users)).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(t.items)).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(t.ratings)).toEqual([4, 2, 5, 3, 1]);
  });
});

describe('ALS fit is independent of row order', () => {
  for (const [kernels, numThreads] of [['ts', 1], ['wasm', 1], ['wasm', 2]] as const) {
    it(`same rows shuffled, ids numbered differently → bit-identical factors (${kernels}, ${numThreads} thread${numThreads > 1 ? 's' : ''})`, async () => {
      await fc.assert(
        fc.asyncProperty(rowsArb, fc.integer(), fc.array(id, { maxLength: 5 }), async (rows, seed, extra) => {
          const identity = rows.map((_, j) => j);
          const shuffled = fc.sample(fc.shuffledSubarray(identity, { minLength: rows.length, maxLength: rows.length }), { seed, numRuns: 1 })[0]!;
          const opts = { rank: 3, maxIter: 3, regParam: 0.1, seed: 5, kernels, numThreads } as const;
          const a = await new ALS(opts).fit(build(rows, identity, []));
          const b = await new ALS(opts).fit(build(rows, shuffled, [...new Set(extra)]));
          expect(b.userIds.ids()).toEqual(a.userIds.ids());
          expect(b.itemIds.ids()).toEqual(a.itemIds.ids());
          expect(Buffer.from(b.userFactors.buffer, b.userFactors.byteOffset, b.userFactors.byteLength)).toEqual(Buffer.from(a.userFactors.buffer, a.userFactors.byteOffset, a.userFactors.byteLength));
          expect(Buffer.from(b.itemFactors.buffer, b.itemFactors.byteOffset, b.itemFactors.byteLength)).toEqual(Buffer.from(a.itemFactors.buffer, a.itemFactors.byteOffset, a.itemFactors.byteLength));
        }),
        { numRuns: kernels === 'wasm' && numThreads > 1 ? 8 : 40 },
      );
    });
  }
});
