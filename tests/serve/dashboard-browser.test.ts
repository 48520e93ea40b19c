import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/serve/app.js';
import { Recommender } from '../../src/serve/recommender.js';
import { SqliteStore } from '../../src/serve/sqlite-store.js';
import { modelRoot } from './fixtures.js';

/**
 * The dashboard (`GET /`) in Debian's headless Chromium over real HTTP. Skips without
 * /usr/bin/chromium unless ALSREC_REQUIRE_BROWSER=1 (CI). ALSREC_DASHBOARD_SCREENSHOT=path keeps the
 * screenshot (docs/serve-dashboard.png was made so).
 */
const CHROMIUM = process.env.ALSREC_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.ALSREC_REQUIRE_BROWSER === '1';
const present = existsSync(CHROMIUM);

describe.skipIf(!present && !required)('the dashboard in a real browser', () => {
  let fx: Awaited<ReturnType<typeof modelRoot>>;
  let rec: Recommender;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  beforeAll(async () => {
    fx = await modelRoot();
    rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(join(fx.root, 'ev.db')), cacheK: 3 });
    await rec.whenReady();
    app = await buildApp(rec, { rateLimit: 0 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await rec?.close();
    await fx?.cleanup();
  });

  it('renders its charts with no console error, loading nothing but the page, and screenshots', async () => {
    // traffic from two sources: k=2 is cached (cf-cached), k=4 is computed (cf-computed)
    for (const [k, clicks] of [[2, 1], [4, 2]] as const) {
      for (const user of ['1', '2']) {
        const r = (await (await fetch(`${base}/v1/users/${user}/recommendations?k=${k}`)).json()) as { requestId: string; items: { item: string }[] };
        const events = r.items.map((x, position) => ({ user, item: x.item, type: 'impression', requestId: r.requestId, position }));
        for (let c = 0; c < clicks; c++) events.push({ user, item: r.items[c]!.item, type: 'click', requestId: r.requestId, position: c });
        await fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      }
    }
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([`${base}/`]);
    const charts = page.locator('figure.chart svg');
    expect(await charts.count()).toBe(4);
    for (let j = 0; j < 4; j++) expect((await charts.nth(j).boundingBox())!.width).toBeGreaterThan(300);
    // the CTR chart has one line per source: cf-cached 2/4 = 50 %, cf-computed 4/8 = 50 %
    const legend = await charts.nth(0).locator('.role-legend-label text').allTextContents();
    expect(legend.sort()).toEqual(['cf-cached', 'cf-computed']);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    const shot = join(fx.root, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    const keep = process.env.ALSREC_DASHBOARD_SCREENSHOT;
    if (keep) await page.screenshot({ path: keep, fullPage: true });
    await page.close();
  });
});
