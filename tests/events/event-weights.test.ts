import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_WEIGHTS, eventCode, resolveEventWeights } from '../../src/events/event-weights.js';

describe('resolveEventWeights', () => {
  it('reads plain weights and value-scaled ones, in file order', () => {
    const w = resolveEventWeights(DEFAULT_EVENT_WEIGHTS);
    expect(w.names).toEqual(['impression', 'click', 'complete', 'like', 'scroll_past']);
    expect(Array.from(w.weight)).toEqual([0, 1, 3, 4, -0.5]);
    expect(Array.from(w.timesValue)).toEqual([0, 0, 1, 0, 0]);
  });

  it('names the file and the event type whose weight is wrong', () => {
    expect(() => resolveEventWeights({ click: 'lots' }, 'w.json')).toThrow(/w.json: event type "click" has weight "lots"; use a number or/);
    expect(() => resolveEventWeights({ view: { weight: 1, times: 'duration' } })).toThrow(/event type "view"/);
    expect(() => resolveEventWeights([1, 2], 'w.json')).toThrow(/w.json: expected a JSON object/);
    expect(() => resolveEventWeights({})).toThrow(/no event types/);
  });

  it('lists the known types when asked for an unknown one', () => {
    expect(() => eventCode(resolveEventWeights({ click: 1, like: 2 }), 'share', 'line 4')).toThrow(/line 4: unknown event type "share"; the weights know "click", "like"/);
  });
});
