/** Where a fit's bytes are (`WasmAls.footprint`, fit option onFootprint), for reports: WASM memory by part, and host memory. */
export interface WasmAlsMemory {
  /** The CSRs' indices and values, in WASM memory (resident) or in host memory (windowed). */
  csrBytes: number;
  csrInWasm: boolean;
  /** Indptr of both sides, in WASM memory. */
  indptrBytes: number;
  /** Both padded factor matrices. */
  factorBytes: number;
  /** Per-thread scratch (normal equations, CG gather buffers) and Gram blocks. */
  scratchBytes: number;
  /** The CSR window (0 when resident). */
  windowBytes: number;
  /** The whole WASM memory (reserved; only pages touched are resident). */
  wasmBytes: number;
}
