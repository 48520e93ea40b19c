import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-cli-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alsrec train --init', () => {
  it('warm-starts from a saved model: one iteration lands near the converged loss', async () => {
    const rows = ['user,item,rating'];
    for (let u = 1; u <= 30; u++) for (let i = 1; i <= 20; i++) if ((u * 5 + i * 3) % 3 !== 0) rows.push(`${u},${i},${1 + ((u + 2 * i) % 5)}`);
    const all = join(dir, 'all.csv');
    writeFileSync(all, rows.join('\n') + '\n');
    const base = await alsrec(['train', all, '--out', join(dir, 'm1'), '--rank', '3', '--max-iter', '15', '--json']);
    expect(base.code).toBe(0);
    const warm = await alsrec(['train', all, '--init', join(dir, 'm1'), '--out', join(dir, 'm2'), '--rank', '3', '--max-iter', '1', '--json']);
    const cold = await alsrec(['train', all, '--out', join(dir, 'm3'), '--rank', '3', '--max-iter', '1', '--json']);
    const final = JSON.parse(base.stdout).loss.at(-1);
    expect(JSON.parse(warm.stdout).loss[0]).toBeLessThanOrEqual(final * 1.005);
    expect(JSON.parse(cold.stdout).loss[0]).toBeGreaterThan(final * 1.005);
  });

  it('fails on a rank that does not match the initial model', async () => {
    const r = await alsrec(['train', join(dir, 'all.csv'), '--init', join(dir, 'm1'), '--out', join(dir, 'm4'), '--rank', '4']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/initialModel has rank 3 but this ALS has rank 4/);
  });
});
