import fc from 'fast-check';
import type { RecommendationRows, UserItemPairs } from '../../src/eval/user-item-pairs.js';

const i32 = (a: number[]): Int32Array => Int32Array.from(a);

/**
 * A tiny training set, 3 users × 4 items, 6 rows:
 *
 *   user 0: {0}        item 0: users {0, 2}   n = 2
 *   user 1: {1, 2}     item 1: users {1}      n = 1
 *   user 2: {0, 2, 3}  item 2: users {1, 2}   n = 2
 *                      item 3: users {2}      n = 1
 *
 * sim(i, j) = |U_i ∩ U_j| / sqrt(n_i n_j):
 *   sim(0,1) = 0,  sim(0,2) = 1/2,  sim(0,3) = 1/√2,  sim(1,2) = 1/√2,  sim(1,3) = 0,  sim(2,3) = 1/√2
 *
 * Recommendations (none a training pair): user 0 → [1, 2, 3], user 1 → [0, 3], user 2 → [1].
 */
export const tinyTraining: UserItemPairs = {
  users: i32([0, 1, 1, 2, 2, 2]),
  items: i32([0, 1, 2, 0, 2, 3]),
  numUsers: 3,
  numItems: 4,
};
export const tinyRecommendations: RecommendationRows = {
  users: i32([0, 0, 0, 1, 1, 2]),
  items: i32([1, 2, 3, 0, 3, 1]),
};

/**
 * The `diversity_data` fixture of Microsoft recommenders' unit tests
 * (tests/unit/recommenders/evaluation/conftest.py), ids shifted to 0-based dense indices:
 * users 1..3 → 0..2, items 1..5 → 0..4. Its published expected values cross-check ours.
 *
 *   training: user 0 {0, 1, 3}, user 1 {2, 3}, user 2 {2, 3, 4}
 *   recommendations: user 0 → [2, 4], user 1 → [1, 4], user 2 → [0, 1], relevance [1,0, 1,1, 1,0]
 */
export const recommendersTraining: UserItemPairs = {
  users: i32([0, 0, 0, 1, 1, 2, 2, 2]),
  items: i32([0, 1, 3, 2, 3, 2, 3, 4]),
  numUsers: 3,
  numItems: 5,
};
export const recommendersRecommendations: RecommendationRows = {
  users: i32([0, 0, 1, 1, 2, 2]),
  items: i32([2, 4, 1, 4, 0, 1]),
  relevance: Float32Array.from([1, 0, 1, 1, 1, 0]),
};

/** A ranked list of distinct items, a relevant set, and k, over a small item range. */
export const rankedCase = fc.record({
  ranked: fc.uniqueArray(fc.integer({ min: 0, max: 25 }), { maxLength: 15 }),
  relevant: fc.uniqueArray(fc.integer({ min: 0, max: 25 }), { maxLength: 12 }).map((a) => new Set(a)),
  k: fc.integer({ min: 1, max: 20 }),
});

/**
 * Random distinct training pairs and recommendations of unseen items (with a random 0/1
 * relevance), for comparing implementations. Some users get no recommendation, some have no
 * training item, some items are never seen in training.
 */
export const beyondAccuracyCase = fc
  .record({
    numUsers: fc.integer({ min: 1, max: 8 }),
    numItems: fc.integer({ min: 1, max: 10 }),
    seeds: fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), { minLength: 80, maxLength: 80 }),
  })
  .map(({ numUsers, numItems, seeds }) => {
    const tu: number[] = [];
    const ti: number[] = [];
    const ru: number[] = [];
    const ri: number[] = [];
    const rel: number[] = [];
    let s = 0;
    for (let u = 0; u < numUsers; u++) {
      for (let i = 0; i < numItems; i++) {
        const [train, reco, relevant] = seeds[s++ % seeds.length]!;
        if (train) {
          tu.push(u);
          ti.push(i);
        } else if (reco) {
          ru.push(u);
          ri.push(i);
          rel.push(relevant ? 1 : 0);
        }
      }
    }
    const training: UserItemPairs = { users: i32(tu), items: i32(ti), numUsers, numItems };
    const recommendations: RecommendationRows = { users: i32(ru), items: i32(ri), relevance: Float32Array.from(rel) };
    return { training, recommendations };
  })
  .filter(({ training }) => training.users.length > 0);
