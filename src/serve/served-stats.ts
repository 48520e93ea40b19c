/**
 * The business metrics of what was served, over sliding windows of one-minute buckets:
 *   CTR(source)        = clicks / impressions        (events joined to a source by their requestId)
 *   conversion(source) = conversions / impressions
 *   served coverage    = |distinct items served under the current model| / |items of the model|
 *   diversity          = mean over served lists of 1 − mean_{i<j} cos(y_i, y_j)   (item taste vectors:
 *                        the factors without a biased model's two bias columns)
 *   novelty            = mean over served items of −log₂(count_train(i) / |training rows|)
 * Diversity here uses the cosine of item factors because the service has no training user sets;
 * docs/metrics.md's co-occurrence diversity is the offline one.
 */
export interface MinuteBucket {
  minute: number;
  impressions: Map<string, number>;
  clicks: Map<string, number>;
  conversions: Map<string, number>;
  /** request latencies in ms (a bounded sample) per route */
  latencies: Map<string, number[]>;
}

const MAX_SAMPLES = 4096;

export class ServedStats {
  private buckets: MinuteBucket[] = [];
  private servedItems: Uint8Array = new Uint8Array(0);
  private servedDistinct = 0;
  diversitySum = 0;
  diversityLists = 0;
  noveltySum = 0;
  noveltyItems = 0;

  constructor(
    private readonly keepMinutes = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts counting coverage afresh for a model with `numItems` items (after a swap). */
  resetCatalogue(numItems: number): void {
    this.servedItems = new Uint8Array(numItems);
    this.servedDistinct = 0;
  }

  get coverage(): number {
    return this.servedItems.length === 0 ? 0 : this.servedDistinct / this.servedItems.length;
  }

  get diversity(): number {
    return this.diversityLists === 0 ? NaN : this.diversitySum / this.diversityLists;
  }

  get novelty(): number {
    return this.noveltyItems === 0 ? NaN : this.noveltySum / this.noveltyItems;
  }

  /**
   * Records one served list (model item rows); `itemFactors`/`norms` give diversity — rows are
   * `rank` wide, the cosine uses their first `tasteRank` columns (default all; `norms` are over
   * those) — and `counts` novelty.
   */
  served(rows: ArrayLike<number>, f: { itemFactors: Float32Array; norms: Float32Array; rank: number; tasteRank?: number; counts: Float64Array | null; total: number }): void {
    const n = rows.length;
    for (let j = 0; j < n; j++) {
      const i = rows[j]!;
      if (i < this.servedItems.length && this.servedItems[i] === 0) {
        this.servedItems[i] = 1;
        this.servedDistinct++;
      }
      if (f.counts && f.total > 0 && f.counts[i]! > 0) {
        this.noveltySum += -Math.log2(f.counts[i]! / f.total);
        this.noveltyItems++;
      }
    }
    if (n >= 2) {
      let sim = 0;
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) sim += cosine(f.itemFactors, f.norms, f.rank, f.tasteRank ?? f.rank, rows[a]!, rows[b]!);
      }
      this.diversitySum += 1 - sim / ((n * (n - 1)) / 2);
      this.diversityLists++;
    }
  }

  impression(source: string): void {
    inc(this.bucket().impressions, source);
  }

  click(source: string): void {
    inc(this.bucket().clicks, source);
  }

  conversion(source: string): void {
    inc(this.bucket().conversions, source);
  }

  latency(route: string, ms: number): void {
    const b = this.bucket();
    let s = b.latencies.get(route);
    if (!s) b.latencies.set(route, (s = []));
    if (s.length < MAX_SAMPLES) s.push(ms);
    else s[Math.floor(Math.random() * MAX_SAMPLES)] = ms; // keep a uniform-ish sample
  }

  /** Sums over the last `minutes` buckets: { source: { impressions, clicks, conversions, ctr, conversionRate } }. */
  window(minutes: number): Map<string, { impressions: number; clicks: number; conversions: number; ctr: number; conversionRate: number }> {
    const from = this.minuteNow() - minutes + 1;
    const out = new Map<string, { impressions: number; clicks: number; conversions: number; ctr: number; conversionRate: number }>();
    const get = (s: string) => {
      let v = out.get(s);
      if (!v) out.set(s, (v = { impressions: 0, clicks: 0, conversions: 0, ctr: NaN, conversionRate: NaN }));
      return v;
    };
    for (const b of this.buckets) {
      if (b.minute < from) continue;
      for (const [s, n] of b.impressions) get(s).impressions += n;
      for (const [s, n] of b.clicks) get(s).clicks += n;
      for (const [s, n] of b.conversions) get(s).conversions += n;
    }
    for (const v of out.values()) {
      v.ctr = v.impressions > 0 ? v.clicks / v.impressions : NaN;
      v.conversionRate = v.impressions > 0 ? v.conversions / v.impressions : NaN;
    }
    return out;
  }

  /** The buckets still kept, oldest first (the dashboard's time series). */
  history(): readonly MinuteBucket[] {
    this.bucket();
    return this.buckets;
  }

  private minuteNow(): number {
    return Math.floor(this.now() / 60_000);
  }

  private bucket(): MinuteBucket {
    const minute = this.minuteNow();
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.minute !== minute) {
      last = { minute, impressions: new Map(), clicks: new Map(), conversions: new Map(), latencies: new Map() };
      this.buckets.push(last);
      while (this.buckets.length > 0 && this.buckets[0]!.minute <= minute - this.keepMinutes) this.buckets.shift();
    }
    return last;
  }
}

function inc(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function cosine(F: Float32Array, norms: Float32Array, rank: number, width: number, a: number, b: number): number {
  const na = norms[a]!;
  const nb = norms[b]!;
  if (na === 0 || nb === 0) return 0;
  let s = 0;
  for (let x = 0; x < width; x++) s += F[a * rank + x]! * F[b * rank + x]!;
  return s / (na * nb);
}

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
