import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** An import of a Node builtin (`node:fs`, or bare `fs`) found while bundling, and who made it. */
export interface NodeImport {
  path: string;
  importer: string;
}

export interface BrowserBundle {
  code: string;
  bytes: number;
  metafile: Metafile;
  /** Node builtins reached from the entry (the bundle is not browser-safe unless this is empty). */
  nodeImports: NodeImport[];
  /** Repository files in the bundle, relative to the repository root. */
  inputs: string[];
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Records every import of a Node builtin and leaves it out (external), so that one build lists
 * them all with their importers instead of failing on the first.
 */
function recordNodeImports(found: NodeImport[]): Plugin {
  return {
    name: 'record-node-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!args.path.startsWith('node:') && !BUILTINS.has(args.path)) return undefined;
        found.push({ path: args.path, importer: args.importer.startsWith(REPO) ? args.importer.slice(REPO.length) : args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles `entry` (a path relative to the repository) for the browser with esbuild, as an ES
 * module, minified: what a web app's bundler would make of it.
 */
export async function bundleForBrowser(entry: string, opts: { external?: string[]; minify?: boolean } = {}): Promise<BrowserBundle> {
  const nodeImports: NodeImport[] = [];
  const result = await build({
    absWorkingDir: REPO,
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: opts.minify ?? true,
    external: opts.external,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeImports(nodeImports)],
  });
  const code = result.outputFiles[0]!.text;
  return {
    code,
    bytes: Buffer.byteLength(code),
    metafile: result.metafile,
    nodeImports,
    inputs: Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')),
  };
}
