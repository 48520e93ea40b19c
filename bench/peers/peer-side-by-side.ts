import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { ensureImplicitVenv } from './implicit-venv.js';
import { parsePeers, runPeer, writePeerData, type PeerCase, type PeerResult } from './peer-run.js';

let dataRoot: string | undefined;

/**
 * The peers' fits due after alsrec's case `run[j]`: when it is the last case of its workload and
 * rank, every requested peer fits that workload and rank once per solver alsrec ran, with the
 * largest thread count alsrec used, and top-10 where alsrec timed it. The workload's data files
 * are written (once, in a temporary directory) before, and removed after its last rank.
 */
export async function peersAfter(flag: string | undefined, run: readonly BenchCase[], j: number, ml100kDir: string | undefined): Promise<PeerResult[]> {
  const peers = parsePeers(flag);
  const c = run[j]!;
  const next = run[j + 1];
  if (peers.length === 0 || (next && next.workload === c.workload && next.rank === c.rank)) return [];
  const group = run.filter((x) => x.workload === c.workload && x.rank === c.rank);
  const threads = Math.max(...group.map((x) => x.threads));
  const topK = group.some((x) => x.topK);
  const solvers = [...new Set(group.map((x) => x.solver))];
  const log = (s: string): boolean => process.stderr.write(s);

  if (!dataRoot) {
    const root = await mkdtemp(join(tmpdir(), 'alsrec-peers-'));
    dataRoot = root;
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  const dir = join(dataRoot, c.workload);
  const out: PeerResult[] = [];
  for (const peer of peers) {
    const python = await ensureImplicitVenv(log);
    for (const solver of solvers) {
      const pc: PeerCase = { peer, workload: c.workload, rank: c.rank, solver, threads, maxIter: c.maxIter, topK: topK && solver === solvers[0] };
      log(`        ${peer} ${c.workload} ${c.rank}f ${solver} ${threads} threads${pc.topK ? ' +top-10' : ''} … `);
      let r: PeerResult;
      try {
        await writePeerData(c.workload, dir, ml100kDir);
        r = await runPeer(python, dir, pc);
      } catch (e) {
        r = { case: pc, status: 'error', note: (e as Error).message };
      }
      log(r.status === 'ok' ? `fit ${r.fitSeconds!.toFixed(2)} s${r.topKSeconds != null ? `, top-10 ${r.topKSeconds.toFixed(2)} s` : ''}, peak ${Math.round(r.peakRssMB!)} MB\n` : `${r.status}: ${r.note}\n`);
      out.push(r);
    }
  }
  if (!run.slice(j + 1).some((x) => x.workload === c.workload)) await rm(dir, { recursive: true, force: true });
  return out;
}
