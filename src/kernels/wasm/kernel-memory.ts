import { wasmApi, WASM_MAX_PAGES, WASM_PAGE, type WasmMemory, type WasmModule } from './wasm-api.js';
import type { KernelExports } from './kernel-exports.js';

/**
 * One shared WebAssembly memory sized for a job (a fit, a top-K call), with the kernels
 * instantiated on it and typed views over it. The memory never grows, so the views stay valid.
 * Offsets come from a `MemoryLayout`; byte offset 0 is never handed out, so 0 can mean "none".
 */
export class KernelMemory {
  readonly memory: WasmMemory;
  readonly exports: KernelExports;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;

  constructor(module: WasmModule, bytes: number) {
    const pages = Math.ceil(bytes / WASM_PAGE);
    if (pages > WASM_MAX_PAGES) {
      throw new Error(
        `wasm kernels: the job needs ${(bytes / 2 ** 30).toFixed(2)} GiB of WASM memory, over wasm32's 4 GiB; use kernels: 'ts'`,
      );
    }
    this.memory = new (wasmApi()!.Memory)({ initial: pages, maximum: pages, shared: true });
    this.exports = instantiate(module, this.memory);
    const buffer = this.memory.buffer;
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}

const sizers = new WeakMap<WasmModule, KernelExports>();

/** The kernels on a one-page memory, for size queries (scratchBytes, topKScratchBytes); cached per module. */
export function kernelSizes(module: WasmModule): KernelExports {
  let e = sizers.get(module);
  if (!e) {
    e = instantiate(module, new (wasmApi()!.Memory)({ initial: 1, maximum: 1, shared: true }));
    sizers.set(module, e);
  }
  return e;
}

/** Instantiates the kernels on `memory` (also done by every worker thread on the same memory). */
export function instantiate(module: WasmModule, memory: WasmMemory): KernelExports {
  // Math.log: initRows (assembly/init-rows.ts) draws its normals with the host's logarithm, so
  // the initial factors have the bits of the TypeScript reference (als/init-factors.ts).
  return new (wasmApi()!.Instance)(module, { env: { memory, log: Math.log } }).exports as unknown as KernelExports;
}

/**
 * A bump allocator of byte offsets: each block starts on a 64-byte boundary (a cache line, and
 * 16-byte aligned for SIMD). The first 64 KiB are skipped so that offset 0 means "none".
 */
export class MemoryLayout {
  private end = WASM_PAGE;

  alloc(bytes: number): number {
    const at = this.end;
    this.end = at + Math.ceil(bytes / 64) * 64;
    return at;
  }

  get bytes(): number {
    return this.end;
  }
}
