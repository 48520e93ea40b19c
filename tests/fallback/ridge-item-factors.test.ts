import { describe, expect, it } from 'vitest';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';
import { ridgeItemFactors } from '../../src/fallback/ridge-item-factors.js';
import { Random } from '../../src/data/random.js';

describe('ridgeItemFactors', () => {
  it('recovers planted linear factors y = W f + b for new items as λ → 0', () => {
    // 40 known items with 3 numeric features; factors are an exact linear map of them (rank 2).
    const rng = new Random(4);
    const n = 44;
    const raw = Array.from({ length: 3 }, () => Array.from({ length: n }, () => rng.nextGaussian()));
    const ids = Array.from({ length: n }, (_, i) => i);
    const features = encodeItemFeatures(ids, raw.map((values, c) => ({ name: `f${c}`, values })));
    const W = [[0.5, -1], [2, 0.3], [-0.7, 0.1]];
    const b = [0.2, -0.4];
    const truth = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 2; f++) {
        let s = b[f]!;
        for (let c = 0; c < 3; c++) s += features.values[i * 3 + c]! * W[c]![f]!;
        truth[i * 2 + f] = s;
      }
    }
    const model = new ALSModel({
      rank: 2,
      userIds: IdMap.from([1]),
      itemIds: IdMap.from(ids.slice(0, 40)),
      userFactors: Float32Array.of(1, 0),
      itemFactors: truth.slice(0, 80),
      options: resolveALSOptions({ rank: 2 }),
    });
    const folded = ridgeItemFactors(model, features, { lambda: 1e-6 });
    expect(folded.ids.ids()).toEqual([40, 41, 42, 43]);
    for (let j = 0; j < 8; j++) expect(folded.factors[j]).toBeCloseTo(truth[80 + j]!, 4);
    expect(model.withItems(folded).itemIds.size).toBe(44);
  });

  it('says when no feature id matches a model item, and when a target has no features', () => {
    const features = encodeItemFeatures(['x'], [{ name: 'f', values: [1] }]);
    const model = new ALSModel({
      rank: 1, userIds: IdMap.from([1]), itemIds: IdMap.from(['a']), userFactors: Float32Array.of(1), itemFactors: Float32Array.of(1),
      options: resolveALSOptions({ rank: 1 }),
    });
    expect(() => ridgeItemFactors(model, features)).toThrow(/no item has both features and a factor/);
    const f2 = encodeItemFeatures(['a', 'x'], [{ name: 'f', values: [1, 2] }]);
    expect(() => ridgeItemFactors(model, f2, { items: ['q'] })).toThrow(/item "q" has no features/);
  });
});
