import { Random } from './random.js';

export interface AdLogOptions {
  numUsers: number;
  numAds: number;
  /** Impressions per user, on average (each user gets a Poisson-ish count around it). */
  impressionsPerUser: number;
  /** Rank of the planted affinities. Default 8. */
  rank?: number;
  /** Length of the log in seconds (timestamps run over [0, span)). Default 30 days. */
  span?: number;
  /**
   * Taste drift in [0, 1]: a user's taste moves from u₀ towards u₁ over the log,
   * taste(t) = normalise((1 − d·t/span)·u₀ + d·(t/span)·u₁). 0 = fixed tastes. Default 0.5.
   */
  drift?: number;
  seed?: number;
}

/** The event types the generator writes, in code order. */
export const AD_EVENT_TYPES = ['impression', 'click', 'complete', 'like', 'scroll_past'] as const;

/** Events as columns: event j is user users[j] (0-based), ad ads[j], type AD_EVENT_TYPES[types[j]], value, time. */
export interface AdLog {
  users: Int32Array;
  ads: Int32Array;
  types: Uint8Array;
  /** Completion fraction for 'complete', NaN otherwise. */
  values: Float64Array;
  timestamps: Float64Array;
  length: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A seeded synthetic ad log with planted affinities, for tests and the docs. Users and ads have
 * rank-r latent vectors (unit length), ads an appeal bias b ~ N(0, 0.5²); the affinity of user u to
 * ad a at time t is a = 3·taste_u(t)ᵀv_a + b_a (drifting tastes, see `drift`). Each impression
 * (ad drawn uniformly, time uniform over the span) emits:
 *
 *   impression                                   always
 *   scroll_past   with p = σ(−1.5a − 1)           the user skipped it; nothing else follows
 *   complete      otherwise, value = σ(a + N(0, 0.5²)), the fraction of the video watched
 *   click         with p = σ(2a − 5.5)            (if not scrolled past)
 *   like          with p = σ(2a − 5)              (if not scrolled past)
 *
 * so every signal carries the affinity, with clicks rare (about 1–2% of impressions, as ad CTRs
 * are) and completion and
 * scroll-past frequent. Events come out in time order per user, users one after another.
 */
export function syntheticAdLog(opts: AdLogOptions): AdLog {
  const { numUsers, numAds, impressionsPerUser } = opts;
  const k = opts.rank ?? 8;
  const span = opts.span ?? 30 * 86400;
  const drift = opts.drift ?? 0.5;
  for (const [name, v] of [['numUsers', numUsers], ['numAds', numAds], ['impressionsPerUser', impressionsPerUser]] as const) {
    if (!(v > 0 && Number.isFinite(v))) throw new Error(`synthetic ad log: ${name} must be > 0, got ${v}`);
  }
  if (!(drift >= 0 && drift <= 1)) throw new Error(`synthetic ad log: drift must be in [0, 1], got ${drift}`);
  const rng = new Random(opts.seed ?? 1);
  const unit = (n: number) => {
    const out = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let a = 0; a < k; a++) s += (out[r * k + a] = rng.nextGaussian()) ** 2;
      s = Math.sqrt(s);
      for (let a = 0; a < k; a++) out[r * k + a]! /= s;
    }
    return out;
  };
  const U0 = unit(numUsers);
  const U1 = unit(numUsers);
  const V = unit(numAds);
  const bias = Float64Array.from({ length: numAds }, () => 0.5 * rng.nextGaussian());

  let cap = Math.ceil(numUsers * impressionsPerUser * 2.6) + 16;
  let users = new Int32Array(cap);
  let ads = new Int32Array(cap);
  let types = new Uint8Array(cap);
  let values = new Float64Array(cap);
  let timestamps = new Float64Array(cap);
  let n = 0;
  const push = (u: number, ad: number, type: number, value: number, t: number) => {
    if (n === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (len: number) => T)(cap);
        b.set(a);
        return b;
      };
      users = grow(users);
      ads = grow(ads);
      types = grow(types);
      values = grow(values);
      timestamps = grow(timestamps);
    }
    users[n] = u;
    ads[n] = ad;
    types[n] = type;
    values[n] = value;
    timestamps[n++] = t;
  };
  const times: number[] = [];
  const taste = new Float64Array(k);
  for (let u = 0; u < numUsers; u++) {
    const m = Math.max(1, Math.round(impressionsPerUser * (0.5 + rng.next())));
    times.length = 0;
    for (let j = 0; j < m; j++) times.push(rng.next() * span);
    times.sort((a, b) => a - b);
    for (const t of times) {
      const ad = rng.nextInt(numAds);
      const w = (drift * t) / span;
      let norm = 0;
      for (let a = 0; a < k; a++) norm += (taste[a] = (1 - w) * U0[u * k + a]! + w * U1[u * k + a]!) ** 2;
      norm = Math.sqrt(norm) || 1;
      let dot = 0;
      for (let a = 0; a < k; a++) dot += (taste[a]! / norm) * V[ad * k + a]!;
      const aff = 3 * dot + bias[ad]!;
      push(u, ad, 0, NaN, t);
      if (rng.next() < sigmoid(-1.5 * aff - 1)) {
        push(u, ad, 4, NaN, t + 1);
        continue;
      }
      push(u, ad, 2, sigmoid(aff + 0.5 * rng.nextGaussian()), t + 2);
      if (rng.next() < sigmoid(2 * aff - 5.5)) push(u, ad, 1, NaN, t + 3);
      if (rng.next() < sigmoid(2 * aff - 5)) push(u, ad, 3, NaN, t + 4);
    }
  }
  return { users: users.slice(0, n), ads: ads.slice(0, n), types: types.slice(0, n), values: values.slice(0, n), timestamps: timestamps.slice(0, n), length: n };
}
