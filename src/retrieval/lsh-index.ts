import { Random } from '../data/random.js';
import type { TopKResult } from '../kernels/top-k.js';
import type { PreparedQuery } from '../kernels/wasm/top-k-prepared.js';
import { augmentQuery, augmentTargetsByNorm } from './mips-transform.js';
import type { IndexMetric, IndexSide, RetrievalIndex } from './retrieval-index.js';
import { rerank } from './rerank.js';

/** LSH build and query parameters (defaults in brackets). */
export interface LshOptions {
  /** Hash tables L [16]: more tables, more candidates, higher recall, more memory. */
  tables?: number;
  /** Bits (hyperplanes) per table b, 1–24 [16 bits: buckets of n/65536 targets on average]. */
  bits?: number;
  /** Extra buckets probed per table, nearest first (multi-probe; see below), 0–bits [2]. */
  probes?: number;
  /** Seed of the random hyperplanes [1]. */
  seed?: number;
  /** Norm ranges for metric 'ip' (norm-ranging LSH), 1–255 [8]; 1 = the plain MIPS→cosine transform. */
  ranges?: number;
}

export const LSH_DEFAULTS: Required<LshOptions> = { tables: 16, bits: 16, probes: 2, seed: 1, ranges: 8 };

/**
 * Locality-sensitive hashing by signed random projections (Charikar 2002): a vector x hashes to
 * b bits sign(r_jᵀx) with r_j ~ N(0, I), so two vectors at angle θ agree on a bit with
 * probability 1 − θ/π and share a bucket with probability (1 − θ/π)^b. For 'ip' the targets go
 * through the MIPS → cosine transform first (mips-transform.ts), so the angle to the query tracks
 * the inner product — per norm range (norm-ranging LSH, Yan et al. 2018: each range of target norms
 * transformed with its own maximum, so the longest vectors do not squash the rest; the query's
 * hash is the same for every range, and each range's bucket is probed). L tables give L independent chances; multi-probe (Lv et al. 2007) also looks
 * in the `probes` buckets one bit away whose projections were closest to 0 (the bits most likely
 * flipped). The union of the buckets' targets is re-ranked exactly on the original factors.
 *
 * Each table is the targets sorted by key = range·2^b + code (ties by row), so a bucket is a range
 * of the table found by binary search: L·n·8 bytes. Plain TypeScript, on the calling thread.
 */
export class LshIndex implements RetrievalIndex {
  readonly method = 'lsh' as const;
  readonly size: number;
  readonly params: Readonly<Record<string, number | string>>;
  private probes: number;
  private readonly ranges: number;
  private readonly dim: number;
  private readonly planes: Float32Array;
  private readonly codes: Uint32Array[] = [];
  private readonly order: Int32Array[] = [];
  private readonly stamp: Int32Array;
  private stampValue = 0;
  private candidates: Int32Array;

  constructor(
    private readonly targets: Float32Array,
    readonly rank: number,
    readonly metric: IndexMetric,
    readonly side: IndexSide,
    readonly checksum: string,
    options: LshOptions = {},
  ) {
    const o = { ...LSH_DEFAULTS, ...options };
    checkOptions(o);
    this.size = targets.length / rank;
    if (this.size >= 2 ** 28) throw new Error(`lsh: at most 2^28 targets, got ${this.size}; use method 'hnsw'`);
    this.params = { tables: o.tables, bits: o.bits, probes: o.probes, seed: o.seed, ranges: metric === 'ip' ? o.ranges : 1 };
    this.ranges = this.params.ranges as number;
    this.probes = o.probes;
    // ip: hash the augmented unit targets; cosine: the targets are unit rows already
    this.dim = metric === 'ip' ? rank + 1 : rank;
    const transformed = metric === 'ip' ? augmentTargetsByNorm(targets, rank, this.ranges) : null;
    const hashed = transformed ? transformed.rows : targets;
    const rangeOf = transformed ? transformed.range : new Uint8Array(this.size);
    const rng = new Random(o.seed);
    this.planes = Float32Array.from({ length: o.tables * o.bits * this.dim }, () => rng.nextGaussian());
    const key = new Uint32Array(this.size);
    for (let t = 0; t < o.tables; t++) {
      for (let i = 0; i < this.size; i++) key[i] = (rangeOf[i]! * 2 ** o.bits + this.code(hashed, i * this.dim, t, null)) >>> 0;
      const order = Int32Array.from({ length: this.size }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
      this.codes.push(Uint32Array.from(order, (i) => key[i]!));
      this.order.push(order);
    }
    this.stamp = new Int32Array(this.size);
    this.candidates = new Int32Array(1024);
  }

  get memoryBytes(): number {
    return this.codes.length * this.size * 8 + this.planes.byteLength + this.stamp.byteLength;
  }

  /** Sets the number of extra buckets probed per table (the query-time knob). */
  tune(probes: number): void {
    const bits = this.params.bits as number;
    if (!(Number.isInteger(probes) && probes >= 0 && probes <= bits)) throw new Error(`lsh: probes must be an integer from 0 to ${bits}, got ${probes}`);
    this.probes = probes;
  }

  search(query: PreparedQuery): TopKResult {
    const { queries, k, seen } = query;
    const rank = this.rank;
    const rows = query.queryRows ?? Int32Array.from({ length: queries.length / rank }, (_, i) => i);
    const indices = new Int32Array(rows.length * k);
    const scores = new Float32Array(rows.length * k);
    const q = new Float32Array(this.dim);
    const proj = new Float64Array(this.params.bits as number);
    rows.forEach((row, j) => {
      if (this.metric === 'ip') augmentQuery(queries, row, rank, q);
      else q.set(queries.subarray(row * rank, row * rank + rank));
      const count = this.collect(q, proj);
      rerank(queries, row, this.targets, rank, this.candidates, count, seen, k, indices, scores, j * k);
    });
    return { indices, scores, k };
  }

  searchAsync(query: PreparedQuery): Promise<TopKResult> {
    return Promise.resolve(this.search(query));
  }

  /** The union of the probed buckets of every table, into this.candidates; returns its size. */
  private collect(q: Float32Array, proj: Float64Array): number {
    const bits = proj.length;
    if (++this.stampValue === 0x7fffffff) {
      this.stamp.fill(0);
      this.stampValue = 1;
    }
    const mark = this.stampValue;
    let count = 0;
    const flips: number[] = [];
    for (let t = 0; t < this.codes.length; t++) {
      const code = this.code(q, 0, t, proj);
      flips.length = 0;
      for (let b = 0; b < bits; b++) flips.push(b);
      if (this.probes > 0) flips.sort((a, b) => Math.abs(proj[a]!) - Math.abs(proj[b]!));
      for (let p = -1; p < this.probes; p++) {
        const probe = p < 0 ? code : (code ^ (1 << flips[p]!)) >>> 0;
        for (let r = 0; r < this.ranges; r++) count = this.scanBucket(t, (r * 2 ** bits + probe) >>> 0, mark, count);
      }
    }
    return count;
  }

  /** Appends the not-yet-stamped targets of table t's bucket `key` to the candidates. */
  private scanBucket(t: number, key: number, mark: number, count: number): number {
    const codes = this.codes[t]!;
    const order = this.order[t]!;
    for (let e = lowerBound(codes, key); e < codes.length && codes[e] === key; e++) {
      const i = order[e]!;
      if (this.stamp[i] === mark) continue;
      this.stamp[i] = mark;
      if (count === this.candidates.length) {
        const grown = new Int32Array(count * 2);
        grown.set(this.candidates);
        this.candidates = grown;
      }
      this.candidates[count++] = i;
    }
    return count;
  }

  /** Table t's code of the vector at X[o, o + dim): bit j = (r_jᵀx > 0); projections kept in `proj`. */
  private code(X: Float32Array, o: number, t: number, proj: Float64Array | null): number {
    const bits = this.params.bits as number;
    const d = this.dim;
    let code = 0;
    for (let j = 0; j < bits; j++) {
      const p0 = (t * bits + j) * d;
      let s = 0;
      for (let a = 0; a < d; a++) s += this.planes[p0 + a]! * X[o + a]!;
      if (proj) proj[j] = s;
      if (s > 0) code |= 1 << j;
    }
    return code >>> 0;
  }
}

function lowerBound(a: Uint32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkOptions(o: Required<LshOptions>): void {
  if (!(Number.isInteger(o.tables) && o.tables >= 1 && o.tables <= 1024)) throw new Error(`lsh: tables must be an integer from 1 to 1024, got ${o.tables}`);
  if (!(Number.isInteger(o.bits) && o.bits >= 1 && o.bits <= 24)) throw new Error(`lsh: bits must be an integer from 1 to 24, got ${o.bits}`);
  if (!(Number.isInteger(o.probes) && o.probes >= 0 && o.probes <= o.bits)) throw new Error(`lsh: probes must be an integer from 0 to bits (${o.bits}), got ${o.probes}`);
  if (!(Number.isInteger(o.ranges) && o.ranges >= 1 && o.ranges <= 255)) throw new Error(`lsh: ranges must be an integer from 1 to 255, got ${o.ranges}`);
  if (o.bits + Math.ceil(Math.log2(o.ranges)) > 32) throw new Error(`lsh: bits (${o.bits}) plus log2(ranges) (${o.ranges}) must fit 32 bits; use fewer bits or ranges`);
  if (!Number.isInteger(o.seed)) throw new Error(`lsh: seed must be an integer, got ${o.seed}`);
}
