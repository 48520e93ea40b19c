/**
 * `npm run bench -- --peers implicit`: benfred/implicit fitted on the rows alsrec fitted, with the
 * same rank, iterations, solver, regularisation, confidence and thread count, in its own process
 * right after alsrec's cases of the same workload and rank (so both see the same machine load).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Solver, WorkloadId } from '../workloads.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export type PeerName = 'implicit';
export const PEERS: readonly PeerName[] = ['implicit'];

export interface PeerCase {
  peer: PeerName;
  workload: WorkloadId;
  rank: number;
  solver: Solver;
  threads: number;
  maxIter: number;
  topK: boolean;
}

/** What the peer's process printed (times in seconds, memory in MB), or why it did not run. */
export interface PeerResult {
  case: PeerCase;
  status: 'ok' | 'error';
  note?: string;
  versions?: Record<string, string>;
  rows?: number;
  /** Reading the files and building the CSR (scipy), after the imports. */
  dataSeconds?: number;
  /** `model.fit(user_items)`, wall clock. */
  fitSeconds?: number;
  topKSeconds?: number;
  rssAfterDataMB?: number;
  rssAfterFitMB?: number;
  peakRssMB?: number;
}

/** Parses `--peers implicit` (a comma list; only implicit so far). */
export function parsePeers(list: string | undefined): PeerName[] {
  if (!list) return [];
  return list.split(',').map((p) => {
    if (!PEERS.includes(p as PeerName)) throw new Error(`bench: --peers takes ${PEERS.join(', ')}, got '${p}'`);
    return p as PeerName;
  });
}

/** Writes the workload's rows into `dir` (once per run) in a child process. */
export async function writePeerData(workload: WorkloadId, dir: string, ml100kDir: string | undefined): Promise<void> {
  if (existsSync(join(dir, 'shape.json'))) return;
  await child(process.execPath, ['--import', 'tsx', join(HERE, 'write-data.ts'), workload, dir, ...(ml100kDir ? [ml100kDir] : [])], {});
}

/**
 * Thread settings of the peer: implicit's own loops take num_threads; numpy's BLAS pool (used for
 * YᵀY and top-K) is held to one thread, as implicit itself asks (it warns otherwise). alsrec's
 * kernels use no BLAS, so the same variables do not change its side.
 */
export function peerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
}

export async function runPeer(python: string, dataDir: string, c: PeerCase): Promise<PeerResult> {
  const settings = { factors: c.rank, iterations: c.maxIter, regularization: 0.01, alpha: 1, solver: c.solver, threads: c.threads, topK: c.topK };
  try {
    const out = await child(python, [join(HERE, 'implicit_fit.py'), dataDir, JSON.stringify(settings)], peerEnv());
    return { case: c, status: 'ok', ...(JSON.parse(out.trim().split('\n').at(-1)!) as Omit<PeerResult, 'case' | 'status'>) };
  } catch (e) {
    return { case: c, status: 'error', note: (e as Error).message };
  }
}

function child(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited with ${signal ?? code}: ${err.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
}
