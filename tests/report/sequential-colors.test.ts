import { describe, expect, it } from 'vitest';
import {
  annotationColor,
  DARK_TEXT,
  LIGHT_TEXT,
  rampColor,
  relativeLuminance,
  VIRIDIS_STOPS,
} from '../../src/report/sequential-colors.js';

describe('rampColor(t) walks the viridis stops in RGB', () => {
  it('returns the first and last stops at the ends, and clamps outside [0, 1]', () => {
    expect(rampColor(0)).toBe('#440154');
    expect(rampColor(1)).toBe('#fde725');
    expect(rampColor(-3)).toBe('#440154');
    expect(rampColor(7)).toBe('#fde725');
  });

  it('hits every stop at t = i/8 and interpolates halfway between two', () => {
    VIRIDIS_STOPS.forEach((stop, i) => expect(rampColor(i / 8)).toBe(stop));
    // Halfway between #440154 (68,1,84) and #472d7b (71,45,123): (69.5,23,103.5) → rounds to (70,23,104).
    expect(rampColor(1 / 16)).toBe('#461768');
  });

  it('interpolates a two-stop ramp linearly', () => {
    expect(rampColor(0.25, ['#000000', '#ffffff'])).toBe('#404040'); // 255/4 = 63.75 → 64 = 0x40
  });

  it('rejects a ramp of fewer than two stops and a malformed colour', () => {
    expect(() => rampColor(0.5, ['#000000'])).toThrow(/at least 2 stops, got 1/);
    expect(() => relativeLuminance('red')).toThrow(/#rrggbb, got "red"/);
  });
});

describe('relativeLuminance and annotationColor follow WCAG and seaborn', () => {
  it('gives 0 for black, 1 for white', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 12);
  });

  it('weights green most: pure green is 0.7152, pure blue 0.0722', () => {
    expect(relativeLuminance('#00ff00')).toBeCloseTo(0.7152, 12);
    expect(relativeLuminance('#0000ff')).toBeCloseTo(0.0722, 12);
  });

  it('puts white text on dark viridis (purple) and dark text on light viridis (yellow)', () => {
    expect(annotationColor(rampColor(0))).toBe(LIGHT_TEXT);
    expect(annotationColor(rampColor(1))).toBe(DARK_TEXT);
  });

  it('switches at luminance 0.408: mid grey #aaaaaa (L ≈ 0.402) is dark, #acacac (L ≈ 0.413) is light', () => {
    // 0xaa/255 = 0.6667 → ((0.6667+0.055)/1.055)^2.4 = 0.4020; 0xac/255 = 0.6745 → 0.4125.
    expect(annotationColor('#aaaaaa')).toBe(LIGHT_TEXT);
    expect(annotationColor('#acacac')).toBe(DARK_TEXT);
  });
});
