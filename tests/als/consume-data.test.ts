import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { consumeRows } from '../../src/als/consume-data.js';
import { plantedLowRank } from '../../src/data/synthetic-low-rank.js';
import { selectRows, type Interactions } from '../../src/data/interactions.js';

const copy = (d: Interactions): Interactions => selectRows(d, Int32Array.from({ length: d.users.length }, (_, j) => j));

describe('consumeRows', () => {
  it("empties the row arrays the caller still holds, and leaves shared buffers alone", () => {
    const d = copy(plantedLowRank({ numUsers: 20, numItems: 15, rank: 2, density: 0.3, seed: 1, noise: 0.1 }).data);
    consumeRows(d);
    expect([d.users.length, d.items.length, d.ratings.length]).toEqual([0, 0, 0]);
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const s = { ...d, users: shared, items: shared };
    consumeRows(s);
    expect(s.users.length).toBe(2);
  });
});

describe('fit with consumeData', () => {
  it('gives the same model bits as without, and leaves the data empty (wasm)', async () => {
    const d = plantedLowRank({ numUsers: 40, numItems: 30, rank: 3, density: 0.3, seed: 2, noise: 0.1 }).data;
    const opts = { rank: 4, maxIter: 3, regParam: 0.1, implicitPrefs: true, kernels: 'wasm', numThreads: 1 } as const;
    const kept = await new ALS(opts).fit(copy(d));
    const mine = copy(d);
    const consumed = await new ALS(opts).fit(mine, { consumeData: true });
    expect(mine.users.length).toBe(0);
    expect(Array.from(consumed.userFactors)).toEqual(Array.from(kept.userFactors));
    expect(Array.from(consumed.itemFactors)).toEqual(Array.from(kept.itemFactors));
  });
});
