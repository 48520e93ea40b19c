import { describe, expect, it } from 'vitest';
import { canonicalEventType, SERVE_EVENT_WEIGHTS, withAliasWeights } from '../../src/serve/event-types.js';

describe('event type names', () => {
  it("stores 'complete' (alsrec events' name) as the service's canonical 'completion'; other types unchanged", () => {
    expect(canonicalEventType('complete')).toBe('completion');
    expect(canonicalEventType('completion')).toBe('completion');
    expect(canonicalEventType('click')).toBe('click');
    expect(canonicalEventType('constructor')).toBe('constructor'); // no prototype lookups
  });

  it('weighs both names alike whichever one a weights file uses', () => {
    expect(withAliasWeights({ click: 1, complete: 2 }, 'w')).toEqual({ click: 1, complete: 2, completion: 2 });
    expect(withAliasWeights({ completion: { weight: 3, times: 'value' } }, 'w')).toEqual({ completion: { weight: 3, times: 'value' }, complete: { weight: 3, times: 'value' } });
    expect(withAliasWeights({ click: 1 }, 'w')).toEqual({ click: 1 });
    expect(withAliasWeights(SERVE_EVENT_WEIGHTS, 'w')).toEqual(SERVE_EVENT_WEIGHTS); // the defaults name both already
  });

  it('refuses two different weights for the two names, naming both', () => {
    expect(() => withAliasWeights({ complete: 2, completion: 3 }, 'serve: --weights w.json')).toThrow(
      "serve: --weights w.json: 'complete' and 'completion' are one event type (stored as 'completion'); give it one weight, got 2 and 3",
    );
  });
});
