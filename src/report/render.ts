import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Render a Vega-Lite spec to an SVG string, headless: Vega-Lite compiles the spec to Vega, a Vega
 * View with `renderer: 'none'` runs the dataflow, and `toSVG()` serialises the scenegraph.
 * No DOM, canvas or browser is needed; text widths are estimated from the font size, so the
 * layout does not depend on the fonts of the machine.
 *
 * The same spec gives the same bytes: Vega numbers gradient and clip ids with counters global to
 * the process (the third chart drawn gets `gradient_2`), so the ids are renumbered per SVG.
 * Ids are therefore unique within one SVG only; inline several in a page with `inlineSvg`.
 */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return renumberIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Rename each id to its stem (the id without trailing digits) plus its rank among the ids of that
 * stem, in order of appearance: gradient_7, gradient_9, clip4 → gradient_0, gradient_1, clip0.
 * References (`url(#…)`, `href="#…"`) follow.
 */
export function renumberIds(svg: string): string {
  const renamed = new Map<string, string>();
  const perStem = new Map<string, number>();
  for (const [, id] of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (renamed.has(id!)) continue;
    const stem = id!.replace(/\d+$/, '');
    const n = perStem.get(stem) ?? 0;
    perStem.set(stem, n + 1);
    renamed.set(id!, `${stem}${n}`);
  }
  if (renamed.size === 0) return svg;
  const to = (id: string) => renamed.get(id) ?? id;
  return svg.replace(
    /(\sid=")([^"]+)(")|(url\(#)([^)]+)(\))|(href="#)([^"]+)(")/g,
    (_m, a1, id1, z1, a2, id2, z2, a3, id3, z3) =>
      a1 !== undefined ? `${a1}${to(id1)}${z1}` : a2 !== undefined ? `${a2}${to(id2)}${z2}` : `${a3}${to(id3)}${z3}`,
  );
}
