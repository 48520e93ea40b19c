import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beyondAccuracy } from '../../src/eval/beyond-accuracy.js';
import { catalogCoverage, distributionalCoverage } from '../../src/eval/coverage.js';
import { diversity, userDiversity } from '../../src/eval/diversity.js';
import { novelty } from '../../src/eval/novelty.js';
import { serendipity, userSerendipity } from '../../src/eval/serendipity.js';
import type { RecommendationRows, UserItemPairs } from '../../src/eval/user-item-pairs.js';
import {
  beyondAccuracyCase,
  recommendersRecommendations,
  recommendersTraining,
  tinyRecommendations,
  tinyTraining,
} from './fixtures.js';

const s = Math.SQRT1_2;

/** Every metric through its own pair-by-pair module, the reference for the one-pass version. */
function reference(training: UserItemPairs, reco: RecommendationRows) {
  const count = (x: Float64Array) => x.filter((v) => !Number.isNaN(v)).length;
  return {
    catalogCoverage: catalogCoverage(training, reco),
    distributionalCoverage: distributionalCoverage(training, reco),
    novelty: novelty(training, reco),
    diversity: diversity(training, reco),
    serendipity: serendipity(training, reco),
    diversityUsers: count(userDiversity(training, reco)),
    serendipityUsers: count(userSerendipity(training, reco)),
  };
}

function expectSame(a: Record<string, number>, b: Record<string, number>): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const key of Object.keys(a)) {
    if (Number.isNaN(b[key])) expect(a[key], key).toBeNaN();
    else expect(a[key], key).toBeCloseTo(b[key]!, 12);
  }
}

describe('beyondAccuracy', () => {
  it('computes all five metrics of the tiny example (3 users, 4 items)', () => {
    // Derivations in coverage, novelty, diversity and serendipity tests:
    //   catalog 4/4; distributional log₂3 + 1/3; novelty 2/3 + log₂3;
    //   diversity ((1 − √2/3) + (1 − 1/√2))/2 over users 0, 1;
    //   serendipity mean of user means (1 + 1/2 + 1 − 1/√2)/3, (3/4 + 1 − 1/(2√2))/2, 1 − 1/(3√2).
    const m = beyondAccuracy(tinyTraining, tinyRecommendations);
    const ser = ((2.5 - s) / 3 + (1.75 - s / 2) / 2 + (1 - s / 3)) / 3;
    expectSame(m as unknown as Record<string, number>, {
      catalogCoverage: 1,
      distributionalCoverage: Math.log2(3) + 1 / 3,
      novelty: 2 / 3 + Math.log2(3),
      diversity: (2 - Math.SQRT2 / 3 - s) / 2,
      serendipity: ser,
      diversityUsers: 2,
      serendipityUsers: 3,
    });
  });

  it("reproduces recommenders' published values on its fixture", () => {
    // recommenders computes diversity without relevance and serendipity with it; relevance does
    // not enter diversity, so one call covers both.
    const m = beyondAccuracy(recommendersTraining, recommendersRecommendations);
    expect(m.catalogCoverage).toBeCloseTo(0.8, 12);
    expect(m.distributionalCoverage).toBeCloseTo(1.9183, 4);
    expect(m.novelty).toBeCloseTo(2.83333, 5);
    expect(m.diversity).toBeCloseTo(0.43096, 5);
    expect(m.serendipity).toBeCloseTo(0.43408, 5);
  });

  it('equals the pair-by-pair modules on random data', () => {
    fc.assert(
      fc.property(beyondAccuracyCase, ({ training, recommendations }) => {
        fc.pre(recommendations.users.length > 0);
        const m = beyondAccuracy(training, recommendations);
        expectSame(m as unknown as Record<string, number>, reference(training, recommendations));
      }),
      { numRuns: 200 },
    );
  });

  it('validates its inputs like the single metrics do', () => {
    const reco = { users: Int32Array.from([1]), items: Int32Array.from([1]) };
    expect(() => beyondAccuracy(tinyTraining, reco)).toThrow(
      /beyondAccuracy: recommendation row 0 \(user 1, item 1\) is a training pair/,
    );
  });
});

const ml100k = process.env.ALSREC_ML100K;

describe.skipIf(!ml100k)('beyondAccuracy on MovieLens 100k (ALSREC_ML100K)', () => {
  it('equals the pair-by-pair modules for a top-10 most-popular-unseen recommender', () => {
    // u.data: user \t item \t rating \t timestamp, ids from 1; dense index = id − 1.
    const lines = readFileSync(join(ml100k!, 'u.data'), 'utf8').trim().split('\n');
    const users = new Int32Array(lines.length);
    const items = new Int32Array(lines.length);
    let numUsers = 0;
    let numItems = 0;
    lines.forEach((line, r) => {
      const [u, i] = line.split('\t');
      users[r] = Number(u) - 1;
      items[r] = Number(i) - 1;
      numUsers = Math.max(numUsers, users[r]! + 1);
      numItems = Math.max(numItems, items[r]! + 1);
    });
    // Train on rows with r % 4 ≠ 0; recommend the 10 most popular training items each user has not seen.
    const keep = [...users.keys()].filter((r) => r % 4 !== 0);
    const training = {
      users: Int32Array.from(keep, (r) => users[r]!),
      items: Int32Array.from(keep, (r) => items[r]!),
      numUsers,
      numItems,
    };
    const popularity = new Int32Array(numItems);
    for (const i of training.items) popularity[i]!++;
    const byPopularity = [...popularity.keys()].sort((a, b) => popularity[b]! - popularity[a]! || a - b);
    const seen = new Set(keep.map((r) => users[r]! * numItems + items[r]!));
    const ru: number[] = [];
    const ri: number[] = [];
    for (let u = 0; u < numUsers; u++) {
      let n = 0;
      for (const i of byPopularity) {
        if (n === 10) break;
        if (seen.has(u * numItems + i)) continue;
        ru.push(u);
        ri.push(i);
        n++;
      }
    }
    const recommendations = { users: Int32Array.from(ru), items: Int32Array.from(ri) };
    const m = beyondAccuracy(training, recommendations);
    expectSame(m as unknown as Record<string, number>, reference(training, recommendations));
    expect(m.diversityUsers).toBe(numUsers);
  });
});
