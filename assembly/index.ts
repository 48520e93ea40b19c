/**
 * alsrec's WebAssembly kernels (AssemblyScript → WASM SIMD; built by `npm run build:wasm`).
 * Every export works on pointers into one imported shared memory laid out by the TypeScript side
 * (src/kernels/wasm/); nothing here allocates, so any number of threads can run the same module on
 * the same memory. Chunk kernels take (chunk, scratch, bounds, …): they process the rows
 * [bounds[chunk], bounds[chunk+1]) with the calling thread's scratch block and return −1, or a
 * failing row.
 */
export { scratchBytes } from './scratch';
export { choleskySolve, choleskySolvePair } from './cholesky';
export { nnlsSolve, nnlsWorkBytes } from './nnls';
export { gramChunk, gramReduce } from './gram';
export { solveChunk } from './solve-rows';
export { cgChunk } from './cg-rows';
export { lossChunk } from './loss';
export { topKChunk, topKScratchBytes } from './top-k';
export { ivfChunk, ivfScratchBytes } from './ivf-scan';
export { ialsppChunk } from './ials-rows';
export { initRows } from './init-rows';
