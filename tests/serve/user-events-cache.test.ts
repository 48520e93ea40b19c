import { describe, expect, it } from 'vitest';
import { UserEventsCache } from '../../src/serve/user-events-cache.js';
import type { StoredEvent } from '../../src/serve/wire.js';

const ev = (user: string, seq: number): StoredEvent => ({ seq, user, item: `i${seq}`, type: 'click', value: 1, timestamp: seq });

describe('UserEventsCache', () => {
  it('returns what was set for a user until the user is dropped', () => {
    const c = new UserEventsCache(10);
    expect(c.get('u')).toBeUndefined();
    c.set('u', [ev('u', 1)]);
    c.set('empty', []);
    expect(c.get('u')).toEqual([ev('u', 1)]);
    expect(c.get('empty')).toEqual([]); // a user with no events is cached as such
    c.drop('u');
    expect(c.get('u')).toBeUndefined();
    expect(c.size).toBe(1);
  });

  it('evicts the least recently read user beyond maxUsers', () => {
    const c = new UserEventsCache(10, { maxUsers: 2 });
    c.set('a', []);
    c.set('b', []);
    c.get('a'); // a is now more recent than b
    c.set('c', []);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toEqual([]);
    expect(c.get('c')).toEqual([]);
  });

  it('keeps the events held at most maxEvents: 3 + 2 + 2 events with a limit of 5 leave the last two users', () => {
    const c = new UserEventsCache(10, { maxEvents: 5 });
    c.set('a', [ev('a', 1), ev('a', 2), ev('a', 3)]);
    c.set('b', [ev('b', 4), ev('b', 5)]);
    c.set('c', [ev('c', 6), ev('c', 7)]); // 7 > 5: a (3 events) goes, 4 remain
    expect(c.get('a')).toBeUndefined();
    expect(c.size).toBe(2);
    // replacing an entry counts only the new events
    c.set('b', [ev('b', 4)]);
    c.set('d', [ev('d', 8), ev('d', 9)]); // 1 + 2 + 2 = 5: nobody evicted
    expect(c.size).toBe(3);
  });

  it('refuses a row limit below 1, naming it', () => {
    expect(() => new UserEventsCache(0)).toThrow(/rowsPerUser must be an integer >= 1, got 0/);
  });
});
