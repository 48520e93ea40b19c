import { wasmApi, type WasmModule } from './wasm-api.js';

/**
 * Loads the compiled WASM SIMD kernels once per process. The build (assembly/build.mjs) writes them
 * to build/alsrec-kernels.wasm and, as base64, to build/alsrec-kernels.js, which is what is loaded
 * here: an ES module import works alike in Node and in a browser, with no file-system API in core.
 * The path is the same from src/kernels/wasm (tests, tsx) and dist/kernels/wasm (the package), and it
 * is a literal, so a bundler (esbuild) puts the kernels into a browser build of the core.
 *
 * Resolves to null — and callers fall back to the TypeScript kernels — when the host has no
 * WebAssembly SIMD, threads or SharedArrayBuffer (a browser page that is not cross-origin
 * isolated), or the kernels were not built.
 */
const KERNELS_MODULE = '../../../build/alsrec-kernels.js';

let pending: Promise<WasmModule | null> | undefined;
let loaded: WasmModule | null | undefined;
let unavailable = 'the WASM kernels have not been loaded yet: await loadWasmKernels() first';

export function loadWasmKernels(): Promise<WasmModule | null> {
  pending ??= load().then((m) => (loaded = m));
  return pending;
}

/** The module if `loadWasmKernels` has resolved with one, else null (never starts a load). */
export function loadedWasmKernels(): WasmModule | null {
  return loaded ?? null;
}

/** Why there is no loaded module (and what to do), or undefined when there is one. */
export function wasmUnavailableReason(): string | undefined {
  return loaded ? undefined : unavailable;
}

/** The loaded module, or an error saying why there is none and what to do. */
export function requireWasmKernels(): WasmModule {
  if (loaded) return loaded;
  throw new Error(`wasm kernels: ${unavailable}`);
}

async function load(): Promise<WasmModule | null> {
  const api = wasmApi();
  if (!api || typeof SharedArrayBuffer === 'undefined') {
    unavailable =
      'this host has no WebAssembly or SharedArrayBuffer (a browser page needs cross-origin isolation: serve it with the headers ' +
      'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp); use kernels: "ts"';
    return null;
  }
  let base64: string;
  try {
    ({ wasmBase64: base64 } = await import('../../../build/alsrec-kernels.js'));
  } catch (e) {
    unavailable = `cannot import ${KERNELS_MODULE} (${(e as Error).message}); run \`npm run build:wasm\``;
    return null;
  }
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (!api.validate(bytes)) {
    unavailable = 'this host does not support WebAssembly SIMD and threads; use kernels: "ts"';
    return null;
  }
  try {
    new api.Memory({ initial: 1, maximum: 1, shared: true });
  } catch (e) {
    unavailable = `this host cannot create shared WebAssembly memory (${(e as Error).message}); use kernels: "ts"`;
    return null;
  }
  return api.compile(bytes);
}
