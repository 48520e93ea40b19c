/**
 * Prepare a standalone SVG document (as `specToSvg` makes) for inlining in an HTML page:
 *
 * - drop an XML prolog or doctype, and the root's `xmlns` declarations (the HTML parser puts
 *   `<svg>` in the SVG namespace by itself), so the page names no URL;
 * - prefix every `id` and its references (`url(#id)`, `href="#id"`) with `scope`, because ids are
 *   global in an HTML document and Vega numbers them from 0 in every SVG (two heatmaps would both
 *   define `gradient_0`, and the second legend would paint with the first one's gradient);
 * - refuse anything active or remote (`<script>`, `<foreignObject>`, `on…=` handlers, links that
 *   are not `#fragment` or `data:`), since the report must be inert and work offline.
 */
export function inlineSvg(svg: string, scope: string): string {
  if (!/^[A-Za-z][\w-]*$/.test(scope)) {
    throw new RangeError(`inlineSvg: scope must be letters, digits, _ or -, starting with a letter, got ${JSON.stringify(scope)}`);
  }
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
  if (!/^<svg[\s>]/.test(body)) {
    throw new RangeError(`inlineSvg: expected an SVG document starting with <svg, got ${JSON.stringify(body.slice(0, 40))}`);
  }
  const active = /<script|<foreignObject|\son[a-z]+\s*=/i.exec(body);
  if (active) {
    throw new RangeError(`inlineSvg: SVG contains ${JSON.stringify(active[0].trim())}; the report only inlines inert SVG`);
  }
  const remote = /\s(?:xlink:)?(?:href|src)\s*=\s*"(?!#|data:)([^"]*)"/i.exec(body);
  if (remote) {
    throw new RangeError(`inlineSvg: SVG links to ${JSON.stringify(remote[1])}; the report must work offline (embed it as data: instead)`);
  }
  const root = /^<svg[^>]*>/.exec(body)![0];
  const cleanRoot = root.replace(/\s+xmlns(?::[\w-]+)?="[^"]*"/g, '');
  return (cleanRoot + body.slice(root.length))
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${scope}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${scope}-${id})`)
    .replace(/(\s(?:xlink:)?href=")#([^"]+)"/g, (_, attr: string, id: string) => `${attr}#${scope}-${id}"`);
}
