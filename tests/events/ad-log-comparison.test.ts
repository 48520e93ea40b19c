import { describe, expect, it } from 'vitest';
import { syntheticAdLog } from '../../src/data/synthetic-ad-log.js';
import { AD_LOG_VARIANTS, aggregateBefore, compareAdLogWeights } from '../../src/events/ad-log-comparison.js';

describe('aggregateBefore', () => {
  const log = syntheticAdLog({ numUsers: 50, numAds: 20, impressionsPerUser: 20, seed: 2 });
  it('clicks only: one pair per clicked (user, ad) before the cut-off, rating 1', () => {
    const d = aggregateBefore(log, 20 * 86400, AD_LOG_VARIANTS[0]!);
    const pairs = new Set<string>();
    for (let j = 0; j < log.length; j++) if (log.types[j] === 1 && log.timestamps[j]! < 20 * 86400) pairs.add(`${log.users[j]! + 1},${log.ads[j]! + 1}`);
    expect(d.users.length).toBe(pairs.size);
    expect(d.ratings.every((r) => r === 1)).toBe(true);
  });
  it('drops pairs whose events sum to 0 and keeps negatives with scroll-past weights', () => {
    const d = aggregateBefore(log, 20 * 86400, AD_LOG_VARIANTS[2]!);
    expect(d.ratings.every((r) => r !== 0)).toBe(true);
    expect(d.ratings.some((r) => r < 0)).toBe(true);
  });
});

describe('compareAdLogWeights', () => {
  it('the ad weights (completion, likes) predict future clicks better than clicks alone, where clicks are rare', async () => {
    // The bench's log (bench/ad-log.ts) with another seed: smaller logs are too noisy to order the two.
    const log = syntheticAdLog({ numUsers: 5000, numAds: 500, impressionsPerUser: 80, seed: 5 });
    const r = await compareAdLogWeights(log, { variants: AD_LOG_VARIANTS.slice(0, 2), als: { numThreads: 1 } });
    expect(r.users).toBeGreaterThan(1000);
    const [clicks, weights] = r.rows;
    expect(weights!.ndcgAtK).toBeGreaterThan(clicks!.ndcgAtK * 1.1);
    expect(weights!.precisionAtK).toBeGreaterThan(clicks!.precisionAtK * 1.1);
  });
});
