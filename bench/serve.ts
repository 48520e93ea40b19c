/**
 * `npm run bench -- --serve`: alsrec serve under load from autocannon, both on this machine over
 * loopback (the load generator shares the cores: its cost is in the figures). Phases, each bounded
 * by --duration seconds:
 *   cached   GET a known user's top-10 (no events: the precomputed cache)            target ≥ 8,000/s, p99 ≤ 5 ms
 *   live     GET for users with 20 stored events each (folded in live, cf-live)       target p99 ≤ 10 ms (10M: ≤ 25 ms)
 *   similar  GET an item's 10 most similar items (cosine of factors)
 *   batch    POST /v1/recommendations with 20 users
 *   events   POST /v1/events, one event per request (group commit, durable)           target ≥ 5,000 events/s
 *   swap     cached load while a model swap and a rollback happen                     target 0 non-2xx
 * autocannon runs --connections (default 10) connections; --curve repeats cached, live and events at
 * other counts (durable events/s grow with concurrency by design: one fsync per group of requests).
 * then a feedback round (impressions + clicks on held-out test items, joined by request id) so that
 * /metrics shows CTR by source, and prints the metrics. Model: implicit ALS on 75 % of ML-100k.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { ALS } from '../src/als/als.js';
import { randomSplit } from '../src/data/split-random.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import type { Interactions } from '../src/data/interactions.js';
import { saveALSModel } from '../src/io/als-model-dir.js';
import { readMovieLens } from '../src/io/read-movielens.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { writeInteractions } from '../src/io/write-interactions.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..');

interface Flags {
  duration: number;
  connections: number;
  ml100k?: string;
  out?: string;
  screenshot?: string;
  scale: 'ml100k' | '10m';
  cpuProf?: string;
  phases: string;
  curve?: string;
  built: boolean;
}

interface Phase {
  name: string;
  target: string;
  requestsPerSecond: number;
  itemsPerSecond?: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  source?: string;
  connections: number;
  /** CPU time of the server process (user + system) per request answered: the load-robust cost. */
  serverCpuUs?: number;
}

export async function benchServe(argv: string[]): Promise<void> {
  const f = new Command('bench --serve')
    .option('--duration <s>', 'seconds per phase', (v) => Number(v), 8)
    .option('--connections <n>', "concurrent connections (autocannon's own default, 10: each a client waiting for its answer before the next request)", (v) => Number(v), 10)
    .option('--scale <s>', "ml100k (MovieLens 100k, rank 16) or 10m (synthetic power law 70,000 × 10,000, 10M rows, rank 64, 3 iterations)", 'ml100k')
    .option('--ml100k <dir>', 'MovieLens 100k directory (default $ALSREC_ML100K)')
    .option('--out <file>', 'JSON results (default bench/results/serve-<date>.json)')
    .option('--phases <list>', 'phases to run: cached,live,similar,batch,events,swap', 'cached,live,similar,batch,events,swap')
    .option('--curve <list>', 'also run the cached and live phases at each of these connection counts (e.g. 1,4,8,16,32,64): latency against load')
    .option('--built', 'run the server from dist/cli/main.js (what `alsrec serve` runs; `npm run build:ts` first) instead of the sources through tsx', false)
    .option('--cpu-prof <dir>', 'run the server under node --cpu-prof, profiles written to <dir> when it stops')
    .option('--screenshot <file>', 'dashboard screenshot after the run (default docs/serve-dashboard.png; needs /usr/bin/chromium)')
    .parse(argv, { from: 'user' })
    .opts<Flags>();
  const ml = f.ml100k ?? process.env.ALSREC_ML100K;
  if (f.scale !== 'ml100k' && f.scale !== '10m') throw new Error(`bench --serve: --scale must be ml100k or 10m, got '${f.scale}'`);
  if (!ml && f.scale === 'ml100k') throw new Error('bench --serve: set ALSREC_ML100K or pass --ml100k <dir>');
  useNodeThreads();
  const load0 = loadavg().map((x) => x.toFixed(1)).join(' ');
  const dir = await mkdtemp(join(tmpdir(), 'alsrec-bench-serve-'));
  let server: ReturnType<typeof spawn> | null = null;
  try {
    const big = f.scale === '10m';
    const t0 = performance.now();
    const data = big ? syntheticPowerLaw({ numUsers: 70_000, numItems: 10_000, nnz: 10_000_000, seed: 1 }) : await readMovieLens(ml!);
    const [train, test] = randomSplit(data, big ? 0.95 : 0.75, 42) as [Interactions, Interactions];
    const opts = big
      ? ({ implicitPrefs: true, rank: 64, maxIter: 3, regParam: 0.1, alpha: 1 } as const)
      : ({ implicitPrefs: true, rank: 16, maxIter: 10, regParam: 0.1, alpha: 1 } as const);
    const m1 = await new ALS({ ...opts, seed: 1 }).fit(train);
    await saveALSModel(m1, join(dir, 'models', 'm1'));
    // the swap target: a second fit on ML-100k, a copy of the same files at 10M (the swap's cost is loading + cache, not training)
    if (big) await cp(join(dir, 'models', 'm1'), join(dir, 'models', 'm2'), { recursive: true });
    else await saveALSModel(await new ALS({ ...opts, seed: 2 }).fit(train), join(dir, 'models', 'm2'));
    process.stderr.write(`bench --serve: data and models ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    await writeInteractions(join(dir, 'train.csv'), train);
    // the model's own ids (a split shares the id maps of the whole data set, so train.itemIds is every item)
    const users = m1.userIds.ids().map(String);
    const testItems = new Map<string, Set<string>>();
    for (let r = 0; r < test.users.length; r++) {
      const u = String(test.userIds.toExternal(test.users[r]!));
      if (!testItems.has(u)) testItems.set(u, new Set());
      testItems.get(u)!.add(String(test.itemIds.toExternal(test.items[r]!)));
    }

    const prof = f.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', f.cpuProf] : [];
    const cli = f.built ? [join(REPO, 'dist/cli/main.js')] : ['--import', 'tsx', join(REPO, 'src/cli/main.ts')];
    if (f.built && !existsSync(cli[0]!)) throw new Error('bench --serve: --built needs dist/cli/main.js; run npm run build:ts first');
    server = spawn(process.execPath, [...prof, ...cli, 'serve', join(dir, 'models', 'm1'),
      '--train-data', join(dir, 'train.csv'), '--store', `sqlite:${join(dir, 'events.db')}`, '--port', '0', '--json', '--rate-limit', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      server!.once('exit', (c) => reject(new Error(`alsrec serve exited with ${c}`)));
    });
    while ((await fetch(`${base}/readyz`)).status !== 200) await sleep(100);

    // live users: 100 known users, 20 click events each on items they have not rated
    const liveUsers = users.slice(0, 100);
    const coldUsers = users.slice(100);
    const items = m1.itemIds.ids().map(String);
    const events = liveUsers.flatMap((u, j) => Array.from({ length: 20 }, (_, e) => ({ user: u, item: items[(j * 37 + e * 11) % items.length], type: 'click' })));
    await post(`${base}/v1/events`, { events });

    const pick = <T>(a: readonly T[]) => a[Math.floor(Math.random() * a.length)]!;
    const phases: Phase[] = [];
    /** One autocannon phase: `f.duration` seconds, or until `until` resolves (then 1 s more is not waited for). */
    const run = async (name: string, target: string, req: autocannon.Request, perRequest = 1, source?: string, until?: () => Promise<void>, connections = f.connections) => {
      const cpu0 = processCpuSeconds(server!.pid!);
      const r = await new Promise<autocannon.Result>((resolve, reject) => {
        const inst = autocannon({ url: base, connections, duration: until ? 900 : f.duration, requests: [req] }, (err, res) => (err ? reject(err) : resolve(res)));
        if (until) void until().then(() => inst.stop());
      });
      const p: Phase = {
        name, target, source, connections,
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50, p99: r.latency.p99,
        non2xx: r.non2xx, errors: r.errors,
      };
      const cpu1 = processCpuSeconds(server!.pid!);
      if (cpu0 !== null && cpu1 !== null && r.requests.total > 0) p.serverCpuUs = ((cpu1 - cpu0) / r.requests.total) * 1e6;
      if (perRequest > 1) p.itemsPerSecond = r.requests.average * perRequest;
      phases.push(p);
      process.stderr.write(`bench --serve: ${name}: ${Math.round(p.requestsPerSecond)} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms, non-2xx ${p.non2xx}, server CPU ${p.serverCpuUs?.toFixed(0) ?? '?'} µs/request\n`);
    };
    const getRecs = (pool: string[]): autocannon.Request => ({ method: 'GET', path: '/', setupRequest: (q) => ({ ...q, path: `/v1/users/${pick(pool)}/recommendations?k=10` }) });

    const sourceOf = async (u: string) => ((await (await fetch(`${base}/v1/users/${u}/recommendations?k=10`)).json()) as { source: string }).source;
    const want = new Set(f.phases.split(',').map((x) => x.trim()));
    for (const p of want) if (!['cached', 'live', 'similar', 'batch', 'events', 'swap'].includes(p)) throw new Error(`bench --serve: unknown phase '${p}' in --phases; use cached,live,similar,batch,events,swap`);
    if (want.has('cached')) await run('cached top-10', '≥ 8,000 req/s, p99 ≤ 5 ms', getRecs(coldUsers), 1, await sourceOf(coldUsers[0]!));
    if (want.has('live')) await run('live fold-in top-10 (20 events)', big ? 'p99 ≤ 25 ms' : 'p99 ≤ 10 ms', getRecs(liveUsers), 1, await sourceOf(liveUsers[0]!));
    if (want.has('similar')) await run('similar items (k=10)', '—', { method: 'GET', path: '/', setupRequest: (q) => ({ ...q, path: `/v1/items/${pick(items)}/similar?k=10` }) }, 1, 'similar-items');
    if (want.has('batch')) await run('batch (20 users)', '—', {
      method: 'POST', path: '/v1/recommendations', headers: { 'content-type': 'application/json' },
      setupRequest: (q) => ({ ...q, body: JSON.stringify({ users: Array.from({ length: 20 }, () => pick(coldUsers)), k: 10 }) }),
    }, 20);
    let seq = 0;
    const postEvent: autocannon.Request = {
      method: 'POST', path: '/v1/events', headers: { 'content-type': 'application/json' },
      setupRequest: (q) => ({ ...q, body: JSON.stringify({ id: `bench-${seq}`, user: `bench-${seq % 5000}`, item: pick(items), type: 'click', value: (seq++, 1) }) }),
    };
    if (want.has('events')) await run('events (1 per request, durable)', '≥ 5,000 events/s', postEvent);
    // hot swap under load: the load runs 1 s, a swap (load + cache build), 1 s, a rollback, 1 s, then stops
    let swapResults: unknown[] = [];
    if (want.has('swap')) await run('cached top-10 during swap + rollback', '0 non-2xx', getRecs(coldUsers), 1, undefined, async () => {
      await sleep(1000);
      const s = await post(`${base}/v1/admin/models`, { path: 'm2' });
      await sleep(1000);
      const b = await post(`${base}/v1/admin/rollback`, {});
      await sleep(1000);
      swapResults = [s, b];
    });
    process.stderr.write(`bench --serve: swap ${JSON.stringify(swapResults)}\n`);
    const curve: Phase[] = [];
    for (const c of f.curve ? f.curve.split(',').map(Number) : []) {
      if (!(Number.isInteger(c) && c >= 1)) throw new Error(`bench --serve: --curve takes connection counts >= 1, got '${f.curve}'`);
      for (const [name, pool] of [['cached top-10', coldUsers], ['live fold-in top-10 (20 events)', liveUsers]] as const) {
        await run(`${name} @ ${c} connections`, '', getRecs(pool), 1, undefined, undefined, c);
        curve.push(phases.pop()!);
      }
      await run(`events @ ${c} connections`, '', postEvent, 1, undefined, undefined, c);
      curve.push(phases.pop()!);
    }

    // feedback: lists for 300 cached users and 100 live users and 100 new users; an impression per
    // item shown, a click when the item is in the user's held-out test set
    const feedback: Record<string, { impressions: number; clicks: number }> = {};
    const round = async (u: string, truthOf: string) => {
      const r = (await (await fetch(`${base}/v1/users/${u}/recommendations?k=10`)).json()) as { requestId: string; source: string; items: { item: string }[] };
      const truth = testItems.get(truthOf) ?? new Set();
      const ev = r.items.map((x, position) => ({ user: u, item: x.item, type: 'impression', requestId: r.requestId, position }));
      const clicks = r.items.filter((x) => truth.has(x.item)).map((x) => ({ user: u, item: x.item, type: 'click', requestId: r.requestId }));
      await post(`${base}/v1/events`, { events: [...ev, ...clicks] });
      const s = (feedback[r.source] ??= { impressions: 0, clicks: 0 });
      s.impressions += ev.length;
      s.clicks += clicks.length;
    };
    for (const u of coldUsers.slice(0, 300)) await round(u, u);
    for (const u of liveUsers) await round(u, u);
    for (let j = 0; j < 100; j++) await round(`new-user-${j}`, pick(users)); // popularity, judged by a random user's test set
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const shot = big && !f.screenshot ? 'dashboard screenshot: ML-100k runs only' : await screenshot(`${base}/`, f.screenshot ?? join(REPO, 'docs', 'serve-dashboard.png'));
    const shown = metrics.split('\n').filter((l) => /^alsrec_(ctr|conversion_rate|served_|cache_hit_ratio|impressions_total|clicks_total|recommendations_total|model_swaps_total)/.test(l));

    const table = [
      '| phase | source | target | req/s | items/s | p50 ms | p99 ms | server CPU µs/req | non-2xx | errors |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...[...phases, ...curve].map((p) => `| ${p.name} | ${p.source ?? ''} | ${p.target} | ${Math.round(p.requestsPerSecond)} | ${p.itemsPerSecond ? Math.round(p.itemsPerSecond) : ''} | ${p.p50} | ${p.p99} | ${p.serverCpuUs === undefined ? '' : Math.round(p.serverCpuUs)} | ${p.non2xx} | ${p.errors} |`),
    ].join('\n');
    process.stdout.write(`\nalsrec serve on ${big ? 'synthetic 10M (70,000 × 10,000; implicit, rank 64)' : 'ML-100k (implicit, rank 16)'}, autocannon ${f.connections} connections (unless said) × ${f.duration} s per phase, same machine (${availableParallelism()} cores, load average before ${load0})\n\n${table}\n\n`);
    process.stdout.write(`feedback round (clicks = shown items in the user's held-out test set): ${JSON.stringify(feedback)}\n\n/metrics after the bench:\n${shown.join('\n')}\n`);
    const out = f.out ?? join(HERE, 'results', `serve-${f.scale}-${new Date().toISOString().slice(0, 10)}.json`);
    await writeFileAtomic(out, JSON.stringify({ date: new Date().toISOString(), connections: f.connections, duration: f.duration, phases, curve, swap: swapResults, feedback, metrics: shown }, null, 2) + '\n');
    process.stdout.write(`\nresults → ${out}\n${shot}\n`);
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    await rm(dir, { recursive: true, force: true });
  }
}

async function post(url: string, body: unknown): Promise<unknown> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

/** User + system CPU seconds of a process so far (Linux /proc; null elsewhere). */
function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The dashboard after the run, in headless Chromium (skipped without it). */
async function screenshot(url: string, path: string): Promise<string> {
  const CHROMIUM = process.env.ALSREC_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(CHROMIUM)) return `dashboard screenshot skipped: ${CHROMIUM} missing`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(url, { waitUntil: 'load' });
    await page.screenshot({ path, fullPage: true });
    return `dashboard screenshot → ${path}`;
  } finally {
    await browser.close();
  }
}
