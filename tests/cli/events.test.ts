import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-cli-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, 'log.csv');
writeFileSync(log, 'user,item,event,value,timestamp\n1,10,click,,100\n1,10,complete,0.5,200\n2,10,scroll_past,,300\n2,11,like,,300\n');

describe('alsrec events', () => {
  it('writes one rating per pair with the default ad weights and reports the throughput', async () => {
    const out = join(dir, 'pairs.csv');
    const r = await alsrec(['events', log, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^4 events → 3 \(user, item\) pairs \(2 users, 2 items; 1 negative\)/);
    expect(readFileSync(out, 'utf8')).toBe('user,item,rating,timestamp\n1,10,2.5,200\n2,10,-0.5,300\n2,11,4,300\n');
  });

  it('applies a weights file and a half-life, and writes Parquet', async () => {
    const weights = join(dir, 'w.json');
    writeFileSync(weights, JSON.stringify({ click: 2, complete: { weight: 1, times: 'value' }, scroll_past: 0, like: 1 }));
    const out = join(dir, 'pairs.parquet');
    const r = await alsrec(['events', log, '--weights', weights, '--half-life', '100', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ events: 4, pairs: 3 });
    const buf = readFileSync(out);
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) });
    // (1, 10): 2·2^(−200/100) + 0.5·2^(−100/100) = 0.5 + 0.25
    expect(rows.map((x) => [x.user, x.item, x.rating])).toEqual([[1, 10, 0.75], [2, 10, 0], [2, 11, 1]]);
  });

  it('fails naming the weights file, and an unknown event type with its line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"click": ');
    const r1 = await alsrec(['events', log, '--weights', bad, '--out', join(dir, 'x.csv')]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/bad.json: not valid JSON/);
    const w = join(dir, 'clicks.json');
    writeFileSync(w, '{"click": 1}');
    const r2 = await alsrec(['events', log, '--weights', w, '--out', join(dir, 'x.csv')]);
    expect(r2.stderr).toMatch(/log.csv: line 3: unknown event type "complete"; the weights know "click"/);
    const r3 = await alsrec(['events', log, '--half-life', 'soon', '--out', join(dir, 'x.csv')]);
    expect(r3.stderr).toMatch(/--half-life must be a positive duration/);
  });
});
