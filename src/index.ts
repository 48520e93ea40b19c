// alsrec: the core library. No Node-only import: it bundles for a browser (tests/browser/).
// Files, model directories, downloads and worker threads: 'alsrec/node' (src/node.ts).
// The public surface is this file and src/node.ts; docs/api/alsrec.api.md lists it (npm run api-report).

// estimator and model
export { ALS } from './als/als.js';
export { ALS_DEFAULTS, type ALSOptions } from './als/options.js';
export {
  ALSModel,
  type ALSModelParts,
  type ModelOptions,
  type Predictions,
  type RecommendOptions,
  type ThreadOptions,
  type TrainingSummary,
} from './als/als-model.js';
export { Recommendations, type RecommendationRow } from './als/recommendations.js';

// data
export { IdMap, type ExternalId } from './data/id-map.js';
export { InteractionsBuilder, fromRows, type Interactions, type InteractionRow, type DuplicatePolicy } from './data/interactions.js';
export { randomSplit } from './data/split-random.js';
export { stratifiedSplit, type StratifiedSplitOptions } from './data/split-stratified.js';
export { chronoSplit, type ChronoSplitOptions } from './data/split-chrono.js';

// evaluation (docs/metrics.md)
export { evaluateModel, type Evaluation, type EvaluateOptions } from './eval/evaluate.js';
export { rmse, mae, rsquared, explainedVariance } from './eval/rating-metrics.js';
export { precisionAtK } from './eval/precision.js';
export { recallAtK } from './eval/recall.js';
export { ndcgAtK } from './eval/ndcg.js';
export { averagePrecision, averagePrecisionAtK } from './eval/average-precision.js';
export { catalogCoverage, distributionalCoverage } from './eval/coverage.js';
export { novelty } from './eval/novelty.js';
export { diversity } from './eval/diversity.js';
export { serendipity, relevanceFromTest } from './eval/serendipity.js';
export type { UserItemPairs, RecommendationRows } from './eval/user-item-pairs.js';

// model selection
export { paramGrid, type GridSpec, type ParamMap, type ParamValue } from './tuning/param-grid.js';
export { trainValidationSplit, type TrainValidationSplitOptions } from './tuning/train-validation-split.js';
export { crossValidate, type CrossValidateOptions } from './tuning/cross-validate.js';
export type { SearchOptions, ConfigResult, TuningResult } from './tuning/run-search.js';
export type { SearchRunner, SearchEvents, SearchTask, TaskResult } from './tuning/search-runner.js';
export type { MetricName, MetricValues } from './tuning/tuning-metric.js';
export { validationPlan, type ValidationMethod } from './tuning/validation-plan.js';
export { parseRange, sampleConfigs, type ParamRange } from './tuning/random-search.js';
export { runSearch } from './tuning/run-search.js';
export {
  budgetedSearch,
  parseBudget,
  halvingSchedule,
  type SearchBudget,
  type SearchStrategy,
  type BudgetedSearchOptions,
  type BudgetedResult,
} from './tuning/budgeted-search.js';
export type { SplitPlan } from './tuning/split-plan.js';
export { runAccuracyProtocol, PROTOCOLS, type AccuracyProtocolName, type AccuracyRun, type AccuracyRunOptions, type ProtocolSpec, type PublishedFigure } from './tuning/accuracy-protocol.js';

// retrieval: similar items/users, top-K indexes (exact, norm-scan, IVF, LSH; HNSW from 'alsrec/node')
export type { SimilarOptions } from './als/similar.js';
export { buildIndex, type IndexOptions, type HnswOptions, type IndexTargets, type NativeIndexBuilders } from './retrieval/build-index.js';
export { estimateExactScan } from './retrieval/scan-estimate.js';
export type { RetrievalIndex, IndexMethod, IndexMetric, IndexSide, IndexQuery } from './retrieval/retrieval-index.js';
export { LshIndex, LSH_DEFAULTS, type LshOptions } from './retrieval/lsh-index.js';
export { NormScanIndex, NORM_SCAN_DEFAULTS, type NormScanOptions } from './retrieval/norm-scan-index.js';
export { ExactIndex } from './retrieval/exact-index.js';
export { IvfIndex, type IvfOptions } from './retrieval/ivf-index.js';
export { AUTO_MIN_TARGETS, AUTO_RECALL, AUTO_MARGIN, AUTO_SAMPLE } from './retrieval/auto-method.js';
export { kmeans, type KMeansOptions } from './retrieval/kmeans.js';
export type { TargetPartition } from './kernels/wasm/top-k-prepared.js';
export { factorChecksum } from './retrieval/factor-checksum.js';

// runtime: the WASM kernels and the injected thread host
export { loadWasmKernels, wasmUnavailableReason } from './kernels/wasm/load-kernels.js';
export { setThreadHost, type ThreadHost, type ThreadHandle, type WorkerReply } from './kernels/pool/thread-host.js';
export { kernelWorker, type WorkerMessage } from './kernels/pool/kernel-worker.js';
export { webWorkerHost } from './kernels/pool/web-worker-host.js';

// added on main by the fold-in, fallback, events and explain work (the lead's merge keeps them public)
export { foldIn, type FoldedFactors } from './als/fold-in.js';
export type { RecommendForOptions } from './als/recommend-for.js';
export * from './fallback/index.js';
export * from './events/index.js';
export type { Explanation } from './als/explain.js';
export type { FitOptions } from './als/warm-start.js';
export type { WasmAlsMemory } from './kernels/wasm/fit-footprint.js';
export { syntheticAdLog, AD_EVENT_TYPES, type AdLog, type AdLogOptions } from './data/synthetic-ad-log.js';
export { compareAdLogWeights, aggregateBefore, AD_LOG_VARIANTS, type AdLogVariant, type AdLogComparisonOptions, type AdLogComparisonRow } from './events/ad-log-comparison.js';
