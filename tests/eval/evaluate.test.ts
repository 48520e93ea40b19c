import { describe, expect, it } from 'vitest';
import { ALS } from '../../src/als/als.js';
import { fromRows } from '../../src/data/interactions.js';
import { evaluateModel } from '../../src/eval/evaluate.js';

describe('evaluateModel', () => {
  const model = new ALS({ rank: 2, maxIter: 2, kernels: 'ts' }).fitSync(
    fromRows([
      { user: 1, item: 10, rating: 4 },
      { user: 2, item: 10, rating: 2 },
      { user: 2, item: 20, rating: 5 },
    ]),
  );

  it('refuses a test set it cannot score at all, rather than return NaN and zeros', () => {
    const test = fromRows([{ user: '001', item: '10', rating: 4 }]);
    expect(() => evaluateModel(model, test)).toThrow(
      /evaluateModel: none of the 1 test pairs can be scored: the model knows 0 of the 1 test users and 1 of the 1 test items \(e\.g\. test user "001", model user 1/,
    );
  });

  it("matches ids by their text: '2' and '20' are the model's 2 and 20", () => {
    const e = evaluateModel(model, fromRows([{ user: '2', item: '20', rating: 5 }]));
    expect(e.ratedPairs).toBe(1);
    expect(e.users).toBe(1);
  });

  it('refuses a k that is not a positive integer', () => {
    expect(() => evaluateModel(model, fromRows([{ user: 1, item: 10, rating: 4 }]), { k: 0 })).toThrow('evaluateModel: k must be an integer >= 1, got 0');
  });
});
