// alsrec/node: the Node-only side (files, Spark model directories, downloads, PNG, worker threads).
// Importing it registers Node's worker_threads as the core's thread host, so that fits and top-K
// use several threads (without it the core runs on the calling thread, as in a browser).
import { useNodeThreads } from './node-threads/kernel-thread-host.js';

useNodeThreads();

export { readInteractions, type ReadInteractionsOptions } from './io/read-interactions.js';
export { readMovieLens } from './io/read-movielens.js';
export { readMovieLensItems, type MovieCatalog } from './io/read-ml-items.js';
export { writeInteractions } from './io/write-interactions.js';
export { detectFormat, type InteractionsFormat } from './io/detect-format.js';
export { fetchMovieLens } from './io/fetch-movielens.js';
export { saveALSModel, loadALSModel } from './io/als-model-dir.js';
export { readSparkModel, type SparkModelFiles } from './io/spark-model-read.js';
export { writeSparkModel } from './io/spark-model-write.js';
export { svgToPng } from './io/svg-to-png.js';
export { writeFileAtomic, writeDirAtomic } from './io/atomic.js';
export { buildIndex } from './io/node-build-index.js';
export { HnswIndex, HNSW_DEFAULTS, buildHnswIndex } from './io/hnsw-index.js';
export { saveIndex, loadIndex, indexDir, INDEX_DIR, type LoadIndexOptions } from './io/model-index-dir.js';
export { streamRecommendations, type StreamRecommendationsOptions } from './io/stream-recommendations.js';
export { searchRunner, workerRunner } from './node-threads/worker-runner.js';
export { nodeThreadHost, useNodeThreads } from './node-threads/kernel-thread-host.js';
export { readItemFeatures, type ReadItemFeaturesOptions } from './io/read-item-features.js';
export { readEventLog, type ReadEventLogOptions } from './io/read-event-log.js';
export { writeInteractionsParquet } from './io/write-interactions-parquet.js';
