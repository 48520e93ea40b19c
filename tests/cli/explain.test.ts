import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-cli-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const train = join(dir, 'train.csv');
const model = join(dir, 'model');

beforeAll(async () => {
  const rows = ['user,item,rating'];
  for (let u = 1; u <= 12; u++) for (let i = 1; i <= 10; i++) if ((u * 3 + i * 7) % 4 !== 0) rows.push(`${u},${i},${1 + ((u * i) % 5)}`);
  writeFileSync(train, rows.join('\n') + '\n');
  const r = await alsrec(['train', train, '--out', model, '--rank', '3', '--max-iter', '5', '--json']);
  expect(r.code).toBe(0);
});

describe('alsrec explain', () => {
  it('prints the contributions, which sum to the score', async () => {
    const r = await alsrec(['explain', model, '--user', '2', '--item', '5', '--train', train, '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.user).toBe(2);
    const total = e.contributions.reduce((s: number, c: { contribution: number }) => s + c.contribution, 0);
    expect(Math.abs(total - e.score)).toBeLessThan(1e-4);
  });

  it('prints a table of the top contributors and the rest in one line', async () => {
    const r = await alsrec(['explain', model, '--user', '2', '--item', '5', '--train', train, '--top', '2']);
    expect(r.stdout).toMatch(/^user 2, item 5: score -?\d+\.\d{4} from \d+ history items\nhistory item +rating +contribution\n/);
    expect(r.stdout).toMatch(/\(\d+ more\)/);
  });

  it('refuses a model trained with --ensemble-size, naming the fix', async () => {
    const averaged = join(dir, 'averaged');
    const t = await alsrec(['train', train, '--out', averaged, '--rank', '3', '--max-iter', '5', '--ensemble-size', '2', '--json']);
    expect(t.code, t.stderr).toBe(0);
    const r = await alsrec(['explain', averaged, '--user', '2', '--item', '5', '--train', train]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/explain: not available for an ensemble of 2 seeds.*train with ensembleSize 1/);
  });

  it('fails naming an item the model lacks', async () => {
    const r = await alsrec(['explain', model, '--user', '2', '--item', '999', '--train', train]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/explain: item 999 has no factor/);
  });
});
