export { recommendWith, type Ranker, type UserScores, type RecommendWithOptions } from './ranker.js';
export { PopularityRanker, type PopularityOptions } from './popularity.js';
export { ContentRanker } from './content.js';
export { FoldInRanker } from './cf-ranker.js';
export { HybridRanker, type HybridOptions } from './hybrid.js';
export { encodeItemFeatures, type ItemFeatures, type FeatureColumn } from './item-features.js';
export { ridgeItemFactors, type RidgeOptions } from './ridge-item-factors.js';
export { coldUsersProtocol, type ColdUsersOptions, type ColdUsersResult, type ColdUsersRow } from './cold-users-protocol.js';
export { coldItemsProtocol, type ColdItemsOptions, type ColdItemsRow } from './cold-items-protocol.js';
