import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { shareTrainingSetUp } from '../als/shared-set-up.js';
import { inProcessRunner, scoreTask, type SearchEvents, type SearchRunner, type SearchTask, type TaskResult } from '../tuning/search-runner.js';
import type { ScoreSpec } from '../tuning/score-fit.js';
import { splitParts } from '../tuning/split-plan.js';
import type { SplitPlan } from '../tuning/split-plan.js';
import type { FitWorkerData, ToMain, ToWorker } from './worker-messages.js';

/**
 * The search runner for Node: `parallelism` fits at once — on the calling thread and
 * parallelism − 1 worker threads (each fit single-threaded) — or in-process when parallelism is 1.
 * Default: the cores Node reports (os.availableParallelism()). On a machine whose cores are
 * shared, ask for fewer. `startNow` boots the workers at once (they start in ~50–100 ms each,
 * which a caller can overlap with reading its data) instead of when the search runs.
 *
 *   await crossValidate(data, grid, { runner: searchRunner() });
 */
export function searchRunner(parallelism: number = availableParallelism(), options: { startNow?: boolean } = {}): SearchRunner {
  if (!(Number.isInteger(parallelism) && parallelism >= 1)) {
    throw new RangeError(`searchRunner: parallelism must be an integer >= 1, got ${parallelism}`);
  }
  return parallelism === 1 ? inProcessRunner : workerRunner(parallelism, options);
}

/**
 * Runs tasks on `parallelism` lanes (fewer if there are fewer tasks): the calling thread and
 * worker threads. The rows and the fold assignment are copied once into SharedArrayBuffers that
 * every worker reads without a copy; each lane builds a split's rows and set-up (numbering, CSRs:
 * als/shared-set-up.ts) when it first meets the split. Every lane takes the next task from one
 * shared counter as it frees up, so the grid is balanced however long each fit takes, and no lane
 * waits for a message to get work. The calling thread's fits run between its event-loop turns,
 * so progress events from the workers arrive between its fits.
 */
export function workerRunner(parallelism: number, options: { startNow?: boolean } = {}): SearchRunner {
  let idle: Worker[] = options.startNow ? Array.from({ length: parallelism - 1 }, () => startWorker()) : [];
  for (const w of idle) w.unref(); // a runner never run does not keep the process alive
  return {
    parallelism,
    run: (plan, tasks, spec, events) =>
      new Promise<TaskResult[]>((resolve, reject) => {
        const results: TaskResult[] = new Array(tasks.length);
        if (tasks.length === 0) return resolve(results);
        const data: FitWorkerData = { ...sharedRows(plan), spec };
        const next = new Int32Array(new SharedArrayBuffer(4));
        const lanes = Math.min(parallelism, tasks.length);
        const workers = idle.splice(0, lanes - 1);
        for (const w of idle) void w.terminate();
        idle = [];
        while (workers.length < lanes - 1) workers.push(startWorker());
        let done = 0;
        let failed = false;
        const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
        const fail = (error: Error) => {
          if (failed) return;
          failed = true;
          void stopAll().finally(() => reject(error));
        };
        const finish = (index: number, result: TaskResult, slot: number) => {
          results[index] = result;
          events.onTaskDone?.(tasks[index]!, slot, result);
          if (++done === tasks.length) {
            void stopAll();
            resolve(results);
          }
        };
        workers.forEach((worker, w) => {
          const slot = w + 1;
          worker.ref();
          worker.on('message', (m: ToMain) => {
            if (failed) return;
            const task: SearchTask = tasks[m.index]!;
            if (m.type === 'start') {
              events.onTaskStart?.(task, slot);
            } else if (m.type === 'iteration') {
              events.onIteration?.(task, slot, { iteration: m.iteration, maxIter: m.maxIter });
            } else if (m.type === 'error') {
              fail(new Error(`configuration ${task.config + 1}, split ${task.split + 1}: ${m.message}`));
            } else {
              finish(m.index, m.error === undefined ? { metrics: m.metrics, fitSeconds: m.fitSeconds } : { metrics: m.metrics, fitSeconds: m.fitSeconds, error: m.error }, slot);
            }
          });
          worker.on('error', (e) => fail(e));
          worker.on('exit', (code) => {
            if (!failed && done < tasks.length) fail(new Error(`search worker ${slot} exited with code ${code} before the search finished`));
          });
          worker.postMessage({ type: 'search', data, tasks, next } satisfies ToWorker);
        });
        void callingThreadLane(plan, tasks, spec, events, next, () => failed, finish).catch((e: Error) => fail(e));
      }),
  };
}

/** Lane 0 of workerRunner: takes tasks from the shared counter and fits them on this thread. */
async function callingThreadLane(
  plan: SplitPlan,
  tasks: readonly SearchTask[],
  spec: ScoreSpec,
  events: SearchEvents,
  next: Int32Array,
  failed: () => boolean,
  finish: (index: number, result: TaskResult, slot: number) => void,
): Promise<void> {
  let cachedSplit = -1;
  let parts: ReturnType<typeof splitParts> | undefined;
  for (let index = Atomics.add(next, 0, 1); index < tasks.length && !failed(); index = Atomics.add(next, 0, 1)) {
    const task = tasks[index]!;
    if (parts === undefined || cachedSplit !== task.split) {
      parts = splitParts(plan, task.split);
      shareTrainingSetUp(parts.train);
      cachedSplit = task.split;
    }
    events.onTaskStart?.(task, 0);
    const onIteration = (info: { iteration: number; maxIter: number }) => events.onIteration?.(task, 0, info);
    const result = await scoreTask(parts.train, parts.validation, { ...task.options, numThreads: 1, onIteration }, spec);
    finish(index, result, 0);
    await new Promise((r) => setTimeout(r, 0)); // the workers' messages (progress, results) between fits
  }
}

/**
 * Starts a fit worker. Built (dist/), the worker is plain JavaScript. Under tsx or vitest this
 * file and the worker are TypeScript: the worker then starts from a two-line bootstrap that
 * registers tsx's loader and imports fit-worker.ts (on Node 20, `execArgv: ['--import', 'tsx']`
 * does not reach a worker's ESM loader: the import fails with ERR_UNKNOWN_FILE_EXTENSION).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./fit-worker.js', import.meta.url));
  const tsx = tsxEsmApi();
  const entry = new URL('./fit-worker.ts', import.meta.url).href;
  const bootstrap =
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); ` +
    `return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
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
