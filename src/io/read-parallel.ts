import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InteractionsBuilder, type Interactions } from '../data/interactions.js';
import { releaseBuffers } from '../data/release-buffers.js';
import type { DelimitedLayout } from './delimited-layout.js';
import { RowLines } from './read-lines.js';
import { finishRead } from './read-options.js';
import { PlainSplitter } from './plain-splitter.js';
import { RecordSplitter } from './read-records.js';
import { readRange, type RangeFallback, type RangeRows, type RangeTask } from './read-range.js';
import type { DelimitedOptions } from './read-delimited.js';

/** Files below this size are read on the calling thread under `threads: 'auto'` (starting workers costs more). */
export const PARALLEL_MIN_BYTES = 16 << 20;

/** Threads to parse `bytes` of file with, for the `threads` read option. */
export function readThreads(threads: number | 'auto' | undefined, bytes: number): number {
  if (threads === undefined || threads === 'auto') return bytes < PARALLEL_MIN_BYTES ? 1 : availableParallelism();
  return threads;
}

/** What the caller (readDelimited) has worked out before reading rows. */
export interface ParallelSetup {
  layout: DelimitedLayout;
  opts: DelimitedOptions;
  threads: number;
  /** Resolves the named columns in the header (readDelimited's resolveColumns, which also describes the trace). */
  columns: (header: string[]) => { user: number; item: number; rating: number; timestamp: number };
  /** Reads one range; default: readRange on a fresh worker thread (tests pass readRange to stay on one thread). */
  runRange?: (task: RangeTask) => Promise<RangeRows | RangeFallback>;
}

/**
 * readDelimited on several threads: the data lines are cut into `threads` byte ranges at line
 * starts, each parsed by readRange on a worker, and the ranges' rows laid end to end with their
 * local ids renumbered in file order — the same rows, ids, numbering and line numbers as the
 * single-thread reader. Returns null whenever that could differ (a header that is not one plain
 * first line, a non-int id, any value the single-thread reader rejects, a quoted line break
 * crossing a cut): the caller then reads the file on one thread, which also words any error.
 */
export async function readDelimitedParallel(path: string, setup: ParallelSetup): Promise<Interactions | null> {
  const { layout, opts, threads } = setup;
  const size = (await stat(path)).size;
  const d = layout.delimiter;
  let header = layout.header ? null : layout.columns;
  let dataStart = 0;
  let firstLine = 1;
  if (header === null) {
    const first = await firstLineBytes(path);
    if (first === null) return null;
    let text = first.bytes.toString(opts.encoding === 'latin1' ? 'latin1' : 'utf8');
    if (opts.encoding !== 'latin1' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '' || text.includes('"')) return null;
    const splitter = d === '::' || d === 'whitespace' ? new PlainSplitter(d) : new RecordSplitter(d, path);
    const count = splitter.feed(text, 0, text.length, 1);
    if (count <= 0) return null;
    header = layout.columns ?? Array.from({ length: count }, (_, k) => splitter.field(k).trim());
    dataStart = first.next;
    firstLine = 2;
  }
  const c = setup.columns(header);
  const cuts = await cutPoints(path, dataStart, size, threads);
  const tasks: RangeTask[] = [];
  for (let w = 0; w + 1 < cuts.length; w++) {
    if (cuts[w + 1]! > cuts[w]!) {
      tasks.push({ path, start: cuts[w]!, end: cuts[w + 1]!, delimiter: d, encoding: opts.encoding, fieldCount: header.length, ...c });
    }
  }
  if (tasks.length === 0) return null;
  const run = setup.runRange ?? ((t: RangeTask) => (tasks.length === 1 ? readRange(t) : onWorker(t)));
  const results = await Promise.all(tasks.map(run));
  if (results.some((r) => 'fallback' in r)) return null;
  return merge(path, results as RangeRows[], firstLine, opts);
}

/** Lays the ranges' rows end to end, renumbering each range's local ids into one pair of id maps in file order. */
function merge(path: string, parts: RangeRows[], firstLine: number, opts: DelimitedOptions): Interactions | null {
  const total = parts.reduce((s, p) => s + p.rows, 0);
  if (total === 0) return null;
  const builder = new InteractionsBuilder();
  const userOf = parts.map((p) => Int32Array.from(p.userKeys, (id) => builder.userIds.add(id)));
  const itemOf = parts.map((p) => Int32Array.from(p.itemKeys, (id) => builder.itemIds.add(id)));
  const lines = new RowLines();
  let rowBase = 0;
  let lineBase = firstLine - 1;
  for (const p of parts) {
    for (let j = 0; j < p.lineRows.length; j++) lines.note(rowBase + p.lineRows[j]!, lineBase + p.lineOffsets[j]! + p.lineRows[j]!);
    rowBase += p.rows;
    lineBase += p.lines;
  }
  // One column at a time, letting go of the ranges' copy of it, so the peak is the ranges plus one column.
  const column = <T extends Int32Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(make: (n: number) => T, part: (p: RangeRows, w: number) => Int32Array | Float32Array | Float64Array | null, remap: Int32Array[] | null): T => {
    const out = make(total);
    let at = 0;
    parts.forEach((p, w) => {
      const src = part(p, w)!;
      if (remap) {
        const to = remap[w]!;
        for (let r = 0; r < p.rows; r++) out[at + r] = to[src[r]!]!;
      } else {
        out.set(src.subarray(0, p.rows), at);
      }
      at += p.rows;
    });
    return out;
  };
  const users = column((n) => new Int32Array(n), (p) => p.users, userOf);
  releaseBuffers(parts.map((p) => p.users.buffer));
  const items = column((n) => new Int32Array(n), (p) => p.items, itemOf);
  releaseBuffers(parts.map((p) => p.items.buffer));
  const ratings = column((n) => new Float32Array(n), (p) => p.ratings, null);
  releaseBuffers(parts.map((p) => p.ratings.buffer));
  const timestamps = parts[0]!.timestamps ? column((n) => new Float64Array(n), (p) => p.timestamps, null) : null;
  releaseBuffers(parts.map((p) => p.timestamps?.buffer ?? new ArrayBuffer(0)));
  builder.adopt(users, items, ratings, timestamps);
  return finishRead(builder, path, lines, opts);
}

/** `threads` + 1 offsets from `start` to `end`, each after a '\n' (or at start / end), splitting the bytes about evenly. */
async function cutPoints(path: string, start: number, end: number, threads: number): Promise<number[]> {
  const cuts = [start];
  const buf = Buffer.allocUnsafe(1 << 16);
  const fh = await open(path, 'r');
  try {
    for (let w = 1; w < threads; w++) {
      let pos = Math.max(cuts[cuts.length - 1]!, start + Math.floor(((end - start) * w) / threads) - 1);
      let cut = end;
      while (pos < end) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl !== -1) {
          cut = pos + nl + 1;
          break;
        }
        pos += bytesRead;
      }
      cuts.push(cut);
    }
  } finally {
    await fh.close();
  }
  cuts.push(end);
  return cuts;
}

/** The bytes of line 1 (without '\n') and the offset after it; null when the file has no '\n' in its first MiB. */
async function firstLineBytes(path: string): Promise<{ bytes: Buffer; next: number } | null> {
  const buf = Buffer.allocUnsafe(1 << 20);
  const fh = await open(path, 'r');
  try {
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    return nl === -1 ? null : { bytes: buf.subarray(0, nl), next: nl + 1 };
  } finally {
    await fh.close();
  }
}

/** Runs readRange on a fresh worker thread (ended once it has answered). */
function onWorker(task: RangeTask): Promise<RangeRows | RangeFallback> {
  const worker = spawnRangeWorker();
  return new Promise<RangeRows | RangeFallback>((resolve) => {
    worker.once('message', (m: RangeRows | RangeFallback) => resolve(m));
    worker.once('error', (e) => resolve({ fallback: `range worker: ${e.message}` }));
    worker.postMessage(task);
  }).finally(() => void worker.terminate());
}

/** read-range-worker.js beside this file from dist/; the .ts entry through tsx's loader from sources (as node-threads/kernel-thread-host.ts). */
function spawnRangeWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./read-range-worker.js', here));
  const entry = new URL('./read-range-worker.ts', here).href;
  let tsx = 'tsx/esm/api';
  try {
    tsx = import.meta.resolve('tsx/esm/api');
  } catch {
    // resolved from the working directory by the evaluated script
  }
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}
