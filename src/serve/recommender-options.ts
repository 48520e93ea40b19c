import type { Interactions } from '../data/interactions.js';
import type { EventWeights, ResolvedWeights } from '../events/event-weights.js';
import type { ItemFeatures } from '../fallback/item-features.js';
import type { EventStore } from './event-store.js';
import type { LifecycleOptions } from './model-lifecycle.js';
import type { ScoredItem } from './wire.js';

/** The options, requests and responses of `Recommender` (recommender.ts). */

/** Events of one user read per request for fold-in and exclusion: the newest, in time order. */
export const MAX_HISTORY_EVENTS = 1000;

/** Options of the serving class (the CLI flags map onto these). */
export interface RecommenderOptions {
  /** Directory that every swapped-in model must lie inside. Default: the parent of the first model. */
  modelRoot: string;
  store: EventStore;
  /** Training interactions: their pairs are never recommended again. Default: none. */
  train?: Interactions | null;
  /** Length of each precomputed list; requests with k above it are computed live. Default 50. */
  cacheK?: number;
  /** Event types that do not mark an item as seen. Default ['impression']. */
  unseenTypes?: readonly string[];
  /** Largest k a request may ask for. Default 1000. */
  maxK?: number;
  /** Event type → weight, as in `alsrec events --weights` ('complete' and 'completion' are one type). Default SERVE_EVENT_WEIGHTS. */
  weights?: EventWeights;
  /** Item features: users the model does not know get hybrid lists (fold-in blended with content). */
  itemFeatures?: ItemFeatures | null;
  /** The store's spec (`sqlite:…`, `postgres://…`): a retrain reads the events through its own connection. */
  storeSpec?: string;
  /** Iterations of a warm-started retrain. Default 5. */
  retrainIterations?: number;
}

export interface RecommendRequest {
  k?: number;
  /** 'seen' (default): leave out items of the training data and of the user's stored events; 'none': keep them. */
  exclude?: 'seen' | 'none';
  /** Further items never to return. */
  filter?: readonly string[];
}

export interface SimilarResponse {
  item: string;
  source: 'similar-items';
  modelVersion: string;
  items: ScoredItem[];
}

export interface ExplainResponse {
  user: string;
  item: string;
  modelVersion: string;
  score: number;
  contributions: { item: string; rating: number; contribution: number }[];
}

export interface ResolvedOptions extends LifecycleOptions {
  unseenTypes: readonly string[];
  maxK: number;
  weights: ResolvedWeights;
  /** Replaced (not mutated) when PUT /v1/items adds an item. */
  itemFeatures: ItemFeatures | null;
}
