import type { ExternalId, IdMap } from '../data/id-map.js';
import { ServeError } from './serve-error.js';

/**
 * The wire format (kept stable; fields may be added):
 *   recommendation response  { user, source, requestId, modelVersion, items: [{ item, score }] }
 *   event                    { user, item, type, value?, timestamp?, requestId?, position?, id? }
 *   event batch              { events: [ … ] }
 * Ids travel as JSON strings; numbers are accepted and turned into their decimal text.
 */

/** Which path answered a recommendation request. */
export type RecommendationSource =
  /** the precomputed list of a known user (minus items the user has touched since) */
  | 'cf-cached'
  /** a known user's list computed on the request (cache still building, or k beyond the cache) */
  | 'cf-computed'
  /** a user folded in live from stored events (needs the fold-in of issue 8) */
  | 'cf-live'
  /** a user the model does not know, folded in and blended with item-content similarity */
  | 'hybrid'
  | 'fallback-popularity';

export interface ScoredItem {
  item: string;
  score: number;
}

export interface RecommendationResponse {
  user: string;
  source: RecommendationSource;
  requestId: string;
  modelVersion: string;
  items: ScoredItem[];
}

/** Event types with a built-in meaning; any other lower-case name is a custom type. */
export const KNOWN_EVENT_TYPES = ['impression', 'click', 'conversion', 'completion', 'like', 'scroll_past'] as const;

export interface EventInput {
  user: string;
  item: string;
  type: string;
  /** completion fraction, rating, amount… (default 1) */
  value?: number;
  /** ms since the epoch; default: when the service received it */
  timestamp?: number;
  /** the requestId of the recommendation list this event is about */
  requestId?: string;
  /** 0-based position of the item in that list */
  position?: number;
  /** client-chosen id: posting the same id twice stores the event once */
  id?: string;
}

/** A stored event: the input plus the store's sequence number and the time it was received. */
export interface StoredEvent extends Required<Pick<EventInput, 'user' | 'item' | 'type' | 'value' | 'timestamp'>> {
  seq: number;
  requestId?: string;
  position?: number;
  id?: string;
}

/** "42" and 42 → "42"; anything else is a 400 naming the field. */
export function wireId(v: unknown, where: string): string {
  if (typeof v === 'string' && v.length > 0 && v.length <= 256) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new ServeError('bad_request', `${where} must be a non-empty string (≤ 256 chars) or a number, got ${JSON.stringify(v)}`);
}

/**
 * The model row of a wire id: an int-id model (MovieLens, Spark) knows 196, not "196", so decimal
 * text is looked up as a number there. −1 when the model does not know the id.
 */
export function modelRow(ids: IdMap, id: string): number {
  const direct = ids.toIndex(id);
  if (direct >= 0 || ids.kind === 'string') return direct;
  return /^-?\d{1,10}$/.test(id) ? ids.toIndex(Number(id)) : -1;
}

/** The wire text of a model id. */
export function wireText(id: ExternalId): string {
  return typeof id === 'string' ? id : String(id);
}
