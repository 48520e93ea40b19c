/**
 * The sequential colour ramp of the heatmaps and the text colour that reads on top of it.
 *
 * The ramp is matplotlib's viridis sampled at t = 0, 1/8, …, 1 and interpolated linearly in RGB.
 * The chart hands Vega the same stops with `interpolate: 'rgb'`, so the colour computed here for a
 * cell is the colour Vega paints, and the annotation colour can be chosen the way seaborn does it.
 */
export const VIRIDIS_STOPS: readonly string[] = [
  '#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725',
];

/** seaborn's annotation colours: ".15" grey on light cells, white on dark ones. */
export const DARK_TEXT = '#262626';
export const LIGHT_TEXT = '#ffffff';

/** The ramp's colour at t ∈ [0, 1] (clamped), as `#rrggbb`. */
export function rampColor(t: number, stops: readonly string[] = VIRIDIS_STOPS): string {
  if (stops.length < 2) throw new RangeError(`rampColor: need at least 2 stops, got ${stops.length}`);
  const x = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = parseHex(stops[i]!);
  const b = parseHex(stops[i + 1]!);
  const f = x - i;
  return toHex(a.map((c, k) => c + (b[k]! - c) * f) as [number, number, number]);
}

/**
 * WCAG relative luminance of an sRGB colour: L = 0.2126 R + 0.7152 G + 0.0722 B on linearised
 * channels, c_lin = c/12.92 if c ≤ 0.03928 else ((c + 0.055)/1.055)^2.4 (c in [0, 1]).
 */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** seaborn's rule (`heatmap._annotate_heatmap`): dark text when the cell's luminance > 0.408. */
export function annotationColor(fill: string): string {
  return relativeLuminance(fill) > 0.408 ? DARK_TEXT : LIGHT_TEXT;
}

function parseHex(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`colour must be #rrggbb, got ${JSON.stringify(hex)}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}
