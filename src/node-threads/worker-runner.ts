import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { inProcessRunner, type SearchRunner, type SearchTask, type TaskResult } from '../tuning/search-runner.js';
import type { SplitPlan } from '../tuning/split-plan.js';
import type { FitWorkerData, ToMain, ToWorker } from './worker-messages.js';

/**
 * The search runner for Node: `parallelism` fits at once, each on its own worker thread (each fit
 * single-threaded), or in-process when parallelism is 1. Default: the cores Node reports
 * (os.availableParallelism()). On a machine whose cores are shared, ask for fewer.
 *
 *   await crossValidate(data, grid, { runner: searchRunner() });
 */
export function searchRunner(parallelism: number = availableParallelism()): SearchRunner {
  if (!(Number.isInteger(parallelism) && parallelism >= 1)) {
    throw new RangeError(`searchRunner: parallelism must be an integer >= 1, got ${parallelism}`);
  }
  return parallelism === 1 ? inProcessRunner : workerRunner(parallelism);
}

/**
 * Runs tasks on `parallelism` worker threads (fewer if there are fewer tasks). The rows and the
 * fold assignment are copied once into SharedArrayBuffers that every worker reads without a copy;
 * each worker rebuilds a split's rows when it first meets the split. Tasks are handed out in
 * order as workers free up, so the grid is balanced however long each fit takes.
 */
export function workerRunner(parallelism: number): SearchRunner {
  return {
    parallelism,
    run: (plan, tasks, spec, events) =>
      new Promise<TaskResult[]>((resolve, reject) => {
        const results: TaskResult[] = new Array(tasks.length);
        if (tasks.length === 0) return resolve(results);
        const workerData: FitWorkerData = { ...sharedRows(plan), spec };
        const lanes = Math.min(parallelism, tasks.length);
        const workers: Worker[] = [];
        let next = 0;
        let done = 0;
        let failed = false;
        const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
        const fail = (error: Error) => {
          if (failed) return;
          failed = true;
          void stopAll().finally(() => reject(error));
        };
        const sendNext = (worker: Worker, slot: number) => {
          if (next >= tasks.length) return;
          const task = tasks[next++]!;
          events.onTaskStart?.(task, slot);
          worker.postMessage({ type: 'task', task } satisfies ToWorker);
        };
        for (let slot = 0; slot < lanes; slot++) {
          const worker = startWorker(workerData);
          workers.push(worker);
          worker.on('message', (m: ToMain) => {
            if (failed) return;
            const task: SearchTask = tasks[m.index]!;
            if (m.type === 'iteration') {
              events.onIteration?.(task, slot, { iteration: m.iteration, maxIter: m.maxIter });
            } else if (m.type === 'error') {
              fail(new Error(`configuration ${task.config + 1}, split ${task.split + 1}: ${m.message}`));
            } else {
              results[m.index] = m.error === undefined ? { metrics: m.metrics, fitSeconds: m.fitSeconds } : { metrics: m.metrics, fitSeconds: m.fitSeconds, error: m.error };
              events.onTaskDone?.(task, slot, results[m.index]!);
              if (++done === tasks.length) void stopAll().then(() => resolve(results), reject);
              else sendNext(worker, slot);
            }
          });
          worker.on('error', (e) => fail(e));
          worker.on('exit', (code) => {
            if (!failed && done < tasks.length) fail(new Error(`search worker ${slot + 1} exited with code ${code} before the search finished`));
          });
          sendNext(worker, slot);
        }
      }),
  };
}

/**
 * Starts a fit worker. Built (dist/), the worker is plain JavaScript. Under tsx or vitest this
 * file and the worker are TypeScript: the worker then starts from a two-line bootstrap that
 * registers tsx's loader and imports fit-worker.ts (on Node 20, `execArgv: ['--import', 'tsx']`
 * does not reach a worker's ESM loader: the import fails with ERR_UNKNOWN_FILE_EXTENSION).
 */
function startWorker(workerData: FitWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./fit-worker.js', import.meta.url), { workerData });
  const tsx = tsxEsmApi();
  const entry = new URL('./fit-worker.ts', import.meta.url).href;
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); ` +
    `return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** URL of tsx's ESM register API (its CommonJS twin, which require.resolve finds, fails when imported). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), pkg.exports['./esm/api']!.import.default)).href;
}

/** The columns the workers need, in shared memory (one copy for all workers). */
function sharedRows(plan: SplitPlan): Omit<FitWorkerData, 'spec'> {
  return {
    users: share(plan.data.users, Int32Array),
    items: share(plan.data.items, Int32Array),
    ratings: share(plan.data.ratings, Float32Array),
    fold: share(plan.fold, Int32Array),
    userIds: plan.data.userIds.ids(),
    itemIds: plan.data.itemIds.ids(),
  };
}

function share<T extends Int32Array | Float32Array>(a: T, Kind: { new (buffer: SharedArrayBuffer): T }): T {
  const out = new Kind(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
