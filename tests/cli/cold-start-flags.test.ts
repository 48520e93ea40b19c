import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';
import { tasteGroups } from '../fallback/cold-protocol-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-cli-cold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataFile = join(dir, 'data.csv');
const featureFile = join(dir, 'items.csv');
const model = join(dir, 'model');

beforeAll(async () => {
  const { data } = tasteGroups();
  const lines = ['user,item,rating,timestamp'];
  for (let r = 0; r < data.users.length; r++) lines.push(`${data.userIds.toExternal(data.users[r]!)},${data.itemIds.toExternal(data.items[r]!)},1,${data.timestamps![r]}`);
  writeFileSync(dataFile, lines.join('\n') + '\n');
  const items = ['item,group'];
  for (let i = 0; i < 48; i++) items.push(`${i},g${Math.floor(i / 12)}`);
  for (let i = 100; i < 148; i++) items.push(`${i},misc`);
  writeFileSync(featureFile, items.join('\n') + '\n');
  const r = await alsrec(['train', dataFile, '--out', model, '--implicit', '--alpha', '5', '--rank', '4', '--json']);
  expect(r.code).toBe(0);
});

describe('alsrec evaluate --cold-users / --cold-items', () => {
  it('prints the cold-user table and the cross-over N', async () => {
    const r = await alsrec(['evaluate', model, '--data', dataFile, '--cold-users', '0.1', '--reveal', '2,4', '--reveal-order', 'random']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cold users: 12 held out \(seed 42\), first N interactions revealed \(random order\)/);
    expect(r.stdout).toMatch(/^4 +fold-in +12 +0\.\d{4}/m);
    expect(r.stdout).toMatch(/fold-in beats popularity on P@10 from N = 2/);
  });

  it('gives both protocols as JSON', async () => {
    const r = await alsrec(['evaluate', model, '--data', dataFile, '--cold-users', '0.1', '--reveal', '3', '--cold-items', '0.2', '--item-features', featureFile, '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.coldUsers.rows.map((x: { ranker: string }) => x.ranker)).toContain('hybrid(fold-in, content)');
    expect(j.coldItems.rows.map((x: { placement: string }) => x.placement)).toEqual(['content-regressed', 'random']);
  });

  it('says what is missing', async () => {
    expect((await alsrec(['evaluate', model, '--cold-users', '0.1'])).stderr).toMatch(/needs --data FILE/);
    expect((await alsrec(['evaluate', model, '--data', dataFile, '--cold-items', '0.1'])).stderr).toMatch(/--cold-items needs --item-features/);
    expect((await alsrec(['evaluate', model])).stderr).toMatch(/give --test FILE/);
    expect((await alsrec(['evaluate', model, '--data', dataFile, '--cold-users', '0.1', '--reveal', '0'])).stderr).toMatch(/expected integers >= 1/);
  });
});
