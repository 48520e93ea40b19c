import { describe, expect, it } from 'vitest';
import { AD_EVENT_TYPES, syntheticAdLog } from '../../src/data/synthetic-ad-log.js';

describe('syntheticAdLog', () => {
  const log = syntheticAdLog({ numUsers: 200, numAds: 50, impressionsPerUser: 30, seed: 3 });
  const count = (type: string) => log.types.filter((t) => t === AD_EVENT_TYPES.indexOf(type as never)).length;

  it('is the same log for the same seed, and another for another seed', () => {
    const again = syntheticAdLog({ numUsers: 200, numAds: 50, impressionsPerUser: 30, seed: 3 });
    expect(Array.from(again.ads)).toEqual(Array.from(log.ads));
    expect(Array.from(syntheticAdLog({ numUsers: 200, numAds: 50, impressionsPerUser: 30, seed: 4 }).ads)).not.toEqual(Array.from(log.ads));
  });

  it('follows every impression by either a scroll-past or a completion fraction in (0, 1); clicks are rare', () => {
    const impressions = count('impression');
    expect(count('scroll_past') + count('complete')).toBe(impressions);
    const complete = AD_EVENT_TYPES.indexOf('complete');
    let outside = 0;
    for (let j = 0; j < log.length; j++) if (log.types[j] === complete && !(log.values[j]! > 0 && log.values[j]! < 1)) outside++;
    expect(outside).toBe(0);
    const ctr = count('click') / impressions;
    expect(ctr).toBeGreaterThan(0.005);
    expect(ctr).toBeLessThan(0.15);
  });

  it('plants the affinity in every signal: pairs users complete more are clicked more', () => {
    // Per (user, ad) pair: mean completion fraction vs whether it was clicked.
    const complete = AD_EVENT_TYPES.indexOf('complete');
    const click = AD_EVENT_TYPES.indexOf('click');
    const comp = new Map<number, number>();
    const clicked = new Set<number>();
    for (let j = 0; j < log.length; j++) {
      const key = log.users[j]! * 1000 + log.ads[j]!;
      if (log.types[j] === complete) comp.set(key, log.values[j]!);
      if (log.types[j] === click) clicked.add(key);
    }
    const mean = (keys: number[]) => keys.reduce((s, k) => s + comp.get(k)!, 0) / keys.length;
    const withClick = [...comp.keys()].filter((k) => clicked.has(k));
    const without = [...comp.keys()].filter((k) => !clicked.has(k));
    expect(mean(withClick)).toBeGreaterThan(mean(without) + 0.1);
  });

  it('keeps timestamps inside the span and in order per user', () => {
    let bad = 0;
    for (let j = 1; j < log.length; j++) {
      if (!(log.timestamps[j]! < 30 * 86400 + 10)) bad++;
      if (log.users[j] === log.users[j - 1] && log.timestamps[j]! < log.timestamps[j - 1]! - 4) bad++;
    }
    expect(bad).toBe(0);
  });

  it('rejects bad sizes', () => {
    expect(() => syntheticAdLog({ numUsers: 0, numAds: 5, impressionsPerUser: 3 })).toThrow(/numUsers must be > 0, got 0/);
    expect(() => syntheticAdLog({ numUsers: 5, numAds: 5, impressionsPerUser: 3, drift: 2 })).toThrow(/drift must be in \[0, 1\], got 2/);
  });
});
