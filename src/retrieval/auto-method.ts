import type { IvfIndex } from './ivf-index.js';
import { listRecall } from './list-recall.js';
import type { RetrievalIndex } from './retrieval-index.js';
import { estimateExactScan } from './scan-estimate.js';

/** Below this many targets 'auto' is exact without measuring (an exact query costs ≤ ~1 ms there). */
export const AUTO_MIN_TARGETS = 100_000;
/** The recall@10 'auto' aims at for an approximate index, over all of the model's queries. */
export const AUTO_RECALL = 0.95;
/**
 * Measured on AUTO_SAMPLE queries, the recall must reach AUTO_RECALL + AUTO_MARGIN: the margin
 * covers the sample's error (on 128 queries, calibrated to exactly 0.95, recall over all 1,000
 * queries came out 0.949–0.957 in docs/benchmarks.md, "Retrieval").
 */
export const AUTO_MARGIN = 0.01;
/** Query rows (spread evenly over the queries) the choice is measured on. */
export const AUTO_SAMPLE = 256;

/**
 * What buildIndex's method 'auto' builds, decided by measuring on the model's own factors (the
 * measurements behind each threshold: docs/benchmarks.md, "Retrieval"):
 *
 * 1. fewer than AUTO_MIN_TARGETS targets: the exact index;
 * 2. the exact scan already stops early — it scores ≤ 1/16 of the table per query
 *    (estimateExactScan; popularity-shaped implicit fits: ~800 of 1M, at the per-call floor):
 *    the exact index;
 * 3. otherwise an IVF index (its defaults: √n lists), its probes set to the fewest that give
 *    recall@10 ≥ AUTO_RECALL + AUTO_MARGIN against the exact lists on AUTO_SAMPLE queries
 *    (doubling, then bisection) — kept only if it then scans under half of what the exact scan
 *    does (list centroids plus the probed lists' targets), else the exact index.
 *
 * `queries` are what the index will be asked with: the other side's factors for 'ip', the indexed
 * rows themselves for 'cosine'. Deterministic: k-means and the sample are seeded.
 */
export async function chooseAutoIndex(
  exact: RetrievalIndex,
  targets: Float32Array,
  queries: Float32Array,
  rank: number,
  buildIvf: () => Promise<IvfIndex>,
): Promise<RetrievalIndex> {
  const n = targets.length / rank;
  const numQueries = queries.length / rank;
  if (n < AUTO_MIN_TARGETS || numQueries === 0) return exact;
  const scanned = estimateExactScan(exact, targets, queries, rank);
  if (scanned <= n / 16) return exact;
  const ivf = await buildIvf();
  const m = Math.min(AUTO_SAMPLE, numQueries);
  const queryRows = Int32Array.from({ length: m }, (_, j) => Math.floor((j * numQueries) / m));
  const truth = await exact.searchAsync({ queries, queryRows, k: 10 });
  const recallAt = (probes: number) => {
    ivf.tune(probes);
    return listRecall(ivf.search({ queries, queryRows, k: 10 }), truth);
  };
  const lists = ivf.partition.numLists;
  const goal = AUTO_RECALL + AUTO_MARGIN;
  // the fewest probes reaching the target: doubling, then bisection in (lo, hi]
  let hi = 1;
  let recall = recallAt(1);
  while (recall < goal && hi < lists) {
    hi = Math.min(lists, hi * 2);
    recall = recallAt(hi);
  }
  let lo = recall >= goal ? hi >> 1 : hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const r = recallAt(mid);
    if (r >= goal) [hi, recall] = [mid, r];
    else lo = mid;
  }
  const ivfScan = lists + (hi * n) / lists;
  if (recall < goal || 2 * ivfScan > scanned) return exact;
  ivf.tune(hi);
  ivf.calibration = { recall, queries: m };
  return ivf;
}
