import { extname } from 'node:path';
import { isSparkInt, type ExternalId } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { EventAggregator, type AggregateOptions } from '../events/aggregate-events.js';
import type { EventWeights, ResolvedWeights } from '../events/event-weights.js';
import { parseTimestamp } from '../events/timestamp.js';
import { forEachLine } from './read-lines.js';
import { parseCanonicalIntSpan, parseNumberSpan } from './read-numbers.js';
import { RecordSplitter } from './read-records.js';

/** Options of the event-log reader (CLI flags in brackets). */
export interface ReadEventLogOptions extends AggregateOptions {
  /** 'csv', 'tsv' or 'jsonl'. Default: from the extension (.jsonl/.ndjson/.json → jsonl, .tsv/.tab → tsv, else csv). [--format] */
  format?: 'csv' | 'tsv' | 'jsonl';
  /** Column (CSV header name, or JSON key) of each field. Defaults user, item, event, value, timestamp. */
  userCol?: string;
  itemCol?: string;
  eventCol?: string;
  /** Optional column: an absent value column means no event has a value. */
  valueCol?: string;
  /** Optional column: epoch seconds or ISO 8601 date-times. */
  timestampCol?: string;
  /** 'auto' (default): a column of integers gives numeric ids, anything else text ids; 'string': always text. [--ids] */
  ids?: 'auto' | 'string';
}

class RestartAsStrings extends Error {
  constructor(readonly column: 'user' | 'item') {
    super('restart');
  }
}

/**
 * Streams an event log (rows of user, item, event type, value?, timestamp?) from CSV/TSV with a
 * header or from JSON lines, aggregating as it reads (events/aggregate-events.ts): memory grows with
 * the distinct (user, item) pairs, not with the events. Errors name the file, line and the fix.
 */
export async function readEventLog(
  path: string,
  weights: EventWeights | ResolvedWeights,
  opts: ReadEventLogOptions = {},
): Promise<{ data: Interactions; events: number }> {
  const ext = extname(path).toLowerCase();
  const format = opts.format ?? (['.jsonl', '.ndjson', '.json'].includes(ext) ? 'jsonl' : ext === '.tsv' || ext === '.tab' ? 'tsv' : 'csv');
  if (!['csv', 'tsv', 'jsonl'].includes(format)) throw new Error(`${path}: format must be csv, tsv or jsonl, got ${JSON.stringify(format)}`);
  const modes = { user: opts.ids === 'string' ? 'string' : 'int', item: opts.ids === 'string' ? 'string' : 'int' } as Record<'user' | 'item', 'int' | 'string'>;
  for (;;) {
    const agg = new EventAggregator(weights, opts);
    try {
      if (format === 'jsonl') await readJsonLines(path, agg, opts);
      else await readDelimitedEvents(path, format === 'tsv' ? '\t' : ',', agg, opts, modes);
    } catch (e) {
      if (e instanceof RestartAsStrings) {
        modes[e.column] = 'string';
        continue;
      }
      throw e;
    }
    if (agg.events === 0) throw new Error(`${path}: no events; expected rows of (user, item, event[, value][, timestamp])`);
    return { data: agg.finish(), events: agg.events };
  }
}

async function readDelimitedEvents(
  path: string,
  delimiter: string,
  agg: EventAggregator,
  opts: ReadEventLogOptions,
  modes: Record<'user' | 'item', 'int' | 'string'>,
): Promise<void> {
  const splitter = new RecordSplitter(delimiter, path);
  const names = agg.weights.names;
  let header: string[] | null = null;
  let cu = -1, ci = -1, ce = -1, cv = -1, ct = -1;
  let line = 0;
  const id = (column: 'user' | 'item', k: number): ExternalId => {
    const src = splitter.src;
    const s = splitter.spans[2 * k]!;
    const e = splitter.spans[2 * k + 1]!;
    if (modes[column] === 'int') {
      const v = parseCanonicalIntSpan(src, s, e); // 007, +7, 7.0 are text ids, not 7 (data/id-map.ts)
      if (v === v) return v;
      throw new RestartAsStrings(column);
    }
    // Text ids are kept exactly as written, spaces included, as the ratings readers keep them.
    if (s === e) throw new Error(`empty ${column} id; every event needs one`);
    return src.slice(s, e);
  };
  const eventType = (k: number): number => {
    const src = splitter.src;
    const s = splitter.spans[2 * k]!;
    const e = splitter.spans[2 * k + 1]!;
    for (let c = 0; c < names.length; c++) if (names[c]!.length === e - s && src.startsWith(names[c]!, s)) return c;
    const name = src.slice(s, e).trim();
    const c = agg.weights.code.get(name);
    if (c !== undefined) return c;
    throw new Error(`unknown event type ${JSON.stringify(name)}; the weights know ${names.map((n) => JSON.stringify(n)).join(', ')} — add it to the weights file (0 to ignore it)`);
  };
  const number = (k: number, what: string): number => {
    if (k < 0) return NaN;
    const src = splitter.src;
    const s = splitter.spans[2 * k]!;
    const e = splitter.spans[2 * k + 1]!;
    const v = parseNumberSpan(src, s, e);
    if (v === v) return v;
    const text = src.slice(s, e).trim();
    if (text === '') return NaN;
    if (what === 'timestamp') {
      const t = parseTimestamp(text);
      if (t === t) return t;
      throw new Error(`timestamp ${JSON.stringify(text)} does not parse; use epoch seconds or ISO 8601 (2024-05-01T12:00:00Z)`);
    }
    throw new Error(`value ${JSON.stringify(text)} is not a number`);
  };
  try {
    await forEachLine(path, (text, start, end, ln) => {
      line = ln;
      if (start === end && !splitter.inRecord) return;
      const count = splitter.feed(text, start, end, ln);
      if (count < 0) return;
      line = splitter.recordLine;
      if (header === null) {
        const h = Array.from({ length: count }, (_, k) => splitter.field(k).trim());
        const need = (name: string, flag: string) => {
          const k = h.indexOf(name);
          if (k < 0) throw new Error(`no ${flag.slice(2, -4)} column ${JSON.stringify(name)} in the header (${h.join(', ')}); name it with ${flag}`);
          return k;
        };
        cu = need(opts.userCol ?? 'user', '--user-col');
        ci = need(opts.itemCol ?? 'item', '--item-col');
        ce = need(opts.eventCol ?? 'event', '--event-col');
        cv = opts.valueCol !== undefined ? need(opts.valueCol, '--value-col') : h.indexOf('value');
        ct = opts.timestampCol !== undefined ? need(opts.timestampCol, '--timestamp-col') : h.indexOf('timestamp');
        header = h;
        return;
      }
      if (count !== header.length) throw new Error(`has ${count} fields, expected ${header.length} (${header.join(', ')})`);
      const u = agg.userIds.add(id('user', cu));
      const i = agg.itemIds.add(id('item', ci));
      agg.add(u, i, eventType(ce), number(cv, 'value'), number(ct, 'timestamp'));
    });
    splitter.finish();
  } catch (e) {
    if (e instanceof RestartAsStrings) throw e;
    const m = (e as Error).message;
    throw new Error(m.startsWith(path) ? m : `${path}: ${header === null ? 'header' : `line ${line}`}: ${m}`);
  }
}

async function readJsonLines(path: string, agg: EventAggregator, opts: ReadEventLogOptions): Promise<void> {
  const [ku, ki, ke, kv, kt] = [opts.userCol ?? 'user', opts.itemCol ?? 'item', opts.eventCol ?? 'event', opts.valueCol ?? 'value', opts.timestampCol ?? 'timestamp'];
  let line = 0;
  const asString = opts.ids === 'string';
  const idOf = (v: unknown, key: string): ExternalId => {
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') {
      if (asString) return String(v);
      if (isSparkInt(v)) return v;
      throw new Error(`"${key}": ${v} is not an integer in Spark's int range; write it as a string or pass --ids string`);
    }
    throw new Error(`"${key}" is ${JSON.stringify(v)}; every event needs a ${key} id (number or string)`);
  };
  try {
    await forEachLine(path, (text, start, end, ln) => {
      line = ln;
      if (start === end) return;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(text.slice(start, end));
      } catch {
        throw new Error('is not valid JSON; each line must be one JSON object');
      }
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('is not a JSON object');
      const type = o[ke];
      if (typeof type !== 'string') throw new Error(`"${ke}" is ${JSON.stringify(type)}; each event needs its type as a string`);
      const code = agg.weights.code.get(type);
      if (code === undefined) {
        throw new Error(`unknown event type ${JSON.stringify(type)}; the weights know ${agg.weights.names.map((n) => JSON.stringify(n)).join(', ')} — add it to the weights file (0 to ignore it)`);
      }
      const v = o[kv];
      if (v !== undefined && v !== null && typeof v !== 'number') throw new Error(`"${kv}" is ${JSON.stringify(v)}, not a number`);
      const t = o[kt];
      let ts = NaN;
      if (t !== undefined && t !== null) {
        ts = typeof t === 'number' || typeof t === 'string' ? parseTimestamp(t) : NaN;
        if (ts !== ts) throw new Error(`timestamp ${JSON.stringify(t)} does not parse; use epoch seconds or ISO 8601 (2024-05-01T12:00:00Z)`);
      }
      const u = agg.userIds.add(idOf(o[ku], ku));
      const i = agg.itemIds.add(idOf(o[ki], ki));
      agg.add(u, i, code, typeof v === 'number' ? v : NaN, ts);
    });
  } catch (e) {
    throw new Error(`${path}: line ${line}: ${(e as Error).message}`);
  }
}
