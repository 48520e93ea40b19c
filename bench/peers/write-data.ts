/**
 * Writes a workload's rows for a peer, in a child process of bench/run.ts (so that the
 * generator's memory is no part of any figure):
 *
 *   node --import tsx bench/peers/write-data.ts <workload> <dir> [<ml100k dir>]
 *
 * <dir>/users.i32, items.i32 (dense indices, as alsrec's reader or generator made them),
 * ratings.f32 (little-endian, one value per row) and shape.json. The same seed and generator as
 * bench/one.ts, so the peer fits exactly the rows alsrec fitted.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { readMl100k } from '../../src/io/read-ml-ratings.js';
import { syntheticPowerLaw } from '../../src/data/synthetic-power-law.js';
import { SYNTHETIC_SEED, workload } from '../workloads.js';

const bytes = (a: Int32Array | Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

async function main(): Promise<void> {
  const [id, dir, ml100k] = process.argv.slice(2);
  if (!id || !dir) throw new Error('usage: write-data.ts <workload> <dir> [<ml100k dir>]');
  const w = workload(id);
  if (!w.synthetic && !ml100k) throw new Error('bench: the ml100k workload needs its directory; set ALSREC_ML100K');
  const data = w.synthetic ? syntheticPowerLaw({ ...w.synthetic, seed: SYNTHETIC_SEED }) : await readMl100k(join(ml100k!, 'u.data'));
  mkdirSync(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'users.i32'), bytes(data.users));
  await writeFileAtomic(join(dir, 'items.i32'), bytes(data.items));
  await writeFileAtomic(join(dir, 'ratings.f32'), bytes(data.ratings));
  await writeFileAtomic(join(dir, 'shape.json'), JSON.stringify({ users: data.userIds.size, items: data.itemIds.size, rows: data.users.length }) + '\n');
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
