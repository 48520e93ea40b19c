import { describe, expect, it } from 'vitest';
import { inlineSvg } from '../../src/report/inline-svg.js';

const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10">'
  + '<defs><linearGradient id="gradient_0"/></defs><rect fill="url(#gradient_0)"/><use xlink:href="#gradient_0"/></svg>';

describe('inlineSvg prepares an SVG document for an HTML page', () => {
  it('drops the XML prolog and the xmlns declarations, so no URL remains', () => {
    const out = inlineSvg(svg, 'fig1');
    expect(out.startsWith('<svg width="10">')).toBe(true);
    expect(out).not.toMatch(/https?:\/\//);
  });

  it('prefixes ids and every reference to them with the scope', () => {
    const out = inlineSvg(svg, 'fig2');
    expect(out).toContain('id="fig2-gradient_0"');
    expect(out).toContain('fill="url(#fig2-gradient_0)"');
    expect(out).toContain('xlink:href="#fig2-gradient_0"');
    expect(out).not.toMatch(/"#gradient_0"|\(#gradient_0\)/);
  });

  it('refuses scripts, event handlers, foreignObject and remote links', () => {
    expect(() => inlineSvg('<svg><script>alert(1)</script></svg>', 'a')).toThrow(/contains "<script"/);
    expect(() => inlineSvg('<svg onload="x()"></svg>', 'a')).toThrow(/contains "onload="/);
    expect(() => inlineSvg('<svg><foreignObject/></svg>', 'a')).toThrow(/foreignObject/);
    expect(() => inlineSvg('<svg><image href="https://example.org/a.png"/></svg>', 'a')).toThrow(/links to "https:\/\/example.org\/a.png"/);
    expect(inlineSvg('<svg><image href="data:image/png;base64,AA=="/></svg>', 'a')).toContain('data:image/png');
  });

  it('rejects something that is not an SVG, and a scope that is not a valid id', () => {
    expect(() => inlineSvg('<div></div>', 'a')).toThrow(/starting with <svg, got "<div><\/div>"/);
    expect(() => inlineSvg(svg, '1 bad')).toThrow(/scope must be/);
  });
});
