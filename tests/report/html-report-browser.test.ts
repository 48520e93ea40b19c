import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { sampleReport } from './report-fixture.js';

/**
 * Opens the report in Debian's Chromium (headless, driven by playwright-core). Skips when
 * /usr/bin/chromium is missing, unless ALSREC_REQUIRE_BROWSER=1 (CI), where that is a failure:
 * `.ci/install-browser.sh` installs it. ALSREC_CHROMIUM=path picks another Chromium binary;
 * ALSREC_REPORT_SCREENSHOT=path keeps a copy of the
 * screenshot for a person to look at.
 */
const CHROMIUM = process.env.ALSREC_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.ALSREC_REQUIRE_BROWSER === '1';
const present = existsSync(CHROMIUM);
if (!present && !required) {
  console.warn(
    `html-report-browser: SKIPPED, ${CHROMIUM} is missing (run .ci/install-browser.sh; set ALSREC_REQUIRE_BROWSER=1 to fail instead)`,
  );
}

/** Open a file in a new page, collecting console errors, page errors and every URL requested. */
async function open(browser: Browser, file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  page.on('request', (req) => requests.push(req.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

describe.skipIf(!present && !required)('the HTML report in a real browser (headless Chromium)', () => {
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing but ALSREC_REQUIRE_BROWSER=1: run .ci/install-browser.sh`);
    }
    dir = await mkdtemp(join(tmpdir(), 'alsrec-report-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('catches console and page errors (control: a page that logs one and throws one)', async () => {
    const file = join(dir, 'bad.html');
    await writeFile(file, '<!DOCTYPE html><p>x</p><script>console.error("boom"); null.x;</script>');
    const { page, errors } = await open(browser, file);
    expect(errors).toContain('console: boom');
    expect(errors.some((e) => e.startsWith('page: '))).toBe(true);
    await page.close();
  });

  it('opens with no console error and no page error, fetches nothing, shows the heatmap, and screenshots', async () => {
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtmlReport(await sampleReport()));
    const { page, errors, requests } = await open(browser, file);

    expect(errors).toEqual([]);
    // The page itself is the only thing loaded: no stylesheet, font, image or script fetched.
    expect(requests).toEqual([pathToFileURL(file).href]);
    // The title is shown as text, not run as a script.
    expect(await page.locator('h1').textContent()).toBe('ALS run <script>alert("x")</script>');
    // The first figure is the heatmap: an inline SVG with its 4 cells and their labels.
    const heatmap = page.locator('#fig1 svg');
    expect(await heatmap.count()).toBe(1);
    expect((await heatmap.boundingBox())!.width).toBeGreaterThan(100);
    expect(await page.locator('#fig1 svg .layer_0_marks path').count()).toBe(4);
    expect(await page.locator('#fig1 svg .layer_2_marks text').allTextContents()).toEqual(['0.95', '0.93', '0.94', '0.92']);

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    const keep = process.env.ALSREC_REPORT_SCREENSHOT;
    if (keep) await page.screenshot({ path: keep, fullPage: true });
    await page.close();
  });
});
