import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { topK } from '../../src/kernels/top-k.js';
import { unitRows } from '../../src/kernels/unit-rows.js';
import { LshIndex } from '../../src/retrieval/lsh-index.js';
import { clusteredFactors, recallOf } from './fixtures.js';

describe('LshIndex', () => {
  const rng = new Random(21);
  const rank = 16;
  const targets = clusteredFactors(rng, 4000, rank);
  const queries = clusteredFactors(rng, 200, rank);
  const exact = topK({ queries, targets, rank, k: 10 });

  it('with one bit per table and one table, every target is a candidate: the exact lists', () => {
    // 1 bit → 2 buckets; probing the other one (probes = 1) covers all targets
    const lsh = new LshIndex(targets, rank, 'ip', 'item', 'x', { tables: 1, bits: 1, probes: 1 });
    const got = lsh.search({ queries, k: 10 });
    expect(Array.from(got.indices)).toEqual(Array.from(exact.indices));
  });

  it('finds more of the true top 10 with more probes, and returns exact scores for what it finds', () => {
    const lsh = new LshIndex(targets, rank, 'ip', 'item', 'x', { tables: 32, bits: 8, probes: 0 });
    const r0 = recallOf(lsh.search({ queries, k: 10 }), exact);
    lsh.tune(4);
    const got = lsh.search({ queries, k: 10 });
    const r4 = recallOf(got, exact);
    expect(r4).toBeGreaterThan(r0);
    expect(r4).toBeGreaterThan(0.8); // measured 0.40 without probes, 0.88 with 4, at this seed
    for (let j = 0; j < 10; j++) {
      const t = got.indices[j]!;
      let s = 0;
      for (let a = 0; a < rank; a++) s += queries[a]! * targets[t * rank + a]!;
      expect(got.scores[j]).toBe(Math.fround(s));
    }
  });

  it('ranks by cosine over unit rows, and never lists a seen target', () => {
    const unit = unitRows(targets, rank);
    const uq = unitRows(queries, rank);
    const seen = { indptr: Int32Array.from({ length: 201 }, (_, i) => (i === 0 ? 0 : 1)), indices: Int32Array.of(exact.indices[0]!) };
    const lsh = new LshIndex(unit, rank, 'cosine', 'item', 'x', { tables: 1, bits: 1, probes: 1 });
    const got = lsh.search({ queries: uq, k: 10, seen });
    const want = topK({ queries: uq, targets: unit, rank, k: 10, seen });
    expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
    expect(Array.from(got.indices.subarray(0, 10))).not.toContain(exact.indices[0]);
  });

  it('splits the targets into norm ranges for inner products (norm-ranging), one range for cosine', () => {
    // each range hashes with its own maximum norm; the query is probed in every range's bucket
    expect(new LshIndex(targets, rank, 'ip', 'item', 'x', { ranges: 4 }).params.ranges).toBe(4);
    expect(new LshIndex(unitRows(targets, rank), rank, 'cosine', 'item', 'x', { ranges: 4 }).params.ranges).toBe(1);
    const one = new LshIndex(targets, rank, 'ip', 'item', 'x', { tables: 1, bits: 1, probes: 1, ranges: 6 });
    expect(Array.from(one.search({ queries, k: 10 }).indices)).toEqual(Array.from(exact.indices));
  });

  it('is the same index for the same seed, and refuses bad options naming them', () => {
    const a = new LshIndex(targets, rank, 'ip', 'item', 'x', { tables: 2, bits: 8, probes: 1, seed: 9 });
    const b = new LshIndex(targets, rank, 'ip', 'item', 'x', { tables: 2, bits: 8, probes: 1, seed: 9 });
    expect(Array.from(a.search({ queries, k: 5 }).indices)).toEqual(Array.from(b.search({ queries, k: 5 }).indices));
    expect(() => new LshIndex(targets, rank, 'ip', 'item', 'x', { bits: 30 })).toThrow('lsh: bits must be an integer from 1 to 24, got 30');
    expect(() => a.tune(9)).toThrow('lsh: probes must be an integer from 0 to 8, got 9');
    expect(() => new LshIndex(targets, rank, 'ip', 'item', 'x', { ranges: 0 })).toThrow('lsh: ranges must be an integer from 1 to 255, got 0');
  });
});
