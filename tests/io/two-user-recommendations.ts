import type { IdMap } from '../../src/data/id-map.js';
import { Recommendations } from '../../src/als/recommendations.js';

/**
 * The columnar writers' shared fixture: two users with top-2 lists; the second user's list is one
 * item long (−1 pads it). Scores are float32-exact.
 */
export function twoUserRecommendations(userIds: IdMap, itemIds: IdMap): Recommendations {
  return new Recommendations({
    side: 'user',
    queryIds: userIds,
    targetIds: itemIds,
    queryRows: Int32Array.from([0, 1]),
    indices: Int32Array.from([1, 0, 2, -1]),
    scores: Float32Array.from([4.5, 0.25, -1, 0]),
    k: 2,
    queryCol: 'user',
    targetCol: 'item',
  });
}
