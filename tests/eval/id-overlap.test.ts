import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/data/id-map.js';
import { InteractionsBuilder } from '../../src/data/interactions.js';
import { fewOverlapWarning, idOverlap, noOverlapError, showId } from '../../src/eval/id-overlap.js';

const model = { userIds: IdMap.from([196, 186, 22]), itemIds: IdMap.from([242, 302]) };

function test(rows: [string | number, string | number][]) {
  const b = new InteractionsBuilder();
  for (const [u, i] of rows) b.add(u, i, 4);
  return b.build();
}

describe('idOverlap', () => {
  it('counts the test users, items and pairs the model knows, matching ids by their text', () => {
    // '196' is the text of 196 (one id); '0186' is another id than 186.
    const o = idOverlap(model, test([['196', 242], ['196', 999], ['0186', 302], [22, 302]]));
    expect(o).toMatchObject({ testPairs: 4, scorablePairs: 2, testUsers: 3, knownUsers: 2, testItems: 3, knownItems: 2 });
    expect(o.example).toEqual({ testUser: '0186', modelUser: 196, testItem: 999, modelItem: 242 });
  });

  it('makes no error and no warning when most pairs can be scored', () => {
    const o = idOverlap(model, test([[196, 242], [186, 302], [22, 999]]));
    expect(noOverlapError(o, 'x')).toBeNull();
    expect(fewOverlapWarning(o, 'x')).toBeNull();
  });

  it('errs with the counts and an example id from each side when no pair can be scored', () => {
    const o = idOverlap(model, test([['alice', 'heat'], ['bob', 'heat']]));
    expect(noOverlapError(o, 'evaluateModel')!.message).toBe(
      'evaluateModel: none of the 2 test pairs can be scored: the model knows 0 of the 2 test users and 0 of the 1 test items ' +
        '(e.g. test user "alice", model user 196; test item "heat", model item 242). The test data and the model must use the same ids: ' +
        'evaluate a model trained on data with these ids',
    );
  });

  it('warns with the counts when fewer than half the pairs can be scored', () => {
    const o = idOverlap(model, test([[196, 242], [1, 1], [2, 2]]));
    expect(fewOverlapWarning(o, 'test.csv')).toBe(
      'test.csv: only 1 of 3 test pairs (33.3%) can be scored: the model knows 1 of the 3 test users and 1 of the 3 test items; ' +
        'the rest are dropped as cold start (e.g. test user 1, test item 1)',
    );
  });

  it('shows numbers bare and text quoted, so 7 and "007" look different', () => {
    expect([showId(7), showId('007'), showId(undefined)]).toEqual(['7', '"007"', '—']);
  });
});
