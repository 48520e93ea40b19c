import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/serve/sqlite-store.js';
import { openStore } from '../../src/serve/open-store.js';
import { storeSuite } from './store-suite.js';

describe('SqliteStore', () => {
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alsrec-sqlite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  storeSuite(async () => new SqliteStore(join(dir, `events-${n++}.db`)));

  it('keeps the file in WAL mode with synchronous=FULL (a COMMIT is fsync’d)', async () => {
    const path = join(dir, 'pragmas.db');
    const s = new SqliteStore(path);
    await s.append([{ user: 'u', item: 'i', type: 'click' }]);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await s.close();
  });

  it('finds its events again after being closed and reopened', async () => {
    const path = join(dir, 'reopen.db');
    const a = new SqliteStore(path);
    await a.append([{ user: 'u', item: 'i', type: 'click', id: 'x' }]);
    await a.close();
    const b = await openStore(`sqlite:${path}`);
    expect((await b.userEvents('u', { limit: 5 })).events.map((e) => e.id)).toEqual(['x']);
    await b.close();
  });

  it('sees events another connection to the same file commits, even for a user it has just read', async () => {
    const path = join(dir, 'two-connections.db');
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    try {
      await a.append([{ user: 'u', item: 'mine', type: 'click' }]);
      expect((await a.recentUserEvents('u', 1000)).map((e) => e.item)).toEqual(['mine']); // now cached in a
      expect(await a.recentUserEvents('v', 1000)).toEqual([]); // the empty list too
      await b.append([{ user: 'u', item: 'theirs', type: 'click' }, { user: 'v', item: 'x', type: 'like' }]);
      expect((await a.recentUserEvents('u', 1000)).map((e) => e.item)).toEqual(['mine', 'theirs']);
      expect((await a.recentUserEvents('v', 1000)).map((e) => e.item)).toEqual(['x']);
      // a's own append after b's: both of b's rows and a's new one are seen
      await a.append([{ user: 'v', item: 'y', type: 'click' }]);
      await b.append([{ user: 'u', item: 'last', type: 'click' }]);
      expect((await a.recentUserEvents('v', 1000)).map((e) => e.item)).toEqual(['x', 'y']);
      expect((await a.recentUserEvents('u', 1000)).map((e) => e.item)).toEqual(['mine', 'theirs', 'last']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("openStore refuses 'sqlite:' with no file, naming the fix", async () => {
    await expect(openStore('sqlite:')).rejects.toThrow(/sqlite:\.\/alsrec-events\.db/);
  });
});
