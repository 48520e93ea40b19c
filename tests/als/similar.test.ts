import { beforeAll, describe, expect, it } from 'vitest';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { Random } from '../../src/data/random.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import { randomFactors } from '../kernels/wasm-fixtures.js';

// Hand-made item factors (rank 2) with known cosines to a = [1, 0]:
//   b = [2, 0]    same direction, cos 1 (its dot product 2 would also win)
//   c = [1, 1]    cos 1/√2 ≈ 0.7071
//   d = [0, 3]    cos 0
//   e = [-1, 0]   cos −1
//   z = [0, 0]    a zero vector: cos 0 with everything
// from c = [1, 1]: a 1/√2, b 1/√2, d 1/√2 (a tie: lower rows first), z 0, e −1/√2;
// from e = [−1, 0]: a −1, b −1, c −1/√2, d 0, z 0 (best: d, the lower row of the tie at 0).
function handModel(kernels: 'ts' | 'wasm'): ALSModel {
  return new ALSModel({
    rank: 2,
    userIds: IdMap.from(['u1', 'u2', 'u3']),
    itemIds: IdMap.from(['a', 'b', 'c', 'd', 'e', 'z']),
    // users: u1 = [1, 0], u2 = [5, 0] (same direction as u1), u3 = [0, 1]
    userFactors: Float32Array.of(1, 0, 5, 0, 0, 1),
    itemFactors: Float32Array.of(1, 0, 2, 0, 1, 1, 0, 3, -1, 0, 0, 0),
    options: resolveALSOptions({ rank: 2, kernels }),
  });
}

/** Rows as [query, [[id, cosine to 4 places], …]] for compact comparisons. */
const pairs = (rows: Record<string, unknown>[]) =>
  rows.map((r) => [r.item ?? r.user, (r.recommendations as Record<string, unknown>[]).map((x) => [x.item ?? x.user, Number((x.similarity as number).toFixed(4))])]);

beforeAll(async () => {
  await loadWasmKernels();
});

describe.each(['ts', 'wasm'] as const)('similarItems with %s kernels', (kernels) => {
  const model = handModel(kernels);

  it('ranks by cosine, not by dot product, and leaves the item itself out', () => {
    expect(pairs(model.similarItems(['a'], 4).toRows())).toEqual([['a', [['b', 1], ['c', 0.7071], ['d', 0], ['z', 0]]]]);
  });

  it('breaks equal cosines by the lower model row, and ranks every other item when k exceeds them', () => {
    expect(pairs(model.similarItems(['c'], 10).toRows())).toEqual([['c', [['a', 0.7071], ['b', 0.7071], ['d', 0.7071], ['z', 0], ['e', -0.7071]]]]);
  });

  it('lists only the filter ids, and never the excluded ones', () => {
    expect(pairs(model.similarItems(['a'], 3, { filter: ['a', 'c', 'e', 'd'] }).toRows())).toEqual([['a', [['c', 0.7071], ['d', 0], ['e', -1]]]]);
    expect(pairs(model.similarItems(['a'], 3, { exclude: ['b', 'zzz'] }).toRows())).toEqual([['a', [['c', 0.7071], ['d', 0], ['z', 0]]]]);
    expect(pairs(model.similarItems(['a'], 3, { filter: ['b', 'c'], exclude: ['b'] }).toRows())).toEqual([['a', [['c', 0.7071]]]]);
  });

  it('answers several queries in the order given, skipping unknown ids and repeats', () => {
    const recs = model.similarItems(['e', 'nope', 'a', 'e'], 1);
    expect(pairs(recs.toRows())).toEqual([
      ['e', [['d', 0]]],
      ['a', [['b', 1]]],
    ]);
  });

  it('finds similar users the same way', () => {
    expect(pairs(model.similarUsers(['u1'], 2).toRows())).toEqual([['u1', [['u2', 1], ['u3', 0]]]]);
  });
});

describe('similarItems against a brute-force cosine', () => {
  it('returns the same lists as sorting every cosine, on random factors', async () => {
    await loadWasmKernels();
    const rng = new Random(7);
    const n = 300, rank = 8;
    const F = randomFactors(rng, n, rank);
    const model = new ALSModel({
      rank,
      userIds: IdMap.from([1]),
      itemIds: IdMap.from(Array.from({ length: n }, (_, i) => i + 1)),
      userFactors: new Float32Array(rank),
      itemFactors: F,
      options: resolveALSOptions({ rank }),
    });
    const queries = [1, 17, 150, 300];
    const recs = model.similarItems(queries, 5, { exclude: [2, 3] });
    const norm = (i: number) => Math.hypot(...F.subarray(i * rank, i * rank + rank));
    queries.forEach((q, j) => {
      const qi = q - 1;
      const cos: [number, number][] = [];
      for (let i = 0; i < n; i++) {
        if (i === qi || i === 1 || i === 2) continue;
        let s = 0;
        for (let a = 0; a < rank; a++) s += F[qi * rank + a]! * F[i * rank + a]!;
        cos.push([i, s / (norm(qi) * norm(i))]);
      }
      cos.sort((x, y) => y[1] - x[1]);
      expect(Array.from(recs.list(j))).toEqual(cos.slice(0, 5).map(([i]) => i));
      cos.slice(0, 5).forEach(([, c], r) => expect(recs.scores[j * 5 + r]).toBeCloseTo(c, 5));
    });
  });
});
