/**
 * Times readInteractions on a CSV (written by bench/make-csv.ts) on 1..N threads, with the process
 * CPU time beside the wall time (on a shared machine the wall time moves with the load; CPU time
 * does not), and checks that every thread count gives the same rows and ids:
 *
 *   node --import tsx bench/make-csv.ts 25m /tmp/alsrec-25m.csv
 *   node --import tsx bench/read-csv.ts /tmp/alsrec-25m.csv 1 2
 */
import { readInteractions } from '../src/io/read-interactions.js';
import type { Interactions } from '../src/data/interactions.js';

async function main(): Promise<void> {
  const [path, ...counts] = process.argv.slice(2);
  if (!path) throw new Error('bench: usage: read-csv.ts FILE [THREADS...]');
  let first: Interactions | null = null;
  for (const threads of (counts.length ? counts : ['1', '2']).map(Number)) {
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const d = await readInteractions(path, { threads });
    const cpu = process.cpuUsage(cpu0);
    const same = first === null ? 'reference' : equal(first, d) ? 'same rows and ids' : 'DIFFERENT';
    process.stdout.write(
      `threads ${threads}: ${d.users.length} rows in ${((performance.now() - t) / 1000).toFixed(2)} s wall, ` +
        `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (all threads); ${same}\n`,
    );
    first ??= d;
  }
}

function equal(a: Interactions, b: Interactions): boolean {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => x.length === y.length && Array.prototype.every.call(x, (v: number, i: number) => Object.is(v, y[i]));
  return same(a.users, b.users) && same(a.items, b.items) && same(a.ratings, b.ratings) &&
    JSON.stringify(a.userIds.ids()) === JSON.stringify(b.userIds.ids()) && JSON.stringify(a.itemIds.ids()) === JSON.stringify(b.itemIds.ids());
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
