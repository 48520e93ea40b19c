import { describe, expect, it } from 'vitest';
import { coldItemsProtocol } from '../../src/fallback/cold-items-protocol.js';
import { tasteGroups } from './cold-protocol-fixture.js';

describe('coldItemsProtocol on planted taste groups', () => {
  it('ranks held-out items near the top with content-regressed factors, near chance at random', async () => {
    const { data, features } = tasteGroups(2);
    const r = await coldItemsProtocol(data, features, { fraction: 0.2, als: { rank: 4, maxIter: 10, regParam: 0.1, implicitPrefs: true, alpha: 5, numThreads: 1 }, lambda: 0.1 });
    const [regressed, random] = r.rows;
    expect(regressed!.placement).toBe('content-regressed');
    expect(regressed!.pairs).toBe(random!.pairs);
    expect(regressed!.pairs).toBeGreaterThan(50);
    expect(regressed!.meanPercentileRank).toBeLessThan(0.2);
    expect(random!.meanPercentileRank).toBeGreaterThan(0.3);
    expect(regressed!.hitRate[10]!).toBeGreaterThan(random!.hitRate[10]!);
  });
});
