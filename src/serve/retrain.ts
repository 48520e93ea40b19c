import { ALS } from '../als/als.js';
import { IdMap, type ExternalId } from '../data/id-map.js';
import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import { EventAggregator } from '../events/aggregate-events.js';
import type { EventWeights } from '../events/event-weights.js';
import { loadALSModel, saveALSModel } from '../io/als-model-dir.js';
import { openStore } from './open-store.js';

/** Interactions as plain arrays, to cross a worker boundary. */
export interface PlainInteractions {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  userIds: ExternalId[];
  itemIds: ExternalId[];
}

export function toPlain(d: Interactions): PlainInteractions {
  return { users: d.users, items: d.items, ratings: d.ratings, userIds: d.userIds.ids(), itemIds: d.itemIds.ids() };
}

export interface RetrainJob {
  /** The served model: the warm start's initial factors and its options. */
  modelDir: string;
  /** Where the new model goes (inside the model root); written atomically. */
  outDir: string;
  base: PlainInteractions;
  /** The event store to read every stored event from (its own connection). */
  storeSpec: string;
  weights: EventWeights;
  /** Iterations of the warm-started fit. */
  maxIter: number;
}

export interface RetrainResult {
  outDir: string;
  baseRows: number;
  events: number;
  rows: number;
  seconds: number;
}

/**
 * A warm-started retrain: the base training rows plus every stored event (aggregated through the
 * weights, as `alsrec events` does; events of types the weights do not name are left out) fitted
 * with the served model's options, starting from its factors (`fit(data, { initialModel })`), and
 * saved atomically as a new model directory. Runs in a worker thread (retrain-worker.ts).
 */
export async function retrain(job: RetrainJob): Promise<RetrainResult> {
  const t0 = performance.now();
  const model = await loadALSModel(job.modelDir);
  const known = new Set(Object.keys(job.weights));
  const agg = new EventAggregator(job.weights);
  const store = await openStore(job.storeSpec);
  let events = 0;
  try {
    for (let after = 0; ; ) {
      const page = await store.eventsAfter(after, 10_000);
      if (page.length === 0) break;
      agg.addRows(page.filter((e) => known.has(e.type)).map((e) => ({ user: e.user, item: e.item, event: e.type, value: e.value, timestamp: e.timestamp / 1000 })));
      events += page.length;
      after = page[page.length - 1]!.seq;
    }
  } finally {
    await store.close();
  }
  const b = new InteractionsBuilder();
  const uIds = IdMap.from(job.base.userIds);
  const iIds = IdMap.from(job.base.itemIds);
  for (let r = 0; r < job.base.users.length; r++) b.add(uIds.toExternal(job.base.users[r]!), iIds.toExternal(job.base.items[r]!), job.base.ratings[r]!);
  if (agg.events > 0) {
    const ev = agg.finish();
    for (let r = 0; r < ev.users.length; r++) b.add(ev.userIds.toExternal(ev.users[r]!), ev.itemIds.toExternal(ev.items[r]!), ev.ratings[r]!);
  }
  const data = b.build('sum');
  const { onIteration: _drop, ...options } = model.options as typeof model.options & { onIteration?: unknown };
  const next = await new ALS({ ...options, maxIter: job.maxIter }).fit(data, { initialModel: model });
  await saveALSModel(next, job.outDir);
  return { outDir: job.outDir, baseRows: job.base.users.length, events, rows: data.users.length, seconds: (performance.now() - t0) / 1000 };
}
