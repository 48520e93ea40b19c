import { configName, type CaseResult } from './bench-case.js';
import type { PeerResult } from './peers/peer-run.js';
import { WORKLOADS, type WorkloadId } from './workloads.js';

/**
 * Markdown tables of fit time, seconds per iteration, top-K time and peak RSS; with `peers` (the
 * same run's implicit figures) a column for the peer and each alsrec cell's ratio to it.
 */
export function renderTables(results: readonly CaseResult[], peers: readonly PeerResult[] = []): string {
  const configs = [...new Set(results.map((r) => configName(r.case)))].sort(byConfig);
  const keys = fitKeys(results);
  const out: string[] = [];
  const okPeers = peers.filter((p) => p.status === 'ok');
  const peerFor = (w: WorkloadId, rank: number, solver?: string): PeerResult | undefined =>
    [...okPeers].reverse().find((p) => p.case.workload === w && p.case.rank === rank && (solver === undefined || p.case.solver === solver));
  const peerName = okPeers[0] ? `implicit ${okPeers[0].versions?.implicit ?? ''} (${okPeers[0].case.threads} threads)` : 'implicit (not run)';
  const peerCols = peers.length > 0 ? [peerName] : [];
  const peerAlign = peerCols.map(() => '---:');

  out.push(`Fit, ${results[0]?.case.maxIter ?? 15} iterations (seconds, wall clock of \`fit\`; × = ratio to the same run's implicit, lower is better)\n`);
  out.push(row(['workload', 'rank', 'solver', ...configs, ...peerCols]));
  out.push(row(['---', '---:', '---', ...configs.map(() => '---:'), ...peerAlign]));
  for (const key of keys) {
    const implicit = peerFor(key.workload, key.rank, key.solver)?.fitSeconds;
    const cells = configs.map((cfg) => {
      const r = find(results, key, cfg);
      if (!r) return '';
      if (r.status !== 'ok') return r.status === 'unavailable' ? 'n/a' : r.status;
      return `${sec(r.fitSeconds!)}${implicit ? ` (×${ratio(r.fitSeconds! / implicit)})` : ''}`;
    });
    out.push(row([label(key.workload), String(key.rank), key.solver, ...cells, ...peerCols.map(() => (implicit === undefined ? '—' : sec(implicit)))]));
  }

  out.push('\nSeconds per iteration: mean (min–max) of model.summary.iterationSeconds\n');
  out.push(row(['workload', 'rank', 'solver', ...configs]));
  out.push(row(['---', '---:', '---', ...configs.map(() => '---:')]));
  for (const key of keys) {
    const cells = configs.map((cfg) => {
      const it = find(results, key, cfg)?.iterationSeconds;
      if (!it || it.length === 0) return '';
      const mean = it.reduce((s, x) => s + x, 0) / it.length;
      return `${sec(mean)} (${sec(Math.min(...it))}–${sec(Math.max(...it))})`;
    });
    out.push(row([label(key.workload), String(key.rank), key.solver, ...cells]));
  }

  const topK = results.filter((r) => r.topKSeconds !== undefined);
  if (topK.length > 0) {
    out.push('\nTop-10 for every user, training pairs excluded (seconds; × = ratio to implicit)\n');
    out.push(row(['workload', 'rank', ...configs, ...peerCols]));
    out.push(row(['---', '---:', ...configs.map(() => '---:'), ...peerAlign]));
    const pairs = [...new Map(topK.map((r) => [`${r.case.workload}/${r.case.rank}`, r.case])).values()];
    for (const p of pairs.sort(byWorkloadRank)) {
      const implicit = peerFor(p.workload, p.rank)?.topKSeconds ?? undefined;
      const cells = configs.map((cfg) => {
        const r = last(topK, (x) => x.case.workload === p.workload && x.case.rank === p.rank && configName(x.case) === cfg);
        if (!r) return '';
        return `${sec(r.topKSeconds!)}${implicit ? ` (×${ratio(r.topKSeconds! / implicit)})` : ''}`;
      });
      out.push(row([label(p.workload), String(p.rank), ...cells, ...peerCols.map(() => (implicit === undefined ? '—' : sec(implicit)))]));
    }
  }

  out.push('\nPeak RSS of the whole process (MB; after the data in brackets; × = ratio to implicit)\n');
  out.push(row(['workload', 'rank', 'solver', ...configs, ...peerCols]));
  out.push(row(['---', '---:', '---', ...configs.map(() => '---:'), ...peerAlign]));
  for (const key of keys) {
    const peer = peerFor(key.workload, key.rank, key.solver);
    const cells = configs.map((cfg) => {
      const r = find(results, key, cfg);
      if (r?.peakRssMB === undefined) return '';
      return `${Math.round(r.peakRssMB)} (${Math.round(r.rssAfterDataMB!)})${peer?.peakRssMB ? ` (×${ratio(r.peakRssMB / peer.peakRssMB)})` : ''}`;
    });
    const implicit = peer?.peakRssMB === undefined ? '—' : `${Math.round(peer.peakRssMB)} (${Math.round(peer.rssAfterDataMB!)})`;
    out.push(row([label(key.workload), String(key.rank), key.solver, ...cells, ...peerCols.map(() => implicit)]));
  }

  const notes = results.filter((r) => r.note && r.status !== 'ok');
  for (const p of peers.filter((x) => x.status !== 'ok')) {
    out.push(`\n- implicit ${p.case.workload} ${p.case.rank}f ${p.case.solver}: ${p.status}, ${p.note?.split('\n')[0]}`);
  }
  if (notes.length > 0) {
    out.push('\nNot run:\n');
    const seen = new Set<string>();
    for (const r of notes) {
      const line = `- ${r.case.workload} ${r.case.rank}f ${r.case.solver} ${configName(r.case)}: ${r.status}, ${r.note!.split('\n')[0]}`;
      if (!seen.has(line)) out.push(line);
      seen.add(line);
    }
  }
  return out.join('\n') + '\n';
}

interface FitKey {
  workload: WorkloadId;
  rank: number;
  solver: 'cg' | 'cholesky';
}

function fitKeys(results: readonly CaseResult[]): FitKey[] {
  const map = new Map<string, FitKey>();
  for (const r of results) map.set(`${r.case.workload}/${r.case.rank}/${r.case.solver}`, r.case);
  return [...map.values()].sort((a, b) => byWorkloadRank(a, b) || (a.solver === b.solver ? 0 : a.solver === 'cg' ? -1 : 1));
}

function find(results: readonly CaseResult[], key: FitKey, cfg: string): CaseResult | undefined {
  return last(results, (r) => r.case.workload === key.workload && r.case.rank === key.rank && r.case.solver === key.solver && configName(r.case) === cfg);
}

/** The last match: when results merged from several files hold a case twice, the newest wins. */
function last(results: readonly CaseResult[], match: (r: CaseResult) => boolean): CaseResult | undefined {
  for (let j = results.length - 1; j >= 0; j--) if (match(results[j]!)) return results[j];
  return undefined;
}

function byWorkloadRank(a: { workload: WorkloadId; rank: number }, b: { workload: WorkloadId; rank: number }): number {
  const order = (w: WorkloadId): number => WORKLOADS.findIndex((x) => x.id === w);
  return order(a.workload) - order(b.workload) || a.rank - b.rank;
}

/** ts before wasm, fewer threads first. */
function byConfig(a: string, b: string): number {
  const [ka, ta] = a.split('×');
  const [kb, tb] = b.split('×');
  return ka === kb ? Number(ta) - Number(tb) : ka === 'ts' ? -1 : kb === 'ts' ? 1 : ka!.localeCompare(kb!);
}

function label(id: WorkloadId): string {
  return WORKLOADS.find((w) => w.id === id)!.label;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Three significant digits: 0.0281, 1.33, 22.6, 241. */
function sec(s: number): string {
  return s >= 100 ? s.toFixed(0) : s.toPrecision(3);
}

function ratio(x: number): string {
  return x >= 10 ? x.toFixed(0) : x.toFixed(2);
}
