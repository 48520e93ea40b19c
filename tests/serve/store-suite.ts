import { expect, it } from 'vitest';
import type { EventStore } from '../../src/serve/event-store.js';

/** One conformance suite for every event store: what the service relies on, stated as sentences. */
export function storeSuite(open: () => Promise<EventStore>): void {
  it('stores events and lists a user’s events oldest first with their fields', async () => {
    const s = await open();
    try {
      const r = await s.append([
        { user: 'u1', item: 'a', type: 'impression', requestId: 'r1', position: 0, timestamp: 1000 },
        { user: 'u1', item: 'a', type: 'click', requestId: 'r1', value: 1, timestamp: 2000 },
        { user: 'u2', item: 'b', type: 'completion', value: 0.5 },
      ]);
      expect(r).toEqual({ stored: 3, duplicates: 0 });
      const page = await s.userEvents('u1', { limit: 10 });
      expect(page.next).toBeNull();
      expect(page.events.map(({ seq: _seq, ...e }) => e)).toEqual([
        { user: 'u1', item: 'a', type: 'impression', value: 1, timestamp: 1000, requestId: 'r1', position: 0 },
        { user: 'u1', item: 'a', type: 'click', value: 1, timestamp: 2000, requestId: 'r1' },
      ]);
      const other = await s.userEvents('u2', { limit: 10 });
      expect(other.events[0]!.value).toBe(0.5);
      expect(Math.abs(other.events[0]!.timestamp - Date.now())).toBeLessThan(60_000); // defaulted to now
    } finally {
      await s.close();
    }
  });

  it('stores an event with an id once, however often it is posted (idempotent retries)', async () => {
    const s = await open();
    try {
      expect(await s.append([{ user: 'u', item: 'a', type: 'click', id: 'e-1' }])).toEqual({ stored: 1, duplicates: 0 });
      expect(await s.append([{ user: 'u', item: 'a', type: 'click', id: 'e-1' }, { user: 'u', item: 'b', type: 'click', id: 'e-2' }])).toEqual({ stored: 1, duplicates: 1 });
      // events without an id are never merged
      await s.append([{ user: 'u', item: 'c', type: 'click' }, { user: 'u', item: 'c', type: 'click' }]);
      expect(await s.count()).toBe(4);
    } finally {
      await s.close();
    }
  });

  it('pages a user’s events with the `next` cursor, covering each event once', async () => {
    const s = await open();
    try {
      await s.append(Array.from({ length: 7 }, (_, j) => ({ user: 'p', item: `i${j}`, type: 'click' })));
      const seen: string[] = [];
      let after = 0;
      for (let pages = 0; pages < 10; pages++) {
        const page = await s.userEvents('p', { after, limit: 3 });
        seen.push(...page.events.map((e) => e.item));
        if (page.next === null) break;
        after = page.next;
      }
      expect(seen).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6']);
    } finally {
      await s.close();
    }
  });

  it('lists the items a user touched, ignoring the given event types', async () => {
    const s = await open();
    try {
      await s.append([
        { user: 'v', item: 'shown', type: 'impression' },
        { user: 'v', item: 'clicked', type: 'click' },
        { user: 'v', item: 'clicked', type: 'impression' },
        { user: 'v', item: 'liked', type: 'like' },
        { user: 'w', item: 'other', type: 'click' },
      ]);
      expect((await s.userItems('v', ['impression'])).sort()).toEqual(['clicked', 'liked']);
      expect((await s.userItems('v', [])).sort()).toEqual(['clicked', 'liked', 'shown']);
    } finally {
      await s.close();
    }
  });

  it('commits concurrent appends together and answers each with its own counts', async () => {
    const s = await open();
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, j) => s.append([{ user: `c${j}`, item: 'x', type: 'click', id: `c-${j % 25}` }])),
      );
      expect(results.reduce((n, r) => n + r.stored, 0)).toBe(25);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(25);
      expect((await s.eventsAfter(0, 1000)).length).toBe(25);
    } finally {
      await s.close();
    }
  });
  it('gives a request the user’s newest events, in time order, when they have more than the limit', async () => {
    const s = await open();
    try {
      // 1,003 events for one user: the newest 1,000 (the service's limit) are items 3…1002
      const events = Array.from({ length: 1003 }, (_, j) => ({ user: 'busy', item: String(j), type: 'click' }));
      await s.append(events);
      expect((await s.recentUserEvents('busy', 1000)).map((e) => e.item)).toEqual(events.slice(3).map((e) => e.item));
      expect((await s.recentUserEvents('busy', 2)).map((e) => e.item)).toEqual(['1001', '1002']);
      await s.append([{ user: 'busy', item: 'newest', type: 'like' }]);
      const after = await s.recentUserEvents('busy', 1000);
      expect(after.length).toBe(1000);
      expect(after[0]!.item).toBe('4');
      expect(after[999]!.item).toBe('newest');
    } finally {
      await s.close();
    }
  });
  it('shows a user’s new events on the next read, whatever was read before (reads may be cached)', async () => {
    const s = await open();
    try {
      expect(await s.recentUserEvents('n', 1000)).toEqual([]);
      await s.append([{ user: 'n', item: 'a', type: 'click' }]);
      expect((await s.recentUserEvents('n', 1000)).map((e) => e.item)).toEqual(['a']);
      await s.append([{ user: 'n', item: 'b', type: 'like' }, { user: 'm', item: 'c', type: 'click' }]);
      expect((await s.recentUserEvents('n', 1000)).map((e) => e.item)).toEqual(['a', 'b']);
      expect((await s.userEvents('n', { limit: 1000 })).events.map((e) => e.item)).toEqual(['a', 'b']);
      // a shorter first page of the same events says where the next page starts
      const page = await s.userEvents('n', { limit: 1 });
      expect(page.events.map((e) => e.item)).toEqual(['a']);
      expect(page.next).toBe(page.events[0]!.seq);
    } finally {
      await s.close();
    }
  });
}
