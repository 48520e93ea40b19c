import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../src/io/svg-to-png.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk: bytes 16–19 and 20–23, big-endian. */
function pngSize(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

const box = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">`
  + `<rect width="120" height="40" fill="#21918c"/>`
  + `<text x="60" y="26" text-anchor="middle" font-family="sans-serif" font-size="16px" fill="#fff">${text}</text></svg>`;

describe('svgToPng rasterises an SVG', () => {
  it('writes a PNG (magic bytes) of the SVG size, of plausible length', () => {
    const png = svgToPng(box('0.9271'));
    expect([...png.subarray(0, 8)]).toEqual(PNG_MAGIC);
    expect(pngSize(png)).toEqual([120, 40]);
    expect(png.length).toBeGreaterThan(100);
    expect(png.length).toBeLessThan(120 * 40 * 4 + 1000); // never more than raw RGBA plus headers
  });

  it('scales the picture: scale 2 doubles width and height', () => {
    expect(pngSize(svgToPng(box('x'), { scale: 2 }))).toEqual([240, 80]);
  });

  it('draws the text (system fonts are loaded): a label changes the pixels', () => {
    const blank = svgToPng(box(''));
    const labelled = svgToPng(box('0.9271'));
    expect(Buffer.from(labelled).equals(Buffer.from(blank))).toBe(false);
  });

  it('rejects a scale that is not a positive finite number, naming it', () => {
    expect(() => svgToPng(box('x'), { scale: 0 })).toThrow(/scale must be a finite number > 0, got 0/);
    expect(() => svgToPng(box('x'), { scale: Number.NaN })).toThrow(/got NaN/);
  });
});
