import type { ExternalId, IdMap } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { translateIds } from '../data/id-translation.js';

/** How much of a test set a model can address: its users, items and (user, item) pairs. */
export interface IdOverlap {
  testPairs: number;
  /** Test pairs whose user and item the model both knows (the rating metrics' n). */
  scorablePairs: number;
  /** Distinct users (items) in the test rows, and how many of them the model knows. */
  testUsers: number;
  knownUsers: number;
  testItems: number;
  knownItems: number;
  /** A test id the model does not know (else a known one) and a model id, side by side in messages. */
  example: { testUser?: ExternalId; modelUser?: ExternalId; testItem?: ExternalId; modelItem?: ExternalId };
}

/** Counts what of `test` the model (its id maps) knows. O(rows + ids), no per-row map lookups. */
export function idOverlap(model: { userIds: IdMap; itemIds: IdMap }, test: Interactions): IdOverlap {
  const u = side(test.users, test.userIds, model.userIds);
  const i = side(test.items, test.itemIds, model.itemIds);
  let scorablePairs = 0;
  for (let r = 0; r < test.users.length; r++) if (u.toModel[test.users[r]!]! >= 0 && i.toModel[test.items[r]!]! >= 0) scorablePairs++;
  return {
    testPairs: test.users.length,
    scorablePairs,
    testUsers: u.count,
    knownUsers: u.known,
    testItems: i.count,
    knownItems: i.known,
    example: {
      testUser: u.example,
      modelUser: model.userIds.size > 0 ? model.userIds.toExternal(0) : undefined,
      testItem: i.example,
      modelItem: model.itemIds.size > 0 ? model.itemIds.toExternal(0) : undefined,
    },
  };
}

function side(column: Int32Array, ids: IdMap, modelIds: IdMap): { toModel: Int32Array; count: number; known: number; example?: ExternalId } {
  const toModel = translateIds(ids, modelIds);
  const used = new Uint8Array(ids.size);
  for (let r = 0; r < column.length; r++) used[column[r]!] = 1;
  let count = 0;
  let known = 0;
  let unknown = -1;
  let any = -1;
  for (let k = 0; k < ids.size; k++) {
    if (!used[k]) continue;
    count++;
    if (any < 0) any = k;
    if (toModel[k]! >= 0) known++;
    else if (unknown < 0) unknown = k;
  }
  const pick = unknown >= 0 ? unknown : any;
  return { toModel, count, known, example: pick >= 0 ? ids.toExternal(pick) : undefined };
}

/** An id as messages show it: numbers bare, text quoted, so 7 and "007" look different. */
export function showId(id: ExternalId | undefined): string {
  return id === undefined ? '—' : typeof id === 'number' ? String(id) : JSON.stringify(id);
}

/**
 * The error for a test set the model cannot score at all, or null when some pair can be scored:
 * the counts of each side and an example id from each, so a wrong model or ids read differently
 * (`"007"` against 7) show at a glance. `who` starts the message.
 */
export function noOverlapError(o: IdOverlap, who: string): Error | null {
  if (o.scorablePairs > 0) return null;
  const e = o.example;
  return new Error(
    `${who}: none of the ${o.testPairs} test pairs can be scored: the model knows ${o.knownUsers} of the ${o.testUsers} test users ` +
      `and ${o.knownItems} of the ${o.testItems} test items (e.g. test user ${showId(e.testUser)}, model user ${showId(e.modelUser)}; ` +
      `test item ${showId(e.testItem)}, model item ${showId(e.modelItem)}). The test data and the model must use the same ids: ` +
      'evaluate a model trained on data with these ids',
  );
}

/** A warning when fewer than half the test pairs can be scored (the rest are cold start), else null. */
export function fewOverlapWarning(o: IdOverlap, who: string): string | null {
  if (o.scorablePairs === 0 || o.scorablePairs * 2 >= o.testPairs) return null;
  const pct = ((100 * o.scorablePairs) / o.testPairs).toFixed(1);
  return (
    `${who}: only ${o.scorablePairs} of ${o.testPairs} test pairs (${pct}%) can be scored: the model knows ${o.knownUsers} of the ` +
    `${o.testUsers} test users and ${o.knownItems} of the ${o.testItems} test items; the rest are dropped as cold start ` +
    `(e.g. test user ${showId(o.example.testUser)}, test item ${showId(o.example.testItem)})`
  );
}
