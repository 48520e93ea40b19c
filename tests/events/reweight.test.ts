import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/data/interactions.js';
import { bm25Weight, tfidfWeight } from '../../src/events/reweight.js';

// Users 1, 2, 3; item a held by users 1 and 2 (df 2), item b by user 1 only (df 1).
//   idf(a) = ln 3 − ln 3 = 0;   idf(b) = ln 3 − ln 2
//   len: u1 = 2 + 4 = 6, u2 = 3, u3 = 1 (item c, df 1);  mean len = 10/3
const data = fromRows([
  { user: 1, item: 'a', rating: 2 },
  { user: 1, item: 'b', rating: 4 },
  { user: 2, item: 'a', rating: 3 },
  { user: 3, item: 'c', rating: -1 },
]);
const idfB = Math.log(3) - Math.log(2);

describe('bm25Weight (implicit.bm25_weight on user_items)', () => {
  it('scales by idf and a saturating, length-normalised term frequency', () => {
    const K1 = 2;
    const B = 0.5;
    const out = bm25Weight(data, { K1, B });
    // (u1, b): norm = 0.5 + 0.5·6/(10/3) = 1.4;  4·3 / (2·1.4 + 4) · idf(b)
    expect(out.ratings[1]).toBeCloseTo(((4 * 3) / (2 * 1.4 + 4)) * idfB, 5);
    expect(out.ratings[0]).toBe(0); // idf(a) = 0
    // (u3, c) = −1: the sign is kept; norm = 0.5 + 0.5·1/(10/3) = 0.65
    expect(out.ratings[3]).toBeCloseTo(-((1 * 3) / (2 * 0.65 + 1)) * idfB, 5);
    expect(Array.from(data.ratings)).toEqual([2, 4, 3, -1]); // input untouched
  });

  it('rejects B outside [0, 1]', () => {
    expect(() => bm25Weight(data, { B: 2 })).toThrow(/B must be in \[0, 1\], got 2/);
  });
});

describe('tfidfWeight', () => {
  it('is sign(r)·√|r|·idf', () => {
    const out = tfidfWeight(data);
    expect(out.ratings[1]).toBeCloseTo(2 * idfB, 5);
    expect(out.ratings[3]).toBeCloseTo(-idfB, 5);
  });
});
