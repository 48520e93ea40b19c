import { join } from 'node:path';
import type { Interactions } from '../data/interactions.js';
import type { EventWeights } from '../events/event-weights.js';
import { resolveInRoot } from './model-root.js';
import { ModelSlot } from './model-slot.js';
import { toPlain, type RetrainResult } from './retrain.js';
import { runRetrainWorker } from './run-retrain.js';
import { ServeError } from './serve-error.js';

/** How a model became the current one. */
export type ModelChangeKind = 'start' | 'swap' | 'rollback' | 'item';

/** One line of the served models' history (GET /v1/admin/models, the dashboard). */
export interface ModelHistoryEntry {
  version: string;
  dir: string;
  at: number;
  kind: ModelChangeKind;
}

/** What a swap, rollback or retrain answers. */
export interface InstallResult {
  modelVersion: string;
  previous: string;
  cacheSeconds: number;
}

/** The resolved serving options the lifecycle reads (the Recommender's; read at each use, not copied). */
export interface LifecycleOptions {
  modelRoot: string;
  train: Interactions | null;
  cacheK: number;
  storeSpec: string | null;
  rawWeights: EventWeights;
  retrainIterations: number;
}

/**
 * The served model's lifecycle: the current `ModelSlot` and the one it replaced (for rollback),
 * the history of changes, swaps and rollbacks run one at a time, retrains (one at a time, in a
 * worker thread) and the retrain timer. `onInstall` runs on each change, after the assignment and
 * before the history line (the Recommender resets its catalogue stats and counts the swap there).
 */
export class ModelLifecycle {
  readonly history: ModelHistoryEntry[] = [];
  private slot: ModelSlot;
  private previous: ModelSlot | null = null;
  private swapping: Promise<unknown> = Promise.resolve();
  private retraining: Promise<unknown> | null = null;
  private retrainTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    slot: ModelSlot,
    private readonly o: LifecycleOptions,
    private readonly onInstall: (next: ModelSlot, kind: Exclude<ModelChangeKind, 'start'>) => void,
  ) {
    this.slot = slot;
    this.history.push({ version: slot.version, dir: slot.dir, at: Date.now(), kind: 'start' });
  }

  /** The current model; a request reads it once at its start. */
  get current(): ModelSlot {
    return this.slot;
  }

  /** Runs `step` after every earlier swap, rollback and item change has settled; they run one at a time. */
  exclusive<T>(step: () => T | Promise<T>): Promise<T> {
    const run = this.swapping.then(step);
    this.swapping = run.catch(() => {});
    return run;
  }

  /**
   * Loads `name` (a directory inside the model root), builds its cache, then swaps it in atomically;
   * the model it replaces is kept for `rollback`. Swaps run one at a time.
   */
  swap(name: string): Promise<InstallResult> {
    return this.exclusive(async () => {
      const dir = await resolveInRoot(this.o.modelRoot, name);
      let next: ModelSlot;
      try {
        next = await ModelSlot.load(dir, { train: this.o.train, cacheK: this.o.cacheK });
      } catch (e) {
        throw new ServeError('bad_request', `model: cannot load ${JSON.stringify(name)}: ${(e as Error).message}`);
      }
      await next.cacheReady;
      return this.install(next, 'swap');
    });
  }

  /**
   * A warm-started retrain on the training data + every stored event, in a worker thread (the
   * event loop keeps serving), saved atomically as `retrain-<time>` in the model root, then swapped
   * in like POST /v1/admin/models (the replaced model stays available for rollback).
   */
  retrain(): Promise<InstallResult & { retrain: RetrainResult }> {
    if (this.retraining) return Promise.reject(new ServeError('conflict', 'retrain: a retrain is already running'));
    const train = this.o.train;
    const storeSpec = this.o.storeSpec;
    if (!train || !storeSpec) {
      return Promise.reject(new ServeError('conflict', 'retrain: needs the base training data and the store spec; start the service with --train-data'));
    }
    const name = `retrain-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const run = (async () => {
      const result = await runRetrainWorker({
        modelDir: this.slot.dir,
        outDir: join(this.o.modelRoot, name),
        base: toPlain(train),
        storeSpec,
        weights: this.o.rawWeights,
        maxIter: this.o.retrainIterations,
      });
      return { ...(await this.swap(name)), retrain: result };
    })();
    this.retraining = run;
    void run.finally(() => (this.retraining = null)).catch(() => {});
    return run;
  }

  /** Retrains every `seconds` (errors go to `onError`); `close` stops it. */
  retrainEvery(seconds: number, onError: (e: Error) => void, onDone?: (r: { modelVersion: string }) => void): void {
    if (!(seconds > 0)) throw new Error(`serve: retrain interval must be > 0 seconds, got ${seconds}`);
    this.retrainTimer = setInterval(() => {
      this.retrain().then((r) => onDone?.(r), (e: Error) => onError(e));
    }, seconds * 1000);
    this.retrainTimer.unref();
  }

  /** Swaps back to the model the last swap replaced. */
  rollback(): Promise<InstallResult> {
    return this.exclusive(() => {
      if (!this.previous) throw new ServeError('conflict', 'rollback: there is no previous model (no swap happened yet)');
      return this.install(this.previous, 'rollback');
    });
  }

  /** Makes `next` current (one assignment: requests started before keep the old slot); call inside `exclusive`. */
  install(next: ModelSlot, kind: Exclude<ModelChangeKind, 'start'>): InstallResult {
    const old = this.slot;
    this.previous = old;
    this.slot = next; // one assignment: requests started before keep `old`
    this.onInstall(next, kind);
    this.history.push({ version: next.version, dir: next.dir, at: Date.now(), kind });
    return { modelVersion: next.version, previous: old.version, cacheSeconds: next.cacheSeconds };
  }

  /** Stops the retrain timer and waits for a running retrain to settle (its error is dropped). */
  async close(): Promise<void> {
    if (this.retrainTimer) clearInterval(this.retrainTimer);
    await this.retraining?.catch(() => {});
  }
}
