/**
 * Make an SVG stable for a snapshot, as Observable Plot does: every decimal number is rounded to
 * 2 places (so a last-bit float difference in a layout does not break the test), and each tag
 * goes on its own line (so a diff shows what changed).
 */
export function snapshotSvg(svg: string): string {
  return `${svg
    .replace(/-?\d+\.\d+(?:e[+-]?\d+)?/g, (n) => {
      const r = Number(Number(n).toFixed(2));
      return Object.is(r, -0) ? '0' : String(r);
    })
    .replace(/></g, '>\n<')}\n`;
}

/** The texts of one mark container (e.g. `layer_2_marks`), in drawing order. */
export function markTexts(svg: string, markClass: string): string[] {
  const group = new RegExp(`<g class="[^"]*\\b${markClass}\\b[^"]*"[^>]*>(.*?)</g>`).exec(svg);
  if (!group) throw new Error(`no mark group ${markClass} in the SVG`);
  return [...group[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** The elements of one mark container, each as its opening tag. */
export function markTags(svg: string, markClass: string): string[] {
  const group = new RegExp(`<g class="[^"]*\\b${markClass}\\b[^"]*"[^>]*>(.*?)</g>`).exec(svg);
  if (!group) throw new Error(`no mark group ${markClass} in the SVG`);
  return [...group[1]!.matchAll(/<(?:path|text|rect)[^>]*>/g)].map((m) => m[0]);
}
