import type { TopLevelSpec } from 'vega-lite';

/** One point of a method's curve: its knob (LSH probes, HNSW ef, norm-scan cosine; 0 for exact) and what it gave. */
export interface CurvePoint {
  knob: number;
  recall: number;
  /** Queries per second, one query at a time on one thread. */
  qps1: number;
  /** Queries per second, the sample as one batch on all cores (where measured). */
  qpsAll?: number;
}

export interface RetrievalCase {
  name: string;
  items: number;
  rank: number;
  source: string;
  fitSeconds?: number;
  queries: number;
  /** Targets an exact query scores before its norm stop (estimateExactScan, 64 sample queries). */
  exactScan?: number;
  methods: { method: 'exact' | 'norm-scan' | 'ivf' | 'lsh' | 'hnsw'; config: string; buildSeconds: number; memoryMB: number; curve: CurvePoint[] }[];
  /** What buildIndex's 'auto' (the service's default) chose on these factors, and how it measured. */
  auto?: { choice: string; buildSeconds: number; point: CurvePoint };
}

const g3 = (x: number) => (!Number.isFinite(x) ? '—' : x >= 100 ? Math.round(x).toLocaleString('en') : x.toPrecision(3));

/** Markdown: per case, one row per (method, config, knob), with the speed-up over exact on one thread. */
export function renderRetrievalTables(cases: RetrievalCase[]): string {
  const out: string[] = [];
  for (const c of cases) {
    const exact = c.methods.find((m) => m.method === 'exact' && !m.config.includes('unpruned'))!.curve[0]!;
    out.push(`\n### ${c.items.toLocaleString('en')} items × ${c.rank} factors (${c.name})\n`);
    out.push(`Factors: ${c.source}${c.fitSeconds ? ` (fit ${c.fitSeconds.toFixed(0)} s)` : ''}. ${c.queries} query users; recall@10 against the exact top 10.${c.exactScan === undefined ? '' : ` An exact query scores about ${Math.round(c.exactScan).toLocaleString('en')} of the ${c.items.toLocaleString('en')} targets before its norm stop (estimateExactScan).`}\n`);
    out.push('| method | configuration | build (s) | memory (MB) | knob | recall@10 | q/s, 1 thread | × exact | q/s, all cores |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const m of c.methods) {
      m.curve.forEach((p, i) => {
        const knob = m.method === 'exact' ? '—' : `${({ lsh: 'probes', hnsw: 'ef', 'norm-scan': 'c', ivf: 'lists probed' } as const)[m.method]} ${p.knob}`;
        const head = i === 0 ? [m.method, m.config, g3(m.buildSeconds), String(m.memoryMB)] : ['', '', '', ''];
        out.push(`| ${[...head, knob, p.recall.toFixed(3), g3(p.qps1), (p.qps1 / exact.qps1).toFixed(1), p.qpsAll === undefined ? '—' : g3(p.qpsAll)].join(' | ')} |`);
      });
    }
    if (c.auto) {
      const p = c.auto.point;
      out.push(`
'auto' (the service's default) chose **${c.auto.choice}** in ${g3(c.auto.buildSeconds)} s (exact index, scan estimate${c.auto.choice.startsWith('ivf') ? ', k-means and calibration' : ''}): recall@10 ${p.recall.toFixed(3)} on the ${c.queries} query users, ${g3(p.qps1)} q/s on 1 thread (${(p.qps1 / exact.qps1).toFixed(1)}× exact), ${p.qpsAll === undefined ? '—' : g3(p.qpsAll)} on all cores.`);
    }
  }
  return out.join('\n') + '\n';
}

function label(m: RetrievalCase['methods'][number]): string {
  if (m.method === 'exact') return m.config.includes('unpruned') ? 'exact, unpruned scan (WASM)' : 'exact (WASM)';
  if (m.method === 'norm-scan') return 'norm-scan (WASM), knob c';
  if (m.method === 'ivf') return `ivf (WASM), ${m.config.split(' (')[0]}`;
  if (m.method === 'hnsw') return `hnsw, space ${m.config.split('space ')[1]}`;
  return `lsh, ${m.config.replace(' tables × ', '×').replace(' bits,', ' bits,')}`;
}

/** ann-benchmarks' picture: recall@10 (x) against single-thread queries/s (y, log), one line per method and configuration, a panel per case. */
export function recallSpec(cases: RetrievalCase[]): TopLevelSpec {
  const values = cases.flatMap((c) =>
    c.methods.flatMap((m) =>
      m.curve.map((p) => ({ case: `${c.items.toLocaleString('en')} × ${c.rank}${c.source.startsWith('planted') ? ' planted' : c.source.startsWith('ML-100k-shaped, blended') ? ' ML-shaped, blended' : c.source.startsWith('ML-100k-shaped') ? ' ML-shaped' : ''}${c.name.includes('(run') ? ` ${c.name.slice(c.name.indexOf('(run'))}` : ''}`, method: label(m), knob: p.knob, recall: p.recall, qps: p.qps1 })),
    ),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Recall@10 against queries per second (one thread, one query at a time)',
    data: { values },
    // panels by catalogue size, planted (isotropic) tables last, three to a row
    facet: { field: 'case', title: 'items × factors', sort: [...new Set(values.map((v) => v.case))].sort((a, b) => Number(a.includes('planted')) - Number(b.includes('planted')) || parseInt(a.replace(/,/g, ''), 10) - parseInt(b.replace(/,/g, ''), 10)) },
    columns: 3,
    spec: {
      width: 300,
      height: 240,
      layer: [
        { mark: { type: 'line', point: true }, encoding: enc() },
        { mark: { type: 'text', dy: -8, fontSize: 8 }, encoding: { ...enc(), text: { field: 'knob' } } },
      ],
    },
  } as TopLevelSpec;

  function enc() {
    return {
      x: { field: 'recall', type: 'quantitative', title: 'recall@10', scale: { domain: [0, 1] } },
      y: { field: 'qps', type: 'quantitative', title: 'queries/s (1 thread)', scale: { type: 'log' } },
      color: { field: 'method', type: 'nominal', title: 'method', legend: { labelLimit: 300 } },
      order: { field: 'knob', type: 'quantitative' },
    };
  }
}
