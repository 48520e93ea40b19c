// alsrec/node: the Node-only side (files, Spark model directories, downloads, worker threads).
// Importing it registers Node's worker_threads as the core's thread host, so that fits and top-K
// use several threads (without it the core runs on the calling thread, as in a browser).
// The public surface is this file and src/index.ts; docs/api/alsrec.api.md lists it (npm run api-report).
import { useNodeThreads } from './node-threads/kernel-thread-host.js';
import { useFullGcOnRelease } from './io/full-gc.js';

useNodeThreads();
useFullGcOnRelease(); // fit({ consumeData }) and windowed fits hand big buffers back at once

export { readInteractions, type ReadInteractionsOptions } from './io/read-interactions.js';
export type { InteractionsFormat } from './io/detect-format.js';
export { writeInteractions, type WriteInteractionsOptions } from './io/write-interactions.js';
export { readMovieLens } from './io/read-movielens.js';
export { readMovieLensItems, type MovieCatalog } from './io/read-ml-items.js';
export { fetchMovieLens, type FetchMovieLensOptions, type MovieLensSize } from './io/fetch-movielens.js';
export { saveALSModel, loadALSModel } from './io/als-model-dir.js';
export { searchRunner } from './node-threads/worker-runner.js';
export { buildIndex } from './io/node-build-index.js';
export { HnswIndex, HNSW_DEFAULTS, buildHnswIndex } from './io/hnsw-index.js';
export { saveIndex, loadIndex, indexDir, INDEX_DIR, type LoadIndexOptions } from './io/model-index-dir.js';
export { streamRecommendations, type StreamRecommendationsOptions } from './io/stream-recommendations.js';
// added on main by the fallback and events work
export { readItemFeatures, type ReadItemFeaturesOptions } from './io/read-item-features.js';
export { readEventLog, type ReadEventLogOptions } from './io/read-event-log.js';
export { writeInteractionsParquet } from './io/write-interactions-parquet.js';
// the service (alsrec serve): the serving class usable without HTTP, its HTTP layer and event stores
export { Recommender, SERVE_EVENT_WEIGHTS, type RecommenderOptions, type RecommendRequest } from './serve/recommender.js';
export { buildApp, type AppOptions } from './serve/app.js';
export { openStore } from './serve/open-store.js';
export type { EventStore, AppendResult, EventPage } from './serve/event-store.js';
export type { EventInput, StoredEvent, RecommendationResponse, RecommendationSource } from './serve/wire.js';
