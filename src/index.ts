// alsrec: the core library (no Node-only imports). File readers and writers: 'alsrec/node'.
export { ALS } from './als/als.js';
export { ALSModel, type Predictions, type RecommendOptions, type TrainingSummary, type ALSModelParts } from './als/als-model.js';
export { Recommendations, type RecommendationRow } from './als/recommendations.js';
export { ALS_DEFAULTS, resolveALSOptions, type ALSOptions, type ResolvedALSOptions } from './als/options.js';
export { IdMap, isSparkInt, SPARK_INT_MIN, SPARK_INT_MAX, type ExternalId } from './data/id-map.js';
export { InteractionsBuilder, fromRows, selectRows, size, type Interactions, type InteractionRow, type DuplicatePolicy } from './data/interactions.js';
export { buildCSR, type CSR } from './data/csr.js';
export { Random } from './data/random.js';
export { randomSplit } from './data/split-random.js';
export { stratifiedSplit, type StratifiedSplitOptions } from './data/split-stratified.js';
export { chronoSplit, type ChronoSplitOptions } from './data/split-chrono.js';
export { plantedLowRank, type PlantedLowRankOptions } from './data/synthetic-low-rank.js';
export * from './eval/index.js';
export { evaluateModel, evaluateRatings, evaluateRanking, type Evaluation, type EvaluateOptions } from './eval/evaluate.js';
export { topK, topKBruteForce, type TopKInput, type TopKResult } from './kernels/top-k.js';
