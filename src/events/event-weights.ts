/**
 * How each event type of a log counts towards a (user, item) pair's confidence. The weights file is
 * JSON, one entry per event type:
 *
 *   {
 *     "impression": 0,                                  // seen: counts nothing (but see below)
 *     "click": 1,
 *     "complete": { "weight": 3, "times": "value" },    // 3 × completion fraction (the event's value)
 *     "like": 4,
 *     "scroll_past": -0.5                               // seen and not wanted
 *   }
 *
 * A number w: each event adds w. `{ "weight": w, "times": "value" }`: each adds w × the event's
 * value, which must be present. The per-pair sum is the implicit rating r; Spark's implicit
 * semantics read it as preference p = [r > 0] and confidence c = 1 + α|r|, so a negative sum is a
 * confident "no" (p = 0 with extra weight), exactly what scroll-past means. A pair whose events sum
 * to 0 (impressions only) is kept with r = 0 and means "seen, nothing": it adds no confidence.
 */
export type EventWeight = number | { weight: number; times?: 'value' | 'one' };
export type EventWeights = Record<string, EventWeight>;

/** The weights the ad example uses (and `alsrec events` without --weights). */
export const DEFAULT_EVENT_WEIGHTS: EventWeights = {
  impression: 0,
  click: 1,
  complete: { weight: 3, times: 'value' },
  like: 4,
  scroll_past: -0.5,
};

/** Weights as arrays indexed by event-type code (the order of `names`). */
export interface ResolvedWeights {
  names: string[];
  weight: Float64Array;
  /** 1 when the weight multiplies the event's value. */
  timesValue: Uint8Array;
  /** name → code */
  code: Map<string, number>;
}

/** Checks a weights object (e.g. parsed from the weights file named `where`) and resolves it. */
export function resolveEventWeights(weights: unknown, where = 'weights'): ResolvedWeights {
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw new Error(`${where}: expected a JSON object of event type → weight, e.g. {"click": 1, "scroll_past": -0.5}`);
  }
  const names = Object.keys(weights);
  if (names.length === 0) throw new Error(`${where}: no event types; list at least one, e.g. {"click": 1}`);
  const weight = new Float64Array(names.length);
  const timesValue = new Uint8Array(names.length);
  names.forEach((name, c) => {
    const w = (weights as Record<string, unknown>)[name];
    if (typeof w === 'number' && Number.isFinite(w)) {
      weight[c] = w;
      return;
    }
    if (typeof w === 'object' && w !== null && !Array.isArray(w)) {
      const o = w as Record<string, unknown>;
      const extra = Object.keys(o).filter((key) => key !== 'weight' && key !== 'times');
      if (typeof o.weight === 'number' && Number.isFinite(o.weight) && (o.times === undefined || o.times === 'value' || o.times === 'one') && extra.length === 0) {
        weight[c] = o.weight;
        timesValue[c] = o.times === 'value' ? 1 : 0;
        return;
      }
    }
    throw new Error(`${where}: event type ${JSON.stringify(name)} has weight ${JSON.stringify(w)}; use a number or {"weight": 3, "times": "value"}`);
  });
  return { names, weight, timesValue, code: new Map(names.map((n, c) => [n, c])) };
}

/** The code of event type `name`, or an error listing the known types. */
export function eventCode(w: ResolvedWeights, name: string, where: string): number {
  const c = w.code.get(name);
  if (c === undefined) {
    throw new Error(`${where}: unknown event type ${JSON.stringify(name)}; the weights know ${w.names.map((n) => JSON.stringify(n)).join(', ')} — add it to the weights file (0 to ignore it)`);
  }
  return c;
}
