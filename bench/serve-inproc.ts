/**
 * In-process cost of one recommendation request by source, without HTTP (for profiling the
 * serving class itself): `node --import tsx bench/serve-inproc.ts MODEL_DIR TRAIN_CSV [N]`.
 * Prints mean and p99 µs of `Recommender.recommend` for cached users and for users with 20 events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { readInteractions } from '../src/io/read-interactions.js';
import { Recommender } from '../src/serve/recommender.js';
import { SqliteStore } from '../src/serve/sqlite-store.js';

const [modelDir, trainCsv, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 2000);
const dir = await mkdtemp(join(tmpdir(), 'alsrec-inproc-'));
try {
  const train = await readInteractions(trainCsv!);
  const rec = await Recommender.open(modelDir!, { modelRoot: dirname(resolve(modelDir!)), store: new SqliteStore(join(dir, 'e.db')), train });
  await rec.whenReady();
  const users = rec.model.model.userIds.ids().map(String);
  const items = rec.model.model.itemIds.ids().map(String);
  const live = users.slice(0, 100);
  await rec.ingest(live.flatMap((u, j) => Array.from({ length: 20 }, (_, e) => ({ user: u, item: items[(j * 37 + e * 11) % items.length]!, type: 'click' }))));
  for (const [name, pool] of [['cached (first read of each user)', users.slice(100)], ['live (first read)', live], ['cached', users.slice(100)], ['live', live]] as const) {
    const t: number[] = [];
    let source = '';
    const cpu0 = process.cpuUsage();
    for (let j = 0; j < N; j++) {
      const u = pool[j % pool.length]!;
      const t0 = performance.now();
      source = (await rec.recommend(u, { k: 10 })).source;
      t.push((performance.now() - t0) * 1000);
    }
    const cpu = process.cpuUsage(cpu0);
    t.sort((a, b) => a - b);
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    process.stdout.write(`${name} (${source}): mean ${mean.toFixed(0)} µs, p50 ${t[Math.floor(t.length / 2)]!.toFixed(0)} µs, p99 ${t[Math.floor(t.length * 0.99)]!.toFixed(0)} µs, CPU ${((cpu.user + cpu.system) / N).toFixed(0)} µs a request over ${N}\n`);
  }
  await rec.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
