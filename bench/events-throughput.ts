/**
 * Event-log throughput (README "Event logs"): writes a synthetic ad log of N events as CSV
 * (user,item,event,value,timestamp; default N = 10M), then reads and aggregates it with the
 * default ad weights in a fresh child process — without and with a 7-day decay — and prints
 * events/s and the child's peak RSS.
 *
 *   node --import tsx bench/events-throughput.ts [--events 10000000] [--dir /tmp]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AD_EVENT_TYPES, syntheticAdLog } from '../src/data/synthetic-ad-log.js';

const arg = (name: string, dflt: string) => {
  const j = process.argv.indexOf(`--${name}`);
  return j > 0 ? process.argv[j + 1]! : dflt;
};
const target = Number(arg('events', '10000000'));
const path = join(arg('dir', tmpdir()), `alsrec-events-${target}.csv`);
const HERE = dirname(fileURLToPath(import.meta.url));

const t0 = performance.now();
const out = createWriteStream(path);
const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
await write('user,item,event,value,timestamp\n');
let written = 0;
const batch = 2000;
for (let u0 = 0; written < target; u0 += batch) {
  const log = syntheticAdLog({ numUsers: batch, numAds: 20000, impressionsPerUser: 100, seed: 1 + u0 });
  let chunk = '';
  for (let j = 0; j < log.length && written < target; j++, written++) {
    const v = log.values[j]!;
    chunk += `${u0 + log.users[j]! + 1},${log.ads[j]! + 1},${AD_EVENT_TYPES[log.types[j]!]},${v === v ? v.toFixed(3) : ''},${1700000000 + Math.floor(log.timestamps[j]!)}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
}
await new Promise<void>((r) => out.end(() => r()));
const size = (await stat(path)).size;
console.log(`wrote ${written} events (${(size / 2 ** 20).toFixed(0)} MiB) to ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
console.log('| read + aggregate | events | pairs | seconds | events/s | peak RSS MiB |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [label, halfLife] of [['default weights', ''], ['default weights + 7-day decay', String(7 * 86400)]] as const) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(HERE, 'events-read-one.ts'), path, ...(halfLife ? [halfLife] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  console.log(`| ${label} | ${m.events} | ${m.pairs} | ${m.seconds.toFixed(2)} | ${Math.round(m.events / m.seconds).toLocaleString('en')} | ${m.peakRssMB.toFixed(0)} |`);
}
if (!process.argv.includes('--keep')) await rm(path);
