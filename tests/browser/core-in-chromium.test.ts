import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as alsrec from '../../src/index.js';
import { bundleForBrowser } from './bundle.js';
import { runScenario, type ScenarioOptions, type ScenarioResult } from './scenario.js';

/**
 * The core in a real browser: its esbuild bundle, served from 127.0.0.1, runs the scenario
 * (tests/browser/scenario.ts: fit, recommend, evaluate) in headless Chromium, and must give the
 * numbers the same scenario gives in Node. Pages under /isolated/ are served with COOP/COEP
 * headers (cross-origin isolated: SharedArrayBuffer and shared WASM memory, so the WASM kernels);
 * pages under /plain/ without them, where the core must fall back to the TypeScript kernels and
 * say so. Like tests/report/html-report-browser.test.ts: skips without /usr/bin/chromium unless
 * ALSREC_REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
const CHROMIUM = process.env.ALSREC_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.ALSREC_REQUIRE_BROWSER === '1';
const present = existsSync(CHROMIUM);
if (!present && !required) {
  console.warn(`core-in-chromium: SKIPPED, ${CHROMIUM} is missing (run .ci/install-browser.sh; set ALSREC_REQUIRE_BROWSER=1 to fail instead)`);
}

const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** The page: 'alsrec' mapped to the core bundle, the scenario run on it, its result kept in window.__result. */
function page(kernels: ScenarioOptions['kernels']): string {
  return `<!DOCTYPE html><meta charset="utf-8"><title>alsrec in the browser</title>
<script type="importmap">{ "imports": { "alsrec": "./alsrec.js" } }</script>
<script type="module">
  import * as alsrec from 'alsrec';
  import { runScenario } from './scenario.js';
  window.__result = runScenario(alsrec, { kernels: ${JSON.stringify(kernels)} })
    .then((r) => ({ ...r, crossOriginIsolated: self.crossOriginIsolated }), (e) => ({ error: String(e && e.stack || e) }));
</script>`;
}

/**
 * The page with Web Workers as the thread host (webWorkerHost on kernel-worker.js), fitting and
 * recommending with numThreads 2; it counts the workers spawned and the chunk tasks they finished.
 */
const THREADS_PAGE = `<!DOCTYPE html><meta charset="utf-8"><title>alsrec on Web Workers</title>
<script type="importmap">{ "imports": { "alsrec": "./alsrec.js" } }</script>
<script type="module">
  import * as alsrec from 'alsrec';
  import { runScenario } from './scenario.js';
  const host = alsrec.webWorkerHost(new URL('./kernel-worker.js', import.meta.url), 2);
  const counts = { spawned: 0, tasksDone: 0 };
  alsrec.setThreadHost({
    cores: host.cores,
    spawn() {
      counts.spawned++;
      const t = host.spawn();
      return { ...t, onMessage: (listener) => t.onMessage((m) => { if (m.type === 'done') counts.tasksDone++; listener(m); }) };
    },
  });
  // Twice: a first fit does not wait for its worker's start-up (it joins when booted:
  // WorkerPool.attachWhenReady), the second finds it booted, waits for it and is counted.
  window.__result = runScenario(alsrec, { kernels: 'wasm', numThreads: 2 })
    .then(() => { counts.tasksDone = 0; return runScenario(alsrec, { kernels: 'wasm', numThreads: 2 }); })
    .then((r) => ({ ...r, ...counts, crossOriginIsolated: self.crossOriginIsolated }), (e) => ({ error: String(e && e.stack || e) }));
</script>`;

/** The kernel worker module of the threads page, as the README shows it. */
const KERNEL_WORKER = `import { kernelWorker } from './alsrec.js';
const handle = kernelWorker((m) => self.postMessage(m));
self.onmessage = (e) => handle(e.data);
`;

/** Serves /isolated/… and /plain/…: index.html, alsrec.js (the core bundle), scenario.js. */
function serve(files: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') return void res.writeHead(204).end(); // asked for by every page
    const [, mode, name] = (req.url ?? '').split('?')[0]!.split('/');
    const body = files[name || 'index.html'];
    if ((mode !== 'isolated' && mode !== 'plain') || body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const type = name?.endsWith('.js') ? 'text/javascript' : 'text/html';
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, ...(mode === 'isolated' ? ISOLATION_HEADERS : {}) });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

type PageResult = ScenarioResult & { crossOriginIsolated: boolean; error?: string; warnings: string[]; spawned?: number; tasksDone?: number };

/** The largest |a − b| / max(1, |b|) over the elements. */
function worstDifference(actual: readonly number[], expected: readonly number[]): number {
  return actual.reduce((w, a, j) => Math.max(w, Math.abs(a - expected[j]!) / Math.max(1, Math.abs(expected[j]!))), 0);
}

/** Equal to float32 tolerance: |a − b| ≤ 1e-5 · max(1, |b|), element by element. */
function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expect(worstDifference(actual, expected), `${what}: largest relative difference`).toBeLessThanOrEqual(1e-5);
}

function expectSameNumbers(browser: ScenarioResult, node: ScenarioResult): void {
  expect(browser.rows).toBe(node.rows);
  expectClose(browser.loss, node.loss, 'loss per iteration');
  expectClose(browser.userFactors, node.userFactors, 'user factors');
  expectClose(browser.itemFactors, node.itemFactors, 'item factors');
  expect(browser.firstLists.map((l) => [l.user, l.items])).toEqual(node.firstLists.map((l) => [l.user, l.items]));
  expectClose(browser.firstLists.flatMap((l) => l.scores), node.firstLists.flatMap((l) => l.scores), 'recommendation scores');
  const metrics = (r: ScenarioResult) => Object.values(r.metrics).map((v) => v ?? NaN);
  expectClose(metrics(browser), metrics(node), 'rmse, mae, precision@5, ndcg@5, map@5');
}

describe.skipIf(!present && !required)('the core in headless Chromium (esbuild bundle, served on 127.0.0.1)', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let bundleBytes = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing but ALSREC_REQUIRE_BROWSER=1: run .ci/install-browser.sh`);
    const core = await bundleForBrowser('src/index.ts');
    expect(core.nodeImports).toEqual([]);
    bundleBytes = core.bytes;
    const scenario = await bundleForBrowser('tests/browser/scenario.ts', { minify: false });
    server = await serve({
      'index.html': page('wasm'),
      'ts.html': page('ts'),
      'threads.html': THREADS_PAGE,
      'kernel-worker.js': KERNEL_WORKER,
      'alsrec.js': core.code,
      'scenario.js': scenario.code,
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function runInPage(path: string): Promise<PageResult> {
    const p = await browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    p.on('console', (m) => (m.type() === 'warning' ? warnings : m.type() === 'error' ? errors : []).push(m.text()));
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${base}${path}`, { waitUntil: 'load' });
    await p.waitForFunction(() => (globalThis as { __result?: unknown }).__result !== undefined);
    const result = (await p.evaluate(() => (globalThis as unknown as { __result: Promise<unknown> }).__result)) as PageResult;
    await p.close();
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    return { ...result, warnings };
  }

  it('fits, recommends and evaluates on the WASM kernels in a cross-origin-isolated page, with the numbers Node gives', async () => {
    const inBrowser = await runInPage('/isolated/');
    const inNode = await runScenario(alsrec, { kernels: 'wasm' });
    expect(inBrowser.crossOriginIsolated).toBe(true);
    expect(inBrowser.wasmUnavailable).toBeNull(); // the WASM SIMD kernels ran
    expect(inNode.wasmUnavailable).toBeNull();
    expect(inBrowser.warnings).toEqual([]);
    expectSameNumbers(inBrowser, inNode);
    console.log(
      `core bundle ${bundleBytes} bytes; ${inBrowser.rows} ratings, rank 8, 8 iterations, top 5 for ${inBrowser.userFactors.length / 8} users:\n` +
        `  Chromium: fit ${(inBrowser.fitSeconds * 1000).toFixed(1)} ms, recommend ${(inBrowser.recommendSeconds * 1000).toFixed(1)} ms, ` +
        `rmse ${inBrowser.metrics.rmse!.toFixed(6)}, precision@5 ${inBrowser.metrics.precisionAtK!.toFixed(6)}, ndcg@5 ${inBrowser.metrics.ndcgAtK!.toFixed(6)}, final loss ${inBrowser.loss.at(-1)!.toFixed(4)}\n` +
        `  Node:     fit ${(inNode.fitSeconds * 1000).toFixed(1)} ms, recommend ${(inNode.recommendSeconds * 1000).toFixed(1)} ms, ` +
        `rmse ${inNode.metrics.rmse!.toFixed(6)}, precision@5 ${inNode.metrics.precisionAtK!.toFixed(6)}, ndcg@5 ${inNode.metrics.ndcgAtK!.toFixed(6)}, final loss ${inNode.loss.at(-1)!.toFixed(4)}\n` +
        `  largest relative difference, factors: ${worstDifference([...inBrowser.userFactors, ...inBrowser.itemFactors], [...inNode.userFactors, ...inNode.itemFactors])}`,
    );
  });

  it('falls back to the TypeScript kernels without cross-origin isolation, says why, and still gives the numbers Node gives', async () => {
    const inBrowser = await runInPage('/plain/');
    const inNode = await runScenario(alsrec, { kernels: 'ts' });
    expect(inBrowser.crossOriginIsolated).toBe(false);
    expect(inBrowser.wasmUnavailable).toMatch(/no WebAssembly or SharedArrayBuffer.*Cross-Origin-Opener-Policy: same-origin/);
    expect(inBrowser.warnings).toEqual([expect.stringMatching(/^als: using the TypeScript kernels, ~10× slower: this host has no WebAssembly or SharedArrayBuffer/)]);
    expectSameNumbers(inBrowser, inNode);
  });

  it('runs the TypeScript kernels when asked, in an isolated page too', async () => {
    const inBrowser = await runInPage('/isolated/ts.html');
    expect(inBrowser.warnings).toEqual([]);
    expectSameNumbers(inBrowser, await runScenario(alsrec, { kernels: 'ts' }));
  });

  it('fits and recommends on 2 threads with Web Workers as the thread host, with the numbers Node gives on one', async () => {
    const inBrowser = await runInPage('/isolated/threads.html');
    expect(inBrowser.crossOriginIsolated).toBe(true);
    expect(inBrowser.wasmUnavailable).toBeNull();
    expect(inBrowser.warnings).toEqual([]);
    expect(inBrowser.spawned).toBe(1); // numThreads 2 = the page's thread + one worker, reused by fit and top-K
    expect(inBrowser.tasksDone).toBeGreaterThan(8 * 2); // in the second run the worker took part in every half-iteration and the top-K
    expectSameNumbers(inBrowser, await runScenario(alsrec, { kernels: 'wasm', numThreads: 1 }));
    console.log(`Chromium, 2 threads (Web Workers): fit ${(inBrowser.fitSeconds * 1000).toFixed(1)} ms, recommend ${(inBrowser.recommendSeconds * 1000).toFixed(1)} ms, worker tasks ${inBrowser.tasksDone}`);
  });
});
