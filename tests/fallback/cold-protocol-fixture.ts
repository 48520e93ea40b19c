import { fromRows, type InteractionRow } from '../../src/data/interactions.js';
import { Random } from '../../src/data/random.js';
import { encodeItemFeatures } from '../../src/fallback/item-features.js';

/**
 * Planted taste groups: 4 groups of items (12 each), every user loves one group (interacts with
 * ~70% of it) and touches 2 random items elsewhere. The items' only feature is their group. So
 * knowing a few of a user's items says which group they love (fold-in and content should win),
 * while popularity is flat across groups.
 */
export function tasteGroups(seed = 1) {
  const rng = new Random(seed);
  const rows: InteractionRow[] = [];
  let t = 0;
  for (let u = 0; u < 120; u++) {
    const g = u % 4;
    for (let i = 0; i < 12; i++) if (rng.next() < 0.7) rows.push({ user: u, item: g * 12 + i, rating: 1, timestamp: t++ });
    for (let x = 0; x < 2; x++) rows.push({ user: u, item: 100 + rng.nextInt(48), rating: 1, timestamp: t++ });
  }
  const data = fromRows(rows, 'sum');
  const ids = Array.from({ length: 48 }, (_, i) => i).concat(Array.from({ length: 48 }, (_, i) => 100 + i));
  const features = encodeItemFeatures(ids, [{ name: 'group', values: ids.map((i) => (i < 100 ? `g${Math.floor(i / 12)}` : 'misc')) }]);
  return { data, features };
}
