import { afterAll, describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import type { ALSOptions } from '../../src/als/options.js';
import { forgetTrainingSetUp, shareTrainingSetUp, sharedTrainingSetUp } from '../../src/als/shared-set-up.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { selectRows, type Interactions } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';
import { closeSharedPool } from '../../src/kernels/pool/shared-pool.js';
import { useNodeThreads } from '../../src/node-threads/kernel-thread-host.js';

useNodeThreads();
afterAll(closeSharedPool);

/** Rows in shuffled order (the CSRs must not depend on it), and a fresh copy of the same rows. */
function rows(): Interactions {
  const { data } = plantedLowRank({ numUsers: 120, numItems: 70, rank: 3, density: 0.3, noise: 0.1, seed: 5 });
  return selectRows(data, new Random(2).shuffle(Int32Array.from({ length: data.users.length }, (_, i) => i)));
}

// A grid in the order a search runs it: the ranks vary slowest, so consecutive fits share their
// initial factors; explicit, implicit CG and NNLS on the WASM kernels (1 and 2 threads) and the
// TypeScript kernels, interleaved so that a TypeScript fit (which updates its factors in place)
// runs between two WASM fits of the same rank.
const grid: ALSOptions[] = [
  { rank: 4, regParam: 0.1 },
  { rank: 4, regParam: 0.1, kernels: 'ts' },
  { rank: 4, regParam: 1, numThreads: 2 },
  { rank: 4, regParam: 0.05, implicitPrefs: true, alpha: 2, solver: 'cg' },
  { rank: 6, regParam: 0.1, nonnegative: true },
  { rank: 6, regParam: 0.1, kernels: 'ts', implicitPrefs: true },
  { rank: 6, regParam: 0.1, seed: 9 },
];

describe('a shared training set-up (numbering, CSRs, initial factors built once for a search split)', () => {
  it('gives every fit of the grid the same model, bit for bit, as a fit that builds its own', async () => {
    const own = rows();
    const shared = rows();
    shareTrainingSetUp(shared);
    expect(sharedTrainingSetUp(own)).toBeUndefined();
    for (const options of grid) {
      const o = { maxIter: 4, ...options };
      const a = await new ALS(o).fit(own);
      const b = await new ALS(o).fit(shared);
      expect(b.userFactors, JSON.stringify(o)).toEqual(a.userFactors);
      expect(b.itemFactors, JSON.stringify(o)).toEqual(a.itemFactors);
      expect([...b.userIds.ids()]).toEqual([...a.userIds.ids()]);
      expect(b.itemCounts).toEqual(a.itemCounts);
    }
  });

  it('holds both CSRs in canonical order: each row lists its entries by ascending index, with its ratings', () => {
    const data = rows();
    const s = shareTrainingSetUp(data);
    expect(shareTrainingSetUp(data)).toBe(s); // built once
    const { userPtr, userIndices, userValues } = s.csr;
    const expected = new Map<string, number>();
    for (let r = 0; r < data.users.length; r++) expected.set(`${s.userIndex[data.users[r]!]},${s.itemIndex[data.items[r]!]}`, data.ratings[r]!);
    let seen = 0;
    for (let u = 0; u < s.userIds.size; u++) {
      for (let q = userPtr[u]!; q < userPtr[u + 1]!; q++) {
        if (q > userPtr[u]!) expect(userIndices[q]!).toBeGreaterThan(userIndices[q - 1]!);
        expect(userValues[q]).toBe(expected.get(`${u},${userIndices[q]}`));
        seen++;
      }
    }
    expect(seen).toBe(data.users.length);
    forgetTrainingSetUp(data);
    expect(sharedTrainingSetUp(data)).toBeUndefined();
  });
});
