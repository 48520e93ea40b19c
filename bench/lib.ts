import { pathToFileURL } from 'node:url';

/**
 * The library under test, from the sources (through tsx, the default) or from the compiled `dist/`
 * (`--from dist`, after `npm run build`: the path a user of the package runs, whose worker threads
 * start without tsx), or from a build elsewhere (`--from /tmp/alsrec-dist/dist`, made with
 * `tsc -p tsconfig.build.json --outDir …`, so a benchmark need not rebuild the shared dist/).
 */
type AlsModule = typeof import('../src/als/als.js');
type OptionsModule = typeof import('../src/als/options.js');
type SyntheticModule = typeof import('../src/data/synthetic-power-law.js');
type MlModule = typeof import('../src/io/read-ml-ratings.js');
type ReadModule = typeof import('../src/io/read-interactions.js');
type WasmModule = typeof import('../src/kernels/wasm/load-kernels.js');

export interface Lib {
  ALS: AlsModule['ALS'];
  ALS_DEFAULTS: OptionsModule['ALS_DEFAULTS'];
  syntheticPowerLaw: SyntheticModule['syntheticPowerLaw'];
  readMl100k: MlModule['readMl100k'];
  /** The reader behind `alsrec train <file>`. */
  readInteractions: ReadModule['readInteractions'];
  /** The WASM loader, or undefined in a checkout without one. */
  wasm?: Pick<WasmModule, 'loadWasmKernels' | 'requireWasmKernels'>;
}

export type LibSource = 'src' | 'dist';

/** `from`: 'src', 'dist' (this checkout's), or the path of another build's dist/ directory. */
export async function loadLib(from: LibSource | string): Promise<Lib> {
  const base = from === 'src' || from === 'dist' ? new URL(`../${from}/`, import.meta.url) : pathToFileURL(from.endsWith('/') ? from : `${from}/`);
  const url = (path: string): string => new URL(`${path}.js`, base).href;
  const load = async <T>(path: string): Promise<T> => {
    try {
      return (await import(url(path))) as T;
    } catch (e) {
      const hint = from === 'dist' ? '; run `npm run build` first' : '';
      throw new Error(`bench: cannot load ${from}/${path} (${(e as Error).message})${hint}`);
    }
  };
  const [als, options, synthetic, ml, read] = await Promise.all([
    load<AlsModule>('als/als'),
    load<OptionsModule>('als/options'),
    load<SyntheticModule>('data/synthetic-power-law'),
    load<MlModule>('io/read-ml-ratings'),
    load<ReadModule>('io/read-interactions'),
  ]);
  const wasm = await load<WasmModule>('kernels/wasm/load-kernels').catch(() => undefined);
  // Builds with a thread-host seam run on one thread until Node's worker threads are registered
  // (what importing 'alsrec/node' does); older builds started them by themselves.
  const threads = await load<typeof import('../src/node-threads/kernel-thread-host.js')>('node-threads/kernel-thread-host').catch(() => undefined);
  threads?.useNodeThreads();
  // … and what else alsrec/node registers: a full collection when consumeData lets go of the rows
  const gc = await load<typeof import('../src/io/full-gc.js')>('io/full-gc').catch(() => undefined);
  gc?.useFullGcOnRelease();
  return { ALS: als.ALS, ALS_DEFAULTS: options.ALS_DEFAULTS, syntheticPowerLaw: synthetic.syntheticPowerLaw, readMl100k: ml.readMl100k, readInteractions: read.readInteractions, wasm };
}
