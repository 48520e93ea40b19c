import client from 'prom-client';
import type { ServedStats } from './served-stats.js';

/** What the metrics read from the service when scraped. */
export interface MetricsSource {
  stats: ServedStats;
  modelVersion(): string;
  modelLoadedAt(): number;
  cacheUsers(): number;
  cacheComplete(): boolean;
}

export const CTR_WINDOWS = [5, 60] as const;

/**
 * The Prometheus metrics of one service (its own registry, so several services can live in one
 * process, as the tests do). Counters are bumped by the serving class; gauges are computed on scrape.
 */
export class ServeMetrics {
  readonly registry = new client.Registry();
  readonly httpRequests: client.Counter<'route' | 'status'>;
  readonly httpDuration: client.Histogram<'route' | 'source'>;
  readonly recommendations: client.Counter<'source'>;
  readonly cacheHits: client.Counter;
  readonly cacheMisses: client.Counter;
  readonly foldIns: client.Counter;
  readonly fallbacks: client.Counter;
  readonly eventsIngested: client.Counter<'type'>;
  readonly eventsDuplicate: client.Counter;
  readonly swaps: client.Counter<'kind'>;
  readonly impressions: client.Counter<'source'>;
  readonly clicks: client.Counter<'source'>;
  readonly conversions: client.Counter<'source'>;

  constructor(src: MetricsSource) {
    const r = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'alsrec_process_' });
    this.httpRequests = new client.Counter({ name: 'alsrec_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: r });
    this.httpDuration = new client.Histogram({
      name: 'alsrec_http_request_duration_seconds',
      help: 'HTTP request latency by route and recommendation source',
      labelNames: ['route', 'source'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: r,
    });
    this.recommendations = new client.Counter({ name: 'alsrec_recommendations_total', help: 'Recommendation lists served by source', labelNames: ['source'], registers: r });
    this.cacheHits = new client.Counter({ name: 'alsrec_cache_hits_total', help: 'Requests answered from the precomputed cache', registers: r });
    this.cacheMisses = new client.Counter({ name: 'alsrec_cache_misses_total', help: 'Requests of known users not answered from the cache', registers: r });
    this.foldIns = new client.Counter({ name: 'alsrec_fold_ins_total', help: 'Users folded in live from their events', registers: r });
    this.fallbacks = new client.Counter({ name: 'alsrec_fallbacks_total', help: 'Requests answered by a fallback', registers: r });
    this.eventsIngested = new client.Counter({ name: 'alsrec_events_ingested_total', help: 'Events stored, by type', labelNames: ['type'], registers: r });
    this.eventsDuplicate = new client.Counter({ name: 'alsrec_events_duplicate_total', help: 'Events skipped because their id was already stored', registers: r });
    this.swaps = new client.Counter({ name: 'alsrec_model_swaps_total', help: 'Model swaps and rollbacks', labelNames: ['kind'], registers: r });
    this.impressions = new client.Counter({ name: 'alsrec_impressions_total', help: 'Impressions by the source of their list', labelNames: ['source'], registers: r });
    this.clicks = new client.Counter({ name: 'alsrec_clicks_total', help: 'Clicks by the source of their list', labelNames: ['source'], registers: r });
    this.conversions = new client.Counter({ name: 'alsrec_conversions_total', help: 'Conversions by the source of their list', labelNames: ['source'], registers: r });

    new client.Gauge({
      name: 'alsrec_cache_hit_ratio',
      help: 'cache hits / (hits + misses) since start',
      registers: r,
      collect: async () => {
        const h = (await this.cacheHits.get()).values[0]?.value ?? 0;
        const m = (await this.cacheMisses.get()).values[0]?.value ?? 0;
        gaugeOf(this.registry, 'alsrec_cache_hit_ratio').set(h + m > 0 ? h / (h + m) : 0);
      },
    });
    new client.Gauge({
      name: 'alsrec_model_info',
      help: 'The model being served (value 1)',
      labelNames: ['version'],
      registers: r,
      collect() {
        this.reset();
        this.set({ version: src.modelVersion() }, 1);
      },
    });
    new client.Gauge({ name: 'alsrec_model_age_seconds', help: 'Seconds since the served model was loaded', registers: r, collect() { this.set((Date.now() - src.modelLoadedAt()) / 1000); } });
    new client.Gauge({ name: 'alsrec_cache_ready', help: '1 when the precomputed cache of the served model is complete', registers: r, collect() { this.set(src.cacheComplete() ? 1 : 0); } });
    new client.Gauge({ name: 'alsrec_cache_users', help: 'Users in the precomputed cache', registers: r, collect() { this.set(src.cacheUsers()); } });
    new client.Gauge({ name: 'alsrec_served_coverage', help: 'Distinct items served under the current model / items of the model', registers: r, collect() { this.set(src.stats.coverage); } });
    new client.Gauge({ name: 'alsrec_served_diversity', help: 'Mean intra-list diversity of served lists (1 − mean item-factor cosine)', registers: r, collect() { this.set(src.stats.diversity); } });
    new client.Gauge({ name: 'alsrec_served_novelty', help: 'Mean novelty of served items (−log2 of training popularity share)', registers: r, collect() { this.set(src.stats.novelty); } });
    new client.Gauge({
      name: 'alsrec_ctr',
      help: 'Click-through rate (clicks / impressions) by source over a sliding window',
      labelNames: ['source', 'window'],
      registers: r,
      collect() {
        this.reset();
        for (const w of CTR_WINDOWS) for (const [s, v] of src.stats.window(w)) if (v.impressions > 0) this.set({ source: s, window: `${w}m` }, v.ctr);
      },
    });
    new client.Gauge({
      name: 'alsrec_conversion_rate',
      help: 'Conversions / impressions by source over a sliding window',
      labelNames: ['source', 'window'],
      registers: r,
      collect() {
        this.reset();
        for (const w of CTR_WINDOWS) for (const [s, v] of src.stats.window(w)) if (v.impressions > 0) this.set({ source: s, window: `${w}m` }, v.conversionRate);
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

function gaugeOf(reg: client.Registry, name: string): client.Gauge {
  return reg.getSingleMetric(name) as client.Gauge;
}
