import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './bundle.js';

/** Folders of the Node side: the core must reach none of their files. */
const NODE_SIDE = /^src\/(io|cli|node-threads|spark|serve)\/|^src\/node\.ts$/;

describe("the core ('alsrec', src/index.ts) bundled for a browser by esbuild", () => {
  it('reaches no Node builtin and no file of the Node side, and holds the WASM kernels', async () => {
    const bundle = await bundleForBrowser('src/index.ts');
    expect(bundle.nodeImports, 'Node builtins reached from src/index.ts (importer → import)').toEqual([]);
    expect(bundle.inputs.filter((f) => NODE_SIDE.test(f))).toEqual([]);
    expect(bundle.inputs).toContain('build/alsrec-kernels.js');
    console.log(`core browser bundle: ${bundle.bytes} bytes minified, ${bundle.inputs.length} repository files`);
  });

  it('names each Node import and its importer (control: the Node entry, src/node.ts)', async () => {
    const bundle = await bundleForBrowser('src/node.ts', { external: ['@resvg/resvg-js', '@duckdb/node-api'] }); // native addons
    expect(bundle.nodeImports).toContainEqual({ path: 'node:worker_threads', importer: 'src/node-threads/kernel-thread-host.ts' });
    expect(bundle.nodeImports).toContainEqual({ path: 'node:fs/promises', importer: 'src/io/als-model-dir.ts' });
  });
});
