import { IdMap, type ExternalId } from '../data/id-map.js';
import type { Interactions } from '../data/interactions.js';
import { eventCode, resolveEventWeights, type EventWeights, type ResolvedWeights } from './event-weights.js';
import { PairTable } from './pair-table.js';
import { parseTimestamp } from './timestamp.js';

export interface AggregateOptions {
  /**
   * Time decay: an event at time t counts 2^(−(now − t)/halfLife), so an event one half-life old
   * counts half. Same unit as the timestamps (seconds for logs read by alsrec). Default: no decay.
   * Every event then needs a timestamp.
   */
  halfLife?: number;
  /** The reference time of the decay. Default: the newest event's timestamp. */
  now?: number;
}

/** One event as a plain object (the library's and the service's entry point). */
export interface EventRow {
  user: ExternalId;
  item: ExternalId;
  event: string;
  /** Needed when the event type's weight multiplies the value (e.g. completion fraction). */
  value?: number | null;
  /** Epoch seconds, or an ISO 8601 string. */
  timestamp?: number | string | null;
}

/** Past 2^EXP_LIMIT the running sums are rescaled to a newer anchor so they never overflow. */
const EXP_LIMIT = 512;

/**
 * Turns events into one implicit rating per (user, item) pair, incrementally: feed events with
 * `add` / `addRows` in any number of batches, then `finish()`. Each pair's rating is
 *
 *   r_ui = Σ_events weight(type) · (value if the weight says "times value") · 2^(−(now − t)/halfLife)
 *
 * (event-weights.ts for the weights, the decay only with a half-life). Memory is one slot per
 * distinct pair, not per event; the running decayed sums are kept against an anchor time
 * (Σ w·2^((t − anchor)/h)) so the reference time can be the newest event, known only at the end.
 */
export class EventAggregator {
  readonly weights: ResolvedWeights;
  readonly userIds: IdMap;
  readonly itemIds: IdMap;
  private readonly pairs = new PairTable(1 << 16);
  private sums = new Float64Array(1 << 15);
  private last = new Float64Array(1 << 15);
  private readonly halfLife: number | undefined;
  private readonly now: number | undefined;
  private anchor = NaN;
  private newest = -Infinity;
  private count = 0;

  constructor(weights: EventWeights | ResolvedWeights, opts: AggregateOptions = {}, ids: { userIds?: IdMap; itemIds?: IdMap } = {}) {
    this.weights = 'code' in weights && weights.code instanceof Map ? (weights as ResolvedWeights) : resolveEventWeights(weights);
    const { halfLife, now } = opts;
    if (halfLife !== undefined && !(halfLife > 0 && Number.isFinite(halfLife))) {
      throw new Error(`events: halfLife must be a positive number of timestamp units (seconds), got ${halfLife}`);
    }
    if (now !== undefined && !Number.isFinite(now)) throw new Error(`events: now must be a finite time, got ${now}`);
    this.halfLife = halfLife;
    this.now = now;
    this.userIds = ids.userIds ?? new IdMap();
    this.itemIds = ids.itemIds ?? new IdMap();
  }

  /** Events added so far. */
  get events(): number {
    return this.count;
  }

  /**
   * Adds one event by dense indices (from `userIds.add(id)`, `itemIds.add(id)`) and event-type code
   * (`weights.code`). `value` may be NaN when the type's weight does not use it; `timestamp` NaN when
   * unknown (allowed without decay). Errors say what is wrong; the caller adds where (file, line).
   */
  add(u: number, i: number, type: number, value: number, timestamp: number): void {
    const w = this.weights;
    let x = w.weight[type]!;
    if (w.timesValue[type]) {
      if (!Number.isFinite(value)) {
        throw new Error(`event type ${JSON.stringify(w.names[type])} is weighted by its value, and this event has ${value !== value ? 'none' : value}; give a finite value or weigh the type by a plain number`);
      }
      x *= value;
    }
    const t = timestamp;
    if (t === t) {
      if (t > this.newest) this.newest = t;
    } else if (this.halfLife !== undefined) {
      throw new Error('time decay needs a timestamp on every event, and this one has none; fill it in or drop the half-life');
    }
    if (this.halfLife !== undefined) {
      if (this.anchor !== this.anchor) this.anchor = t;
      let e = (t - this.anchor) / this.halfLife;
      if (e > EXP_LIMIT) {
        this.rescale(t);
        e = 0;
      }
      x *= 2 ** e;
    }
    const before = this.pairs.size;
    const s = this.pairs.slot(u, i);
    if (this.pairs.size > before) {
      if (s === this.sums.length) this.growValues();
      this.sums[s] = x;
      this.last[s] = t;
    } else {
      this.sums[s]! += x;
      if (t > this.last[s]! || this.last[s] !== this.last[s]) this.last[s] = t;
    }
    this.count++;
  }

  /** Adds event objects; errors name the row (`rows[17]`) within this batch. */
  addRows(rows: Iterable<EventRow>): void {
    let r = 0;
    for (const row of rows) {
      const where = `rows[${r++}]`;
      try {
        const type = eventCode(this.weights, row.event, where);
        const ts = row.timestamp === undefined || row.timestamp === null ? NaN : parseTimestamp(row.timestamp);
        if (ts !== ts && row.timestamp !== undefined && row.timestamp !== null) {
          throw new Error(`timestamp ${JSON.stringify(row.timestamp)} is neither a number nor an ISO 8601 date-time`);
        }
        const value = row.value === undefined || row.value === null ? NaN : row.value;
        this.add(this.userIds.add(row.user), this.itemIds.add(row.item), type, value, ts);
      } catch (e) {
        const m = (e as Error).message;
        throw new Error(m.startsWith(where) ? m : `${where}: ${m}`);
      }
    }
  }

  /**
   * One row per distinct pair, in order of first appearance: rating = the (decayed) weighted sum,
   * timestamp = the pair's newest event (NaN when it had none). The aggregator can go on taking
   * events afterwards; `finish` again gives the updated totals.
   */
  finish(): Interactions {
    const n = this.pairs.size;
    const ratings = new Float32Array(n);
    let scale = 1;
    if (this.halfLife !== undefined && n > 0) {
      const now = this.now ?? this.newest;
      scale = 2 ** ((this.anchor - now) / this.halfLife);
    }
    for (let s = 0; s < n; s++) ratings[s] = this.sums[s]! * scale;
    return {
      users: this.pairs.users.slice(0, n),
      items: this.pairs.items.slice(0, n),
      ratings,
      timestamps: this.last.slice(0, n),
      userIds: this.userIds,
      itemIds: this.itemIds,
    };
  }

  private rescale(newAnchor: number): void {
    const f = 2 ** ((this.anchor - newAnchor) / this.halfLife!);
    for (let s = 0; s < this.pairs.size; s++) this.sums[s]! *= f;
    this.anchor = newAnchor;
  }

  private growValues(): void {
    const grow = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.sums = grow(this.sums);
    this.last = grow(this.last);
  }
}

/** The events of `rows` aggregated in one call (see EventAggregator). */
export function aggregateEvents(rows: Iterable<EventRow>, weights: EventWeights, opts: AggregateOptions = {}): Interactions {
  const agg = new EventAggregator(weights, opts);
  agg.addRows(rows);
  if (agg.events === 0) throw new Error('events: no events; pass at least one {user, item, event} row');
  return agg.finish();
}
