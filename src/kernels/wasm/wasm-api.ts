/**
 * The part of the WebAssembly JavaScript API the kernels use, typed locally: the project compiles
 * against lib ES2022 without DOM, which has no `WebAssembly` declarations.
 */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** A compiled module; structured-cloneable, so workers can instantiate the same one. */
export type WasmModule = object;

export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
}

/** The host's WebAssembly object, or undefined where there is none. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** Bytes in one WebAssembly page. */
export const WASM_PAGE = 65536;
/** Pages addressable by wasm32: 4 GiB. */
export const WASM_MAX_PAGES = 65536;
