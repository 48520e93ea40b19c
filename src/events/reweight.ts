import type { Interactions } from '../data/interactions.js';

/**
 * BM25 reweighting of an implicit user × item matrix, as benfred/implicit's `bm25_weight` on
 * user_items (users are the documents, items the terms):
 *
 *   idf(i)  = log N − log(1 + df(i))          N = users, df(i) = users with item i
 *   norm(u) = (1 − B) + B · len(u) / mean len  len(u) = Σ_i |r_ui|
 *   r'_ui   = r_ui (K1 + 1) / (K1 · norm(u) + |r_ui|) · idf(i)
 *
 * It damps heavy users and ubiquitous items. Negative ratings ("seen, not wanted") keep their sign:
 * the formula is applied to |r| (implicit assumes counts ≥ 0). Returns new ratings, same rows.
 */
export function bm25Weight(data: Interactions, opts: { K1?: number; B?: number } = {}): Interactions {
  const K1 = opts.K1 ?? 100;
  const B = opts.B ?? 0.8;
  if (!(K1 >= 0)) throw new Error(`bm25: K1 must be >= 0, got ${K1}`);
  if (!(B >= 0 && B <= 1)) throw new Error(`bm25: B must be in [0, 1], got ${B}`);
  const { idf, len, meanLen } = stats(data);
  const ratings = new Float32Array(data.ratings.length);
  for (let r = 0; r < ratings.length; r++) {
    const x = data.ratings[r]!;
    const a = Math.abs(x);
    const norm = (1 - B) + (B * len[data.users[r]!]!) / meanLen;
    const d = K1 * norm + a;
    ratings[r] = d > 0 ? Math.sign(x) * ((a * (K1 + 1)) / d) * idf[data.items[r]!]! : 0;
  }
  return { ...data, ratings };
}

/**
 * TF-IDF reweighting, as implicit's `tfidf_weight`: r'_ui = sign(r)·√|r_ui| · idf(i), with idf as
 * in bm25Weight.
 */
export function tfidfWeight(data: Interactions): Interactions {
  const { idf } = stats(data);
  const ratings = new Float32Array(data.ratings.length);
  for (let r = 0; r < ratings.length; r++) {
    const x = data.ratings[r]!;
    ratings[r] = Math.sign(x) * Math.sqrt(Math.abs(x)) * idf[data.items[r]!]!;
  }
  return { ...data, ratings };
}

function stats(data: Interactions): { idf: Float64Array; len: Float64Array; meanLen: number } {
  const df = new Float64Array(data.itemIds.size);
  const len = new Float64Array(data.userIds.size);
  const hasRow = new Uint8Array(data.userIds.size);
  for (let r = 0; r < data.users.length; r++) {
    df[data.items[r]!]!++;
    len[data.users[r]!]! += Math.abs(data.ratings[r]!);
    hasRow[data.users[r]!] = 1;
  }
  let users = 0;
  let total = 0;
  for (let u = 0; u < len.length; u++) {
    if (!hasRow[u]) continue;
    users++;
    total += len[u]!;
  }
  const logN = Math.log(users);
  const idf = Float64Array.from(df, (d) => logN - Math.log1p(d));
  return { idf, len, meanLen: users > 0 && total > 0 ? total / users : 1 };
}
