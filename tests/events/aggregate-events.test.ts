import { describe, expect, it } from 'vitest';
import { aggregateEvents, EventAggregator } from '../../src/events/aggregate-events.js';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/events/event-weights.js';

const rows = [
  { user: 'u1', item: 'ad1', event: 'impression', timestamp: 0 },
  { user: 'u1', item: 'ad1', event: 'click', timestamp: 10 },
  { user: 'u1', item: 'ad1', event: 'complete', value: 0.5, timestamp: 20 },
  { user: 'u1', item: 'ad2', event: 'scroll_past', timestamp: 30 },
  { user: 'u2', item: 'ad1', event: 'like', timestamp: 40 },
  { user: 'u2', item: 'ad2', event: 'impression', timestamp: 40 },
];

describe('aggregateEvents', () => {
  it('sums the weights per pair: (u1, ad1) = 0 + 1 + 3·0.5, (u1, ad2) = −0.5, (u2, ad1) = 4, (u2, ad2) = 0 (seen only)', () => {
    const d = aggregateEvents(rows, DEFAULT_EVENT_WEIGHTS);
    const pairs = Array.from(d.users, (u, r) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[r]!), d.ratings[r], d.timestamps![r]]);
    expect(pairs).toEqual([
      ['u1', 'ad1', 2.5, 20],
      ['u1', 'ad2', -0.5, 30],
      ['u2', 'ad1', 4, 40],
      ['u2', 'ad2', 0, 40],
    ]);
  });

  it('decays by half per half-life before the newest event: (u1, ad1) = 1·2^(−30/10) + 1.5·2^(−2) = 0.5', () => {
    const d = aggregateEvents(rows, DEFAULT_EVENT_WEIGHTS, { halfLife: 10 });
    expect(d.ratings[0]).toBeCloseTo(1 / 8 + 1.5 / 4, 6);
    expect(d.ratings[2]).toBeCloseTo(4, 6);
  });

  it('decays against a given reference time, and stays exact across anchors thousands of half-lives apart', () => {
    const d = aggregateEvents(rows, DEFAULT_EVENT_WEIGHTS, { halfLife: 10, now: 50 });
    expect(d.ratings[2]).toBeCloseTo(2, 6); // 4 · 2^(−10/10)
    const far = aggregateEvents(
      [
        { user: 1, item: 1, event: 'click', timestamp: 0 },
        { user: 1, item: 2, event: 'click', timestamp: 10000 },
        { user: 1, item: 2, event: 'click', timestamp: 10001 },
      ],
      DEFAULT_EVENT_WEIGHTS,
      { halfLife: 1 },
    );
    expect(Array.from(far.ratings)).toEqual([0, 1.5]); // 2^−10001 underflows to 0; 2^−1 + 1
  });

  it('takes events in batches: finishing after each batch gives running totals', () => {
    const agg = new EventAggregator(DEFAULT_EVENT_WEIGHTS);
    agg.addRows(rows.slice(0, 2));
    expect(Array.from(agg.finish().ratings)).toEqual([1]);
    agg.addRows(rows.slice(2));
    expect(Array.from(agg.finish().ratings)).toEqual([2.5, -0.5, 4, 0]);
    expect(agg.events).toBe(6);
  });

  it('says which row is wrong: unknown type (listing the known ones), a missing value, a timestamp that does not parse, decay without time', () => {
    expect(() => aggregateEvents([{ user: 1, item: 1, event: 'share' }], DEFAULT_EVENT_WEIGHTS)).toThrow(/rows\[0\]: unknown event type "share"; the weights know "impression", "click"/);
    expect(() => aggregateEvents([rows[0]!, { user: 1, item: 1, event: 'complete' }], DEFAULT_EVENT_WEIGHTS)).toThrow(/rows\[1\]: event type "complete" is weighted by its value, and this event has none/);
    expect(() => aggregateEvents([{ user: 1, item: 1, event: 'click', timestamp: 'last tuesday' }], DEFAULT_EVENT_WEIGHTS)).toThrow(/rows\[0\]: timestamp "last tuesday" is neither a number nor an ISO 8601/);
    expect(() => aggregateEvents([{ user: 1, item: 1, event: 'click' }], DEFAULT_EVENT_WEIGHTS, { halfLife: 5 })).toThrow(/rows\[0\]: time decay needs a timestamp/);
    expect(() => aggregateEvents([], DEFAULT_EVENT_WEIGHTS)).toThrow(/no events/);
    expect(() => new EventAggregator(DEFAULT_EVENT_WEIGHTS, { halfLife: 0 })).toThrow(/halfLife must be a positive number.*got 0/);
  });
});
