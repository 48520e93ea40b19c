import { DEFAULT_EVENT_WEIGHTS, type EventWeights } from '../events/event-weights.js';

/**
 * Event type names the service stores under another, canonical name. The wire format
 * calls the watched-to-the-end event `completion`; `alsrec events` (its weights files and event
 * logs) calls it `complete`. The service's canonical name is `completion`; `complete` is accepted
 * everywhere as its alias: posted events are stored as `completion`, and a weights file that
 * weighs `complete` weighs `completion`.
 */
export const EVENT_TYPE_ALIASES: ReadonlyMap<string, string> = new Map([['complete', 'completion']]);

/** The canonical name of an event type (`complete` → `completion`; others unchanged). */
export function canonicalEventType(type: string): string {
  return EVENT_TYPE_ALIASES.get(type) ?? type;
}

/**
 * The service's default event weights: those of `alsrec events` (src/events/event-weights.ts) plus
 * `conversion` (4), with `completion` (3 × fraction) under both of its names. A weights file
 * replaces them.
 */
export const SERVE_EVENT_WEIGHTS: EventWeights = { ...DEFAULT_EVENT_WEIGHTS, completion: { weight: 3, times: 'value' }, conversion: 4 };

/**
 * `weights` with every alias and its canonical name weighted alike: a weight given under one name
 * is copied to the other (so events stored under either name count). Both names with different
 * weights is an error naming them.
 */
export function withAliasWeights(weights: EventWeights, where: string): EventWeights {
  const out: EventWeights = { ...weights };
  for (const [alias, canonical] of EVENT_TYPE_ALIASES) {
    const a = Object.hasOwn(weights, alias) ? weights[alias] : undefined;
    const c = Object.hasOwn(weights, canonical) ? weights[canonical] : undefined;
    if (a !== undefined && c !== undefined && JSON.stringify(a) !== JSON.stringify(c)) {
      throw new Error(`${where}: '${alias}' and '${canonical}' are one event type (stored as '${canonical}'); give it one weight, got ${JSON.stringify(a)} and ${JSON.stringify(c)}`);
    }
    const w = c ?? a;
    if (w !== undefined) {
      out[alias] = w;
      out[canonical] = w;
    }
  }
  return out;
}
