import { Resvg } from '@resvg/resvg-js';

export interface SvgToPngOptions {
  /** Zoom factor: 2 gives a PNG twice as wide and tall as the SVG. Default 1. */
  scale?: number;
  /** Background colour painted under the SVG (CSS colour). Default: transparent. */
  background?: string;
}

/**
 * Rasterise an SVG to PNG bytes with resvg (Rust, no browser). System fonts are loaded so the
 * text of the charts is drawn; the generic `sans-serif` of Vega's SVGs maps to a font that
 * Debian ships (DejaVu Sans, or Liberation Sans), falling back to whatever fontconfig has.
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`svgToPng: scale must be a finite number > 0, got ${scale}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    ...(options.background === undefined ? {} : { background: options.background }),
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}
