import { describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';

const ml100k = process.env.ALSREC_ML100K;

describe.skipIf(!ml100k)('alsrec quickstart on MovieLens 100k', () => {
  it('lands in the band of Spark on the same protocol (RMSE 0.955–0.985, P@10 0.03–0.06)', async () => {
    const r = await alsrec(['quickstart', '--json'], { ALSREC_ML100K: ml100k });
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.data).toMatchObject({ ratings: 100000, train: 75000, test: 25000 });
    expect(m.rmse).toBeGreaterThan(0.955);
    expect(m.rmse).toBeLessThan(0.985);
    expect(m.precisionAtK).toBeGreaterThan(0.03);
    expect(m.precisionAtK).toBeLessThan(0.06);
    expect(m.k).toBe(10);
    for (const stage of ['read', 'split', 'fit', 'predict', 'recommend', 'total']) expect(m.timings).toHaveProperty(stage);
  });

  it('prints the metrics table with titles in text mode', async () => {
    const r = await alsrec(['quickstart', '--samples', '1'], { ALSREC_ML100K: ml100k });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/RMSE\s+0\.9\d+\s+0\.9640/);
    expect(r.stdout).toMatch(/\nuser 1: .+\(\d{4}\)/);
  });

  it('writes a self-contained HTML report with --report', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'alsrec-report-'));
    const r = await alsrec(['quickstart', '--json', '--report', join(dir, 'run.html')], { ALSREC_ML100K: ml100k });
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(join(dir, 'run.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(2); // loss curve, metrics against k
    expect(html).toContain('precision@10');
    expect(html).not.toMatch(/(src|href)="https?:/);
    await rm(dir, { recursive: true });
  });

  it('ranks far better with implicit feedback than with explicit ratings', async () => {
    const explicit = JSON.parse((await alsrec(['quickstart', '--json'], { ALSREC_ML100K: ml100k })).stdout);
    const implicit = JSON.parse((await alsrec(['quickstart', '--json', '--implicit'], { ALSREC_ML100K: ml100k })).stdout);
    expect(implicit.precisionAtK).toBeGreaterThan(3 * explicit.precisionAtK);
    expect(implicit.ndcgAtK).toBeGreaterThan(3 * explicit.ndcgAtK);
    // the rating metrics stay in the JSON, flagged; explicit runs carry no flag
    expect([implicit.ratingMetricsMeaningful, typeof implicit.rmse, explicit.ratingMetricsMeaningful]).toEqual([false, 'number', undefined]);
  });

  it('refuses --alpha without --implicit: it would do nothing', async () => {
    const r = await alsrec(['quickstart', '--alpha', '3'], { ALSREC_ML100K: ml100k });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--alpha sets the confidence of implicit feedback and does nothing without --implicit/);
  });
});

describe('alsrec quickstart without data', () => {
  it('says where the files go when the directory given has no u.data', async () => {
    const r = await alsrec(['quickstart', '--data', '/nonexistent/ml-100k']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no u\.data in \/nonexistent\/ml-100k/);
  });
});
