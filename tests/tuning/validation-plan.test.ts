import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../src/data/split-stratified.js';
import { fromRows } from '../../src/data/interactions.js';
import { splitParts } from '../../src/tuning/split-plan.js';
import { validationPlan } from '../../src/tuning/validation-plan.js';
import { interactionsArb, keys } from '../data/split-fixtures.js';

const ratioArb = fc.oneof(fc.constantFrom(0.25, 0.5, 0.75, 0.8), fc.double({ min: 0.05, max: 0.95, noNaN: true }));

describe('validationPlan', () => {
  it("'stratified' holds out the same rows as stratifiedSplit with the same ratio and seed", () => {
    fc.assert(
      fc.property(interactionsArb, ratioArb, fc.integer(), (data, ratio, seed) => {
        let plan;
        try {
          plan = validationPlan(data, 'stratified', ratio, seed);
        } catch {
          return; // no validation row at all: the error case below
        }
        const { train, validation } = splitParts(plan, 0);
        const [t, v] = stratifiedSplit(data, { ratio, seed });
        expect(keys(train).sort()).toEqual(keys(t!).sort());
        expect(keys(validation).sort()).toEqual(keys(v!).sort());
        expect(plan.full).toBe(data); // the best is refitted on all of the training data
      }),
    );
  });

  it("'chrono' trains on each user's earliest rows", () => {
    fc.assert(
      fc.property(interactionsArb, ratioArb, (data, ratio) => {
        let plan;
        try {
          plan = validationPlan(data, 'chrono', ratio, 1);
        } catch {
          return;
        }
        const { train, validation } = splitParts(plan, 0);
        const latestTrain = new Map<number, number>();
        for (let r = 0; r < train.users.length; r++) {
          const u = train.users[r]!;
          latestTrain.set(u, Math.max(latestTrain.get(u) ?? -Infinity, train.timestamps![r]!));
        }
        for (let r = 0; r < validation.users.length; r++) {
          expect(validation.timestamps![r]!).toBeGreaterThanOrEqual(latestTrain.get(validation.users[r]!) ?? -Infinity);
        }
      }),
    );
  });

  it("'random' is trainValidationSplit's random cut: the same seed, the same rows", () => {
    const data = fromRows(Array.from({ length: 40 }, (_, r) => ({ user: r % 7, item: r, rating: 1 })));
    const a = validationPlan(data, 'random', 0.8, 5);
    expect(Array.from(a.fold)).toEqual(Array.from(validationPlan(data, 'random', 0.8, 5).fold));
    expect(a.fold.filter((f) => f === 0).length).toBe(8);
  });

  it('names the problem: no timestamps for chrono, a ratio out of (0, 1), nothing left to validate', () => {
    const data = fromRows([{ user: 1, item: 1, rating: 1 }, { user: 1, item: 2, rating: 1 }]);
    expect(() => validationPlan(data, 'chrono', 0.8, 1)).toThrow(/'chrono' needs timestamps, and the data has none/);
    expect(() => validationPlan(data, 'stratified', 1.2, 1)).toThrow(/ratio must be in \(0, 1\), got 1.2/);
    const singles = fromRows([{ user: 1, item: 1, rating: 1 }, { user: 2, item: 2, rating: 1 }]);
    expect(() => validationPlan(singles, 'stratified', 0.8, 1)).toThrow(/leaves no validation row/);
  });
});
