// Types of build/alsrec-kernels.js, which assembly/build.mjs writes (committed: the one file of
// build/ in git, so that TypeScript checks src/kernels/wasm/load-kernels.ts before any build).
/** The WASM SIMD kernels (build/alsrec-kernels.wasm), base64. */
export declare const wasmBase64: string;
