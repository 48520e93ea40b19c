import { resolveEventWeights } from '../events/event-weights.js';
import { canonicalEventType, EVENT_TYPE_ALIASES, SERVE_EVENT_WEIGHTS, withAliasWeights } from './event-types.js';
import { ridgeItemFactors } from '../fallback/ridge-item-factors.js';
import type { Ranker } from '../fallback/ranker.js';
import { HybridRankers, rankWith } from './hybrid-lists.js';
import { useNodeThreads } from '../node-threads/kernel-thread-host.js';
import { userHistory } from './user-history.js';
import { liveHistory } from './live-history.js';
import { foldInRow } from '../als/fold-in.js';
import type { RetrainResult } from './retrain.js';
import type { EventStore, AppendResult, EventPage } from './event-store.js';
import { ModelSlot, type RankedRows } from './model-slot.js';
import { ModelLifecycle } from './model-lifecycle.js';
import { addRow, dropRows, seenRows } from './excluded-rows.js';
import { withItemRow } from './new-item-features.js';
import { newRequestId, sourceOfRequestId } from './request-id.js';
import { ServeError } from './serve-error.js';
import { explainAnswer } from './explain-answer.js';
import { similarAnswer } from './similar-answer.js';
import { ServeMetrics } from './serve-metrics.js';
import { ServedStats } from './served-stats.js';
import { MAX_HISTORY_EVENTS, type ExplainResponse, type RecommenderOptions, type RecommendRequest, type ResolvedOptions, type SimilarResponse } from './recommender-options.js';
import { wireText, type StoredEvent, type EventInput, type RecommendationResponse, type RecommendationSource, type ScoredItem } from './wire.js';

useNodeThreads(); // the cache is built by the threaded top-K

export { SERVE_EVENT_WEIGHTS } from './event-types.js';

export { MAX_HISTORY_EVENTS, type RecommenderOptions, type RecommendRequest, type SimilarResponse, type ExplainResponse } from './recommender-options.js';

/**
 * The serving logic, usable without HTTP: answers requests from the current model and its
 * precomputed cache, stores events and keeps the metrics. The model's lifecycle (current and
 * previous slot, swaps, rollbacks, retrains, history) is a `ModelLifecycle` (model-lifecycle.ts);
 * the methods here delegate to it. Every request reads the current `ModelSlot` once at its start,
 * so a swap never changes a request half-way.
 */
export class Recommender {
  readonly store: EventStore;
  readonly stats = new ServedStats();
  readonly metrics: ServeMetrics;
  /** The served models, oldest first (the lifecycle's array; spelled out here so the public type stays as it was). */
  readonly history: { version: string; dir: string; at: number; kind: 'start' | 'swap' | 'rollback' | 'item' }[];
  private readonly o: ResolvedOptions;
  private readonly lifecycle: ModelLifecycle;

  private constructor(slot: ModelSlot, o: ResolvedOptions, store: EventStore) {
    this.o = o;
    this.store = store;
    this.stats.resetCatalogue(slot.model.itemIds.size);
    this.lifecycle = new ModelLifecycle(slot, o, (next, kind) => {
      this.stats.resetCatalogue(next.model.itemIds.size);
      this.metrics.swaps.inc({ kind });
    });
    this.history = this.lifecycle.history;
    this.metrics = new ServeMetrics({
      stats: this.stats,
      modelVersion: () => this.slot.version,
      modelLoadedAt: () => this.slot.loadedAt,
      cacheUsers: () => this.slot.cachedUsers,
      cacheComplete: () => this.slot.cacheComplete,
    });
  }

  /** The current model (the lifecycle's). */
  private get slot(): ModelSlot {
    return this.lifecycle.current;
  }

  /** Loads `modelDir` and starts building its cache in the background; serves at once. */
  static async open(modelDir: string, opts: RecommenderOptions): Promise<Recommender> {
    const weights = withAliasWeights(opts.weights ?? SERVE_EVENT_WEIGHTS, 'serve: event weights');
    const o: ResolvedOptions = {
      modelRoot: opts.modelRoot,
      cacheK: opts.cacheK ?? 50,
      unseenTypes: opts.unseenTypes ?? ['impression'],
      maxK: opts.maxK ?? 1000,
      train: opts.train ?? null,
      weights: resolveEventWeights(weights, 'serve: event weights'),
      rawWeights: weights,
      storeSpec: opts.storeSpec ?? null,
      retrainIterations: opts.retrainIterations ?? 5,
      itemFeatures: opts.itemFeatures ?? null,
    };
    if (!(Number.isInteger(o.cacheK) && o.cacheK >= 0)) throw new Error(`serve: cacheK must be an integer >= 0, got ${o.cacheK}`);
    const slot = await ModelSlot.load(modelDir, { train: o.train, cacheK: o.cacheK });
    return new Recommender(slot, o, opts.store);
  }

  get model(): ModelSlot {
    return this.slot;
  }

  /** Ready when the current model's cache is complete. */
  readiness(): { ready: boolean; modelVersion: string; cachedUsers: number; users: number; cacheSeconds: number | null; liveIndex: string; cacheError?: string } {
    const s = this.slot;
    return {
      ready: s.cacheComplete,
      modelVersion: s.version,
      cachedUsers: s.cachedUsers,
      users: s.model.userIds.size,
      cacheSeconds: Number.isNaN(s.cacheSeconds) ? null : s.cacheSeconds,
      liveIndex: s.liveIndex,
      ...(s.cacheError ? { cacheError: `${s.cacheError.message}; lists are computed per request until a model is swapped in (POST /v1/admin/models)` } : {}),
    };
  }

  /** Resolves when the current model's cache is complete. */
  whenReady(): Promise<void> {
    return this.slot.cacheReady;
  }

  /**
   * A user's top `k`:
   *   - known user, no events since training (or no training data to fold in from): the cached
   *     list minus the items of their events and the filter (`cf-cached`), or, when fewer than k
   *     remain or the cache is not built yet, the top-K of their trained factor (`cf-computed`);
   *   - known user with events and training data: folded in live from training rows + events (`cf-live`);
   *   - unknown user with events: folded in from the events (`cf-live`), or blended with content
   *     similarity when item features are loaded (`hybrid`);
   *   - unknown user without usable events: the most popular items (`fallback-popularity`).
   */
  async recommend(user: string, req: RecommendRequest = {}): Promise<RecommendationResponse> {
    const slot = this.slot;
    const k = req.k ?? 10;
    if (!(Number.isInteger(k) && k >= 1 && k <= this.o.maxK)) throw new ServeError('bad_request', `k must be an integer in 1..${this.o.maxK}, got ${k}`);
    const u = slot.userRowOf(user);
    const excludeSeen = (req.exclude ?? 'seen') === 'seen';
    const events = await this.store.recentUserEvents(user, MAX_HISTORY_EVENTS);
    const touched = events.filter((e) => !this.o.unseenTypes.includes(e.type));
    // items to leave out beyond the training pairs: the user's stored events, and the filter
    const extra = new Set<number>();
    if (excludeSeen) for (const e of touched) addRow(extra, slot, e.item);
    for (const item of req.filter ?? []) addRow(extra, slot, item);

    if (u >= 0 && (touched.length === 0 || !slot.hasTraining)) {
      const cached = excludeSeen ? slot.cached(u) : null;
      const fromCache = cached ? dropRows(cached, extra, k) : null;
      if (fromCache) {
        this.metrics.cacheHits.inc();
        return this.respond(slot, user, 'cf-cached', fromCache);
      }
      this.metrics.cacheMisses.inc();
      return this.respond(slot, user, 'cf-computed', slot.topKFor(slot.userVector(u), k, seenRows(slot, u, excludeSeen, extra)));
    }
    if (touched.length > 0) {
      const live = this.foldIn(slot, user, u, touched);
      if (live === 'hybrid') {
        this.metrics.fallbacks.inc();
        return this.respond(slot, user, 'hybrid', rankWith(this.content(slot)!, userHistory(user, slot, touched, this.o.weights)!, k, seenRows(slot, u, excludeSeen, extra)));
      }
      if (live) {
        this.metrics.foldIns.inc();
        return this.respond(slot, user, 'cf-live', slot.topKFor(live, k, seenRows(slot, u, excludeSeen, extra)));
      }
    }
    this.metrics.fallbacks.inc();
    return this.respond(slot, user, 'fallback-popularity', slot.popular(k, new Set(seenRows(slot, u, excludeSeen, extra))));
  }

  /**
   * The user's factor folded in from training rows + events (the library's fold-in against the
   * slot's item factors), 'hybrid' for a user the model does not know when item features are
   * loaded, or null when nothing in the history is an item the model knows.
   */
  private foldIn(slot: ModelSlot, user: string, u: number, touched: readonly StoredEvent[]): Float32Array | 'hybrid' | null {
    if (u < 0 && this.content(slot)) return userHistory(user, slot, touched, this.o.weights) ? 'hybrid' : null;
    if (slot.model.options.biases) {
      // augmented rows: the general fold-in (als/fold-in-biased.ts) through Interactions
      const history = userHistory(user, slot, touched, this.o.weights);
      const folded = history ? slot.model.foldInUsers(history) : null;
      return folded && folded.counts[0]! > 0 ? folded.factors.subarray(0, slot.model.rank) : null;
    }
    const h = liveHistory(slot, u, touched, this.o.weights);
    return h.cols.length > 0 ? foldInRow(slot.model, 'user', h.cols, h.values) : null;
  }

  private hybrids = new HybridRankers();

  /** The hybrid ranker (fold-in blended with item content) of a model, when item features are loaded. */
  private content(slot: ModelSlot): Ranker | null {
    return this.hybrids.of(slot, this.o.itemFeatures);
  }

  /**
   * Why `item` scores for `user`: the score split over the user's history (training rows + events),
   * by the library's explain (explain-answer.ts); contributions sum to the score.
   */
  async explain(user: string, item: string): Promise<ExplainResponse> {
    const slot = this.slot;
    const events = (await this.store.recentUserEvents(user, MAX_HISTORY_EVENTS)).filter((e) => !this.o.unseenTypes.includes(e.type));
    return explainAnswer(slot, user, item, events, this.o.weights);
  }

  /** The `k` items most similar to `item` (similar-answer.ts); `filter` never listed. */
  async similarItems(item: string, req: { k?: number; filter?: readonly string[] } = {}): Promise<SimilarResponse> {
    const answer = await similarAnswer(this.slot, item, req, this.o.maxK);
    this.metrics.recommendations.inc({ source: 'similar' });
    return answer;
  }

  /**
   * Adds a new item with features (in the encoded feature space: one-hot names such as
   * "genre=Comedy", numeric features in standard units): its factor is regressed from the features
   * of the known items (the library's ridgeItemFactors) and it becomes recommendable at once. The
   * model with the item swaps in atomically; its cache is rebuilt in the background (lists are
   * computed until then). An item with trained factors cannot be replaced this way.
   */
  putItem(item: string, features: Record<string, number>): Promise<{ item: string; modelVersion: string; features: number }> {
    return this.lifecycle.exclusive(async () => {
      const slot = this.slot;
      const f = this.o.itemFeatures;
      if (!f) throw new ServeError('conflict', 'items: no item features loaded; start the service with --item-features FILE');
      if (slot.itemRowOf(item) >= 0) throw new ServeError('conflict', `items: item ${JSON.stringify(item)} already has a factor in model ${slot.version}; new items only`);
      const next = withItemRow(f, item, features);
      const model = slot.model.withItems(ridgeItemFactors(slot.model, next, { items: [item] }));
      this.o.itemFeatures = next;
      const installed = this.lifecycle.install(await ModelSlot.fromModel(model, slot.dir, { train: this.o.train, cacheK: this.o.cacheK }), 'item');
      return { item, modelVersion: installed.modelVersion, features: Object.keys(features).length };
    });
  }

  /** Lists for many users in one call; an unknown user gets `error` instead of items. */
  async recommendMany(users: readonly string[], req: RecommendRequest = {}): Promise<(RecommendationResponse | { user: string; error: { code: string; message: string } })[]> {
    const out = [];
    for (const user of users) {
      try {
        out.push(await this.recommend(user, req));
      } catch (e) {
        if (!(e instanceof ServeError) || e.code === 'bad_request') throw e;
        out.push({ user, error: { code: e.code, message: e.message } });
      }
    }
    return out;
  }

  private respond(slot: ModelSlot, user: string, source: RecommendationSource, list: RankedRows): RecommendationResponse {
    const items: ScoredItem[] = [];
    for (let j = 0; j < list.rows.length; j++) items.push({ item: wireText(slot.model.itemIds.toExternal(list.rows[j]!)), score: list.scores[j]! });
    this.metrics.recommendations.inc({ source });
    if (slot === this.slot) {
      this.stats.served(list.rows, { itemFactors: slot.model.itemFactors, norms: slot.itemNorms, rank: slot.model.rank, tasteRank: slot.tasteRank, counts: slot.itemCounts, total: slot.totalCount });
    }
    return { user, source, requestId: newRequestId(source), modelVersion: slot.version, items };
  }

  /**
   * Stores events durably (resolves after the commit), then counts them: impressions, clicks and
   * conversions are attributed to the source named in their requestId. An alias type is stored
   * under its canonical name (`complete` as `completion`, event-types.ts).
   */
  async ingest(input: readonly EventInput[]): Promise<AppendResult> {
    const events = input.map((e) => (EVENT_ALIAS_NAMES.has(e.type) ? { ...e, type: canonicalEventType(e.type) } : e));
    const result = await this.store.append(events);
    for (const e of events) {
      this.metrics.eventsIngested.inc({ type: e.type });
      if (e.requestId === undefined) continue;
      const source = sourceOfRequestId(e.requestId) ?? 'unknown';
      if (e.type === 'impression') {
        this.stats.impression(source);
        this.metrics.impressions.inc({ source });
      } else if (e.type === 'click') {
        this.stats.click(source);
        this.metrics.clicks.inc({ source });
      } else if (e.type === 'conversion') {
        this.stats.conversion(source);
        this.metrics.conversions.inc({ source });
      }
    }
    if (result.duplicates > 0) this.metrics.eventsDuplicate.inc(result.duplicates);
    return result;
  }

  userEvents(user: string, opts: { after?: number; limit: number }): Promise<EventPage> {
    return this.store.userEvents(user, opts);
  }

  /**
   * Loads `name` (a directory inside the model root), builds its cache, then swaps it in atomically;
   * the model it replaces is kept for `rollback`. Swaps run one at a time.
   */
  swap(name: string): Promise<{ modelVersion: string; previous: string; cacheSeconds: number }> {
    return this.lifecycle.swap(name);
  }

  /**
   * A warm-started retrain on the training data + every stored event, in a worker thread (the
   * event loop keeps serving), saved atomically as `retrain-<time>` in the model root, then swapped
   * in like POST /v1/admin/models (the replaced model stays available for rollback).
   */
  retrain(): Promise<{ modelVersion: string; previous: string; cacheSeconds: number; retrain: RetrainResult }> {
    return this.lifecycle.retrain();
  }

  /** Retrains every `seconds` (errors go to `onError`); `close` stops it. */
  retrainEvery(seconds: number, onError: (e: Error) => void, onDone?: (r: { modelVersion: string }) => void): void {
    this.lifecycle.retrainEvery(seconds, onError, onDone);
  }

  /** Swaps back to the model the last swap replaced. */
  rollback(): Promise<{ modelVersion: string; previous: string; cacheSeconds: number }> {
    return this.lifecycle.rollback();
  }

  async close(): Promise<void> {
    await this.lifecycle.close();
    await this.store.close();
  }
}

const EVENT_ALIAS_NAMES = new Set(EVENT_TYPE_ALIASES.keys());
