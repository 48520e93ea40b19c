import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromRows, size, type Interactions } from '../../src/data/interactions.js';
import { randomSplit } from '../../src/data/split-random.js';
import { crossValidationPlan, explicitValidationPlan, splitParts, trainValidationPlan } from '../../src/tuning/split-plan.js';

const rows = (n: number) => fromRows(Array.from({ length: n }, (_, r) => ({ user: r % 7, item: r, rating: (r % 5) + 1 })));
const triples = (d: Interactions) =>
  Array.from({ length: size(d) }, (_, r) => `${d.userIds.toExternal(d.users[r]!)}|${d.itemIds.toExternal(d.items[r]!)}|${d.ratings[r]}`);

describe('split plans', () => {
  it('cross-validation: each split trains on the other folds and validates on its own; validations partition the data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 6, max: 80 }), fc.integer(), (k, n, seed) => {
        const data = rows(n);
        const plan = crossValidationPlan(data, k, seed);
        const seen: string[] = [];
        for (let s = 0; s < k; s++) {
          const { train, validation } = splitParts(plan, s);
          expect(size(train) + size(validation)).toBe(n);
          expect(new Set([...triples(train), ...triples(validation)]).size).toBe(n);
          seen.push(...triples(validation));
        }
        expect(seen.sort()).toEqual(triples(data).sort());
        expect(plan.full).toBe(data);
      }),
      { numRuns: 30 },
    );
  });

  it('train/validation: the same rows as randomSplit(data, ratio, seed), refit on all the data', () => {
    const data = rows(101);
    const plan = trainValidationPlan(data, 0.75, 42);
    const [train, test] = randomSplit(data, 0.75, 42);
    const parts = splitParts(plan, 0);
    expect(triples(parts.train)).toEqual(triples(train!));
    expect(triples(parts.validation)).toEqual(triples(test!));
    expect(plan.full).toBe(data);
  });

  it('given train and validation with their own id maps: ids are matched by value, refit on train only', () => {
    const train = fromRows([
      { user: 'a', item: 1, rating: 5 },
      { user: 'b', item: 2, rating: 3 },
    ]);
    const validation = fromRows([
      { user: 'b', item: 1, rating: 4 },
      { user: 'c', item: 3, rating: 2 },
    ]);
    const plan = explicitValidationPlan(train, validation);
    const parts = splitParts(plan, 0);
    expect(triples(parts.train)).toEqual(['a|1|5', 'b|2|3']);
    expect(triples(parts.validation)).toEqual(['b|1|4', 'c|3|2']);
    expect(triples(plan.full)).toEqual(['a|1|5', 'b|2|3']);
    expect(plan.data.userIds.ids()).toEqual(['a', 'b', 'c']);
  });

  it('rejects a ratio that leaves one side empty', () => {
    expect(() => trainValidationPlan(rows(3), 0.9, 1)).toThrow(/leaves one side empty/);
    expect(() => trainValidationPlan(rows(10), 1.5, 1)).toThrow(/ratio must be in \(0, 1\)/);
  });
});
