import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { sampleReport } from './report-fixture.js';

describe('renderHtmlReport writes one self-contained HTML page', () => {
  it('escapes a <script> in the title: the page has no script element at all', async () => {
    const html = renderHtmlReport(await sampleReport());
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h1>ALS run &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>');
    expect(html).toContain('<title>ALS run &lt;script&gt;');
  });

  it('names no http(s) URL of its own', async () => {
    expect(renderHtmlReport(await sampleReport())).not.toMatch(/https?:\/\//);
  });

  it('shows a URL only where the caller wrote one, escaped, as text', async () => {
    const input = { ...(await sampleReport()), notes: 'See https://example.org/?a=1&b=2' };
    const urls = renderHtmlReport(input).match(/https?:\/\/[^\s<]*/g);
    expect(urls).toEqual(['https://example.org/?a=1&amp;b=2']);
  });

  it('forbids every fetch with a Content-Security-Policy, and links to no stylesheet or script', async () => {
    const html = renderHtmlReport(await sampleReport());
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<link rel="stylesheet"|\ssrc="/);
  });

  it('lists the options, strings bare and objects as JSON', async () => {
    const html = renderHtmlReport(await sampleReport());
    expect(html).toContain('<th scope="row">rank</th><td>10</td>');
    expect(html).toContain('<th scope="row">coldStartStrategy</th><td>drop</td>');
    expect(html).toContain('<th scope="row">split</th><td>{&quot;ratio&quot;:0.75,&quot;seed&quot;:42}</td>');
  });

  it("writes metrics with '.4g' and timings in ms", async () => {
    const html = renderHtmlReport(await sampleReport());
    expect(html).toContain('<th scope="row">rmse</th><td class="num">0.9263</td>');
    expect(html).toContain('<th scope="row">ndcg@10</th><td class="num">0.4001</td>');
    // 1234.5 is an exact tie at 4 digits and goes to the even 1234.
    expect(html).toContain('<th scope="row">fit</th><td class="num">1234 ms</td>');
  });

  it('inlines each picture as <svg> with its caption, ids kept apart per picture', async () => {
    const html = renderHtmlReport(await sampleReport());
    expect(html.match(/<figure id="fig\d">\n<svg/g)).toHaveLength(4);
    expect(html).toContain('<figcaption>RMSE by rank × regParam</figcaption>');
    // Both heatmaps carry a legend gradient; each page id appears once.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['fig1-gradient_0', 'fig2-gradient_0']));
  });

  it('shows the sample recommendations by rank, with escaped titles and a blank for a missing one', async () => {
    const html = renderHtmlReport(await sampleReport());
    expect(html).toContain('<caption>user 1</caption>');
    expect(html).toContain('<tr><td class="num">1</td><td>50</td><td>A Film &amp; Its &lt;Sequel&gt;</td><td class="num">4.812</td></tr>');
    expect(html).toContain('<tr><td class="num">2</td><td>7</td><td></td><td class="num">4.5</td></tr>');
    expect(html).toContain('<td>Someone&#39;s Story</td>');
  });

  it('writes the creation time as ISO 8601 and leaves out empty sections', async () => {
    const html = renderHtmlReport({ ...(await sampleReport()), timings: undefined, pictures: [], recommendations: [], notes: undefined });
    expect(html).toContain('<time>2024-01-02T03:04:05.000Z</time>');
    expect(html).not.toMatch(/id="(timings|pictures|sample-recommendations|notes)"/);
    expect(html).toContain('id="metrics"');
  });
});
