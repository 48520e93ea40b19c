import { describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';

const ml100k = process.env.ALSREC_ML100K;

describe('alsrec bench-accuracy', () => {
  it('refuses an unknown protocol, listing the two', async () => {
    const r = await alsrec(['bench-accuracy', '--protocol', 'netflix']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/expected one of recommenders-ml100k, seed, got 'netflix'/);
  });

  it('refuses a budget that is neither fits nor a duration, showing both forms', async () => {
    const r = await alsrec(['bench-accuracy', '--protocol', 'seed', '--budget', 'lots']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/budget 'lots': write a number of fits \(30\) or a duration \(120s, 2m\)/);
  });
});

// Tiny budgets: the protocol end to end, not its accuracy (that is `bench-accuracy --budget 30`, in docs/benchmarks.md).
describe.skipIf(!ml100k)('alsrec bench-accuracy on MovieLens 100k', () => {
  it('seed: splits 75/25, tunes biased ALS on the training part, refits, tests; prints the published figures beside', async () => {
    const r = await alsrec(['bench-accuracy', '--protocol', 'seed', '--budget', '1', '--no-ceiling', '--parallelism', '1', '--json'], { ALSREC_ML100K: ml100k });
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run.rows).toEqual({ train: 75000, test: 25000 });
    expect(run.best.params.biases).toBe(true);
    // any sampled setting of biased ALS beats Spark's published 0.9636 on this split by a margin
    expect(run.test.rmse).toBeLessThan(0.96);
    expect(run.test.rmse).toBeGreaterThan(0.85);
    expect(run.published.map((p: { model: string }) => p.model)).toContain('Spark ALS');
  }, 120_000);

  it('halving: spends the fits budget over rungs of more and more iterations, the best from the last', async () => {
    const r = await alsrec(['bench-accuracy', '--protocol', 'seed', '--search', 'halving', '--budget', '2', '--no-ceiling', '--parallelism', '1', '--json'], { ALSREC_ML100K: ml100k });
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    // maxIter 15, η = 3, 2 fits: 3 settings × 5 iterations, then the best 1 × 15 (tests/tuning/budgeted-search.test.ts)
    expect(run.budget.rungs).toEqual([{ maxIter: 5, configs: 3 }, { maxIter: 15, configs: 1 }]);
    expect(run.budget.fitsUsed).toBe(2);
    expect(run.best.params.maxIter).toBe(15);
  }, 120_000);

  it('recommenders-ml100k: binarised, stratified per user; the table names budget, ceiling and wall time', async () => {
    const r = await alsrec(['bench-accuracy', '--protocol', 'recommenders-ml100k', '--budget', '1', '--parallelism', '1'], { ALSREC_ML100K: ml100k });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/budget: 1 fits, random search of rank=/);
    expect(r.stdout).toMatch(/spent: 1 setting × 15 iterations = 1\.0 fits \(ceiling 1\.0\); refit with ensembleSize=8/);
    expect(r.stdout).toMatch(/ceiling \(same search, scored on test\)/);
    expect(r.stdout).toMatch(/BiVAE \(published\)\s+0\.4750\s+0\.4120\s+0\.2190\s+0\.1460/);
    expect(r.stdout).toMatch(/wall time: search [\d.]+ s, refit [\d.]+ s, ceiling [\d.]+ s, total [\d.]+ s/);
    // with one setting, tuning and peeking pick the same one
    const ours = /alsrec ALS, tuned on train\s+([\d.]+)/.exec(r.stdout)![1];
    const ceiling = /scored on test\)\s+([\d.]+)/.exec(r.stdout)![1];
    expect(ours).toBe(ceiling);
  }, 120_000);
});
