import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alsrec } from './run-cli.js';
import { tasteGroups } from '../fallback/cold-protocol-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'alsrec-cli-fallback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataFile = join(dir, 'data.csv');
const model = join(dir, 'model');
const newUsers = join(dir, 'new.csv');
const features = join(dir, 'items.csv');

/** item ids of the CSV rows of one user, in rank order */
const listOf = (csv: string, user: string) =>
  csv.trim().split('\n').slice(1).map((l) => l.split(',')).filter((f) => f[0] === user).map((f) => Number(f[1]));

beforeAll(async () => {
  const { data } = tasteGroups();
  const lines = ['user,item,rating'];
  for (let r = 0; r < data.users.length; r++) lines.push(`${data.userIds.toExternal(data.users[r]!)},${data.itemIds.toExternal(data.items[r]!)},1`);
  writeFileSync(dataFile, lines.join('\n') + '\n');
  // 'fan' knows three group-0 items; 'stranger' only an item nobody trained on.
  writeFileSync(newUsers, 'user,item,rating\nfan,0,1\nfan,1,1\nfan,2,1\nstranger,9999,1\n');
  const items = ['item,group'];
  for (let i = 0; i < 48; i++) items.push(`${i},g${Math.floor(i / 12)}`);
  for (let i = 100; i < 148; i++) items.push(`${i},misc`);
  items.push('500,g0'); // a new item: features, no interactions
  writeFileSync(features, items.join('\n') + '\n');
  expect((await alsrec(['train', dataFile, '--out', model, '--implicit', '--alpha', '5', '--rank', '4', '--json'])).code).toBe(0);
});

describe('alsrec recommend --fold-in / --fallback / --item-features', () => {
  it('folds in a new user: a group-0 fan gets the rest of group 0, without the items given', async () => {
    const r = await alsrec(['recommend', model, '--fold-in', newUsers, '--k', '5']);
    expect(r.code).toBe(0);
    const fan = listOf(r.stdout, 'fan');
    expect(fan).toHaveLength(5);
    expect(fan.every((i) => i >= 3 && i < 12)).toBe(true);
  });

  it('gives a user with no known item the most popular items with --fallback popularity', async () => {
    const r = await alsrec(['recommend', model, '--fold-in', newUsers, '--k', '3', '--fallback', 'popularity']);
    const pop = await alsrec(['recommend', model, '--users', 'nobody', '--k', '3', '--fallback', 'popularity']);
    expect(listOf(r.stdout, 'stranger')).toEqual(listOf(pop.stdout, 'nobody'));
    expect(listOf(pop.stdout, 'nobody')).toHaveLength(3);
    expect(listOf(r.stdout, 'fan').every((i) => i >= 3 && i < 12)).toBe(true);
  });

  it('places a feature-only item among its group with --item-features (ridge-regressed factor)', async () => {
    const r = await alsrec(['recommend', model, '--fold-in', newUsers, '--k', '10', '--fallback', 'hybrid', '--item-features', features]);
    expect(r.code).toBe(0);
    expect(listOf(r.stdout, 'fan')).toContain(500);
  });

  it('refuses --fold-in together with --users', async () => {
    expect((await alsrec(['recommend', model, '--fold-in', newUsers, '--users', '1'])).stderr).toMatch(/give --fold-in or --users\/--items, not both/);
  });
});
