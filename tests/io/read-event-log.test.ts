import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateEvents } from '../../src/events/aggregate-events.js';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/events/event-weights.js';
import { readEventLog } from '../../src/io/read-event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const table = (d: Awaited<ReturnType<typeof readEventLog>>['data']) =>
  Array.from(d.users, (u, r) => [d.userIds.toExternal(u), d.itemIds.toExternal(d.items[r]!), d.ratings[r]]);

describe('readEventLog', () => {
  it('aggregates a CSV log (integer ids stay numbers, ISO and epoch timestamps)', async () => {
    const p = file('log.csv', 'timestamp,user,item,event,value\n2024-01-01T00:00:00Z,1,7,click,\n1704067300,1,7,complete,0.5\n1704067400,2,7,scroll_past,\n');
    const { data, events } = await readEventLog(p, DEFAULT_EVENT_WEIGHTS);
    expect(events).toBe(3);
    expect(table(data)).toEqual([[1, 7, 2.5], [2, 7, -0.5]]);
    expect(data.timestamps![0]).toBe(1704067300);
  });

  it('reads text ids when a column is not all integers, TSV by extension, and a log without value/timestamp columns', async () => {
    const p = file('log.tsv', 'user\titem\tevent\n1\tad-9\tclick\nvisitor\tad-9\tlike\n1\tad-9\tclick\n');
    const { data } = await readEventLog(p, DEFAULT_EVENT_WEIGHTS);
    expect(table(data)).toEqual([['1', 'ad-9', 2], ['visitor', 'ad-9', 4]]);
  });

  it('keeps 007 and 7 as two users (ids are text), where they used to merge into user 7', async () => {
    const p = file('lead.csv', 'user,item,event\n007,1,click\n7,1,click\n');
    const { data } = await readEventLog(p, DEFAULT_EVENT_WEIGHTS);
    expect(data.userIds.ids()).toEqual(['007', '7']);
  });

  it('keeps text ids exactly as written: "ad 9" and " ad 9" are two items, as in the ratings readers', async () => {
    const p = file('spaces.csv', 'user,item,event\nu1,ad 9,click\nu1, ad 9,click\n');
    const { data } = await readEventLog(p, DEFAULT_EVENT_WEIGHTS);
    expect(data.itemIds.ids()).toEqual(['ad 9', ' ad 9']);
  });

  it('reads JSON lines with renamed keys', async () => {
    const p = file('log.jsonl', '{"uid":"a","ad":3,"type":"click","ts":"2024-01-01"}\n\n{"uid":"a","ad":3,"type":"complete","v":1,"ts":1}\n');
    const { data } = await readEventLog(p, DEFAULT_EVENT_WEIGHTS, { userCol: 'uid', itemCol: 'ad', eventCol: 'type', valueCol: 'v', timestampCol: 'ts' });
    expect(table(data)).toEqual([['a', 3, 4]]);
  });

  it('gives the same totals as aggregateEvents on the same rows (property)', async () => {
    const types = ['impression', 'click', 'complete', 'like', 'scroll_past'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ user: fc.integer({ min: 0, max: 5 }), item: fc.integer({ min: 0, max: 5 }), t: fc.integer({ min: 0, max: 4 }), value: fc.integer({ min: 0, max: 100 }) }), { minLength: 1, maxLength: 60 }),
        async (evs) => {
          const rows = evs.map((e) => ({ user: e.user, item: e.item, event: types[e.t]!, value: e.value / 100, timestamp: e.value }));
          const p = file('prop.csv', 'user,item,event,value,timestamp\n' + rows.map((r) => `${r.user},${r.item},${r.event},${r.value},${r.timestamp}`).join('\n') + '\n');
          const { data } = await readEventLog(p, DEFAULT_EVENT_WEIGHTS, { halfLife: 30 });
          expect(table(data)).toEqual(table(aggregateEvents(rows, DEFAULT_EVENT_WEIGHTS, { halfLife: 30 })));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('names file and line: unknown event type (with the known ones), missing value, bad timestamp, missing column, bad JSON', async () => {
    const w = DEFAULT_EVENT_WEIGHTS;
    await expect(readEventLog(file('a.csv', 'user,item,event\n1,2,click\n1,2,share\n'), w)).rejects.toThrow(/a.csv: line 3: unknown event type "share"; the weights know "impression", "click", "complete", "like", "scroll_past"/);
    await expect(readEventLog(file('b.csv', 'user,item,event,value\n1,2,complete,\n'), w)).rejects.toThrow(/b.csv: line 2: event type "complete" is weighted by its value, and this event has none/);
    await expect(readEventLog(file('c.csv', 'user,item,event,timestamp\n1,2,click,yesterday\n'), w)).rejects.toThrow(/c.csv: line 2: timestamp "yesterday" does not parse; use epoch seconds or ISO 8601/);
    await expect(readEventLog(file('d.csv', 'user,item,kind\n1,2,click\n'), w)).rejects.toThrow(/d.csv: header: no event column "event" in the header \(user, item, kind\); name it with --event-col/);
    await expect(readEventLog(file('e.jsonl', '{"user":1,"item":2,"event":"click"}\n{oops\n'), w)).rejects.toThrow(/e.jsonl: line 2: is not valid JSON/);
    await expect(readEventLog(file('f.csv', 'user,item,event\n'), w)).rejects.toThrow(/f.csv: no events/);
  });
});
