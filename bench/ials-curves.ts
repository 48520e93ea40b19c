/**
 * `npm run bench -- --ials-curves`: training loss against wall-clock time for the implicit solvers
 * (cholesky, cg, ials++) on one synthetic workload at several ranks, each fit with computeLoss on
 * (the loss pass, O(nnz·k), is the same for every solver and counted in its time), and
 * benfred/implicit's CG fit time on the same rows and threads in the same run (--peers implicit
 * machinery; implicit's own loss uses another regularisation, so losses are compared with alsrec's
 * cg — the same algorithm: 3 warm-started CG steps — in alsrec's objective).
 *
 *   npm run bench -- --ials-curves --workload 10m --ranks 128,256 --solvers cholesky,cg,ials++ --threads 2
 *
 * Writes bench/results/ials-curves-<date>.json, the Vega-Lite spec beside it and, with --svg, the
 * plot as SVG (docs/benchmarks-ials-curves.svg).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import type { TopLevelSpec } from 'vega-lite';
import { ALS } from '../src/als/als.js';
import type { ALSOptions } from '../src/als/options.js';
import { syntheticPowerLaw } from '../src/data/synthetic-power-law.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { closeSharedPool } from '../src/kernels/pool/shared-pool.js';
import { useNodeThreads } from '../src/node-threads/kernel-thread-host.js';
import { specToSvg } from '../src/report/render.js';
import { machine } from './machine.js';
import { ensureImplicitVenv } from './peers/implicit-venv.js';
import { runPeer, writePeerData, type PeerResult } from './peers/peer-run.js';
import { SYNTHETIC_SEED, workload, type WorkloadId } from './workloads.js';

const HERE = dirname(fileURLToPath(import.meta.url));
type CurveSolver = 'cholesky' | 'cg' | 'ials++';

interface Curve {
  rank: number;
  solver: CurveSolver;
  blockSize?: number;
  /** Cumulative seconds after each iteration, and the loss then. */
  seconds: number[];
  loss: number[];
  fitSeconds: number;
}

export async function runIalsCurves(argv: string[]): Promise<void> {
  const f = new Command('bench --ials-curves')
    .option('--ials-curves', 'this mode')
    .option('--workload <id>', 'synthetic workload', '10m')
    .option('--ranks <list>', 'ranks', '128,256')
    .option('--solvers <list>', 'cholesky, cg, ials++', 'cholesky,cg,ials++')
    .option('--block-sizes <list>', 'ials++ block sizes', '32')
    .option('--max-iter <n>', 'iterations', (v) => Number.parseInt(v, 10), 15)
    .option('--cholesky-max-iter <n>', 'iterations for cholesky (slow at high rank)', (v) => Number.parseInt(v, 10))
    .option('--threads <n>', 'threads (alsrec and implicit)', (v) => Number.parseInt(v, 10), 2)
    .option('--no-peer', 'skip implicit')
    .option('--svg <file>', 'also render the plot to this SVG file')
    .parse(argv, { from: 'user' })
    .opts<{ workload: WorkloadId; ranks: string; solvers: string; blockSizes: string; maxIter: number; choleskyMaxIter?: number; threads: number; peer: boolean; svg?: string }>();
  const w = workload(f.workload);
  if (!w.synthetic) throw new Error('bench --ials-curves: take a synthetic workload (1m, 10m, 25m)');
  const solvers = f.solvers.split(',') as CurveSolver[];
  for (const s of solvers) if (!['cholesky', 'cg', 'ials++'].includes(s)) throw new Error(`bench --ials-curves: solver must be cholesky, cg or ials++, got '${s}'`);
  useNodeThreads();
  const date = new Date().toISOString();
  const log = (s: string): boolean => process.stderr.write(s);
  const data = syntheticPowerLaw({ ...w.synthetic, seed: SYNTHETIC_SEED });
  const curves: Curve[] = [];
  const peers: PeerResult[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'alsrec-curves-'));
  try {
    for (const rank of f.ranks.split(',').map(Number)) {
      for (const solver of solvers) {
        for (const blockSize of solver === 'ials++' ? f.blockSizes.split(',').map(Number) : [undefined]) {
          const maxIter = solver === 'cholesky' ? (f.choleskyMaxIter ?? f.maxIter) : f.maxIter;
          const c: Curve = { rank, solver, blockSize, seconds: [], loss: [], fitSeconds: 0 };
          let total = 0;
          const options: ALSOptions = {
            rank, maxIter, regParam: 0.01, implicitPrefs: true, alpha: 1, solver, seed: 0, numThreads: f.threads, computeLoss: true,
            ...(blockSize ? { blockSize } : {}),
            onIteration: ({ seconds, loss }) => {
              total += seconds;
              c.seconds.push(total);
              c.loss.push(loss!);
            },
          };
          log(`${w.id} rank ${rank} ${solver}${blockSize ? ` block ${blockSize}` : ''} … `);
          const t = performance.now();
          await new ALS(options).fit(data);
          c.fitSeconds = (performance.now() - t) / 1000;
          log(`fit ${c.fitSeconds.toFixed(1)} s, final loss ${c.loss.at(-1)!.toPrecision(6)}\n`);
          curves.push(c);
        }
      }
      if (f.peer) {
        await writePeerData(w.id, dir, undefined);
        const python = await ensureImplicitVenv(log);
        log(`implicit rank ${rank} cg … `);
        const p = await runPeer(python, dir, { peer: 'implicit', workload: w.id, rank, solver: 'cg', threads: f.threads, maxIter: f.maxIter, topK: false });
        log(p.status === 'ok' ? `fit ${p.fitSeconds!.toFixed(1)} s\n` : `${p.note}\n`);
        peers.push(p);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    closeSharedPool();
  }
  const spec = curvesSpec(w.label, curves);
  const out = join(HERE, 'results', `ials-curves-${date.slice(0, 19).replace(/:/g, '-')}.json`);
  const command = `npm run bench -- ${argv.join(' ')}`;
  await writeFileAtomic(out, JSON.stringify({ date, machine: machine(), command, curves, peers, spec }, null, 2) + '\n');
  if (f.svg) await writeFile(f.svg, await specToSvg(spec));
  process.stdout.write(renderCurvesTable(curves, peers) + `\nresults: ${out}\n`);
}

/** Final loss and fit time per rank and solver, with ratios to implicit's CG time and alsrec cg's loss. */
export function renderCurvesTable(curves: readonly Curve[], peers: readonly PeerResult[]): string {
  const rows = ['| rank | solver | fit (s) | × implicit CG time | final loss | × alsrec cg loss |', '| ---: | --- | ---: | ---: | ---: | ---: |'];
  for (const c of curves) {
    const peer = peers.find((p) => p.case.rank === c.rank && p.status === 'ok');
    const cg = curves.find((x) => x.rank === c.rank && x.solver === 'cg');
    const name = c.solver === 'ials++' ? `ials++ (block ${c.blockSize ?? 32})` : `${c.solver}${c.loss.length !== cg?.loss.length ? ` (${c.loss.length} it.)` : ''}`;
    rows.push(
      `| ${c.rank} | ${name} | ${c.fitSeconds.toFixed(1)} | ${peer ? (c.fitSeconds / peer.fitSeconds!).toFixed(2) : '—'} | ${c.loss.at(-1)!.toPrecision(6)} | ${cg ? (c.loss.at(-1)! / cg.loss.at(-1)!).toFixed(4) : '—'} |`,
    );
  }
  for (const p of peers) rows.push(`| ${p.case.rank} | implicit ${p.versions?.implicit ?? ''} cg | ${p.status === 'ok' ? p.fitSeconds!.toFixed(1) : p.status} | 1.00 | (own objective) | — |`);
  return rows.join('\n') + '\n';
}

/** Loss against seconds, one line per solver, one panel per rank (independent y scales). */
export function curvesSpec(label: string, curves: readonly Curve[]): TopLevelSpec {
  const values = curves.flatMap((c) =>
    c.loss.map((loss, i) => ({ rank: `rank ${c.rank}`, solver: c.solver === 'ials++' ? `ials++ (block ${c.blockSize ?? 32})` : c.solver, seconds: c.seconds[i]!, loss })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Training loss against time, ${label}`,
    data: { values },
    facet: { column: { field: 'rank', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent', x: 'independent' } },
    spec: {
      width: 320,
      height: 240,
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'seconds', type: 'quantitative', title: 'seconds (cumulative, loss pass included)' },
        y: { field: 'loss', type: 'quantitative', title: 'training loss', scale: { type: 'log' } },
        color: { field: 'solver', type: 'nominal', title: null },
      },
    },
    config: { axis: { labelFontSize: 11, titleFontSize: 12 } },
  } as TopLevelSpec;
}
