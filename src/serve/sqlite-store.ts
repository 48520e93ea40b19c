import Database from 'better-sqlite3';
import type { AppendResult, EventPage, EventStore } from './event-store.js';
import { GroupCommit } from './group-commit.js';
import { UserEventsCache } from './user-events-cache.js';
import type { EventInput, StoredEvent } from './wire.js';

/**
 * How many of a user's newest events the in-memory cache holds (the service's MAX_HISTORY_EVENTS);
 * a longer `recentUserEvents` read goes to the table.
 */
const CACHED_ROWS = 1000;

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a COMMIT returns only
 * after the WAL is fsync'd. Appends go through group commit: one transaction (one fsync) per group
 * of concurrent requests. `id` is UNIQUE (NULLs allowed), so a retried event is stored once.
 *
 * Reads of a user's first events (what every recommendation request asks) are answered from an
 * in-memory cache (UserEventsCache) while the user has no new events: this connection's own
 * appends drop the users they touch, and commits by any other connection to the same file (another
 * process, a retrain) are noticed through `PRAGMA data_version`, checked on every read, after which
 * the users of the new rows are dropped.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT UNIQUE,
  user_id    TEXT NOT NULL,
  item_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  value      REAL NOT NULL,
  ts         REAL NOT NULL,
  request_id TEXT,
  position   INTEGER
);
CREATE INDEX IF NOT EXISTS events_user ON events (user_id, seq);
CREATE INDEX IF NOT EXISTS events_request ON events (request_id) WHERE request_id IS NOT NULL;
`;

interface Row {
  seq: number;
  id: string | null;
  user_id: string;
  item_id: string;
  type: string;
  value: number;
  ts: number;
  request_id: string | null;
  position: number | null;
}

export function rowToEvent(r: Row): StoredEvent {
  const e: StoredEvent = { seq: Number(r.seq), user: r.user_id, item: r.item_id, type: r.type, value: Number(r.value), timestamp: Number(r.ts) };
  if (r.request_id !== null) e.requestId = r.request_id;
  if (r.position !== null) e.position = Number(r.position);
  if (r.id !== null) e.id = r.id;
  return e;
}

export class SqliteStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly group: GroupCommit<EventInput, AppendResult>;
  private readonly insert: Database.Statement;
  private readonly byUser: Database.Statement;
  private readonly recentOfUser: Database.Statement;
  private readonly itemsOfUser: Database.Statement;
  private readonly after: Database.Statement;
  private readonly dataVersion: Database.Statement;
  private readonly changedSince: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly cache = new UserEventsCache(CACHED_ROWS);
  /** data_version at the last check, and the seq up to which other connections' rows were looked at */
  private version: number;
  private syncedSeq: number;

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_SCHEMA);
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO events (id, user_id, item_id, type, value, ts, request_id, position)
       VALUES (@id, @user, @item, @type, @value, @timestamp, @requestId, @position)`,
    );
    this.byUser = this.db.prepare('SELECT * FROM events WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.recentOfUser = this.db.prepare('SELECT * FROM (SELECT * FROM events WHERE user_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq');
    this.itemsOfUser = this.db.prepare('SELECT DISTINCT item_id, type FROM events WHERE user_id = ?');
    this.after = this.db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.changedSince = this.db.prepare('SELECT user_id, max(seq) AS seq FROM events WHERE seq > ? GROUP BY user_id');
    this.maxSeq = this.db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck();
    this.syncedSeq = this.maxSeq.get() as number;
    this.version = this.dataVersion.get() as number;
    const write = this.db.transaction((batches: readonly (readonly EventInput[])[]) =>
      batches.map((events) => {
        let stored = 0;
        for (const e of events) {
          const now = Date.now();
          stored += this.insert.run({
            id: e.id ?? null,
            user: e.user,
            item: e.item,
            type: e.type,
            value: e.value ?? 1,
            timestamp: e.timestamp ?? now,
            requestId: e.requestId ?? null,
            position: e.position ?? null,
          }).changes;
        }
        return { stored, duplicates: events.length - stored };
      }),
    );
    this.group = new GroupCommit(async (batches) => {
      const results = write(batches);
      this.ownCommit(batches);
      return results;
    });
  }

  /**
   * After this connection's commit: its users may have new events. When no other connection has
   * committed since the last check (data_version unchanged, read after max(seq)), every row up to
   * max(seq) is this connection's own, so later checks need not look at them again.
   */
  private ownCommit(batches: readonly (readonly EventInput[])[]): void {
    for (const events of batches) for (const e of events) this.cache.drop(e.user);
    const top = this.maxSeq.get() as number;
    if (this.dataVersion.get() === this.version) this.syncedSeq = top;
  }

  /** Drops the cached users that other connections have added events for since the last check. */
  private sync(): void {
    const v = this.dataVersion.get() as number;
    if (v === this.version) return;
    this.version = v;
    for (const r of this.changedSince.iterate(this.syncedSeq) as Iterable<{ user_id: string; seq: number }>) {
      this.cache.drop(r.user_id);
      if (r.seq > this.syncedSeq) this.syncedSeq = r.seq;
    }
  }

  append(events: readonly EventInput[]): Promise<AppendResult> {
    return this.group.submit(events);
  }

  async userEvents(user: string, { after = 0, limit }: { after?: number; limit: number }): Promise<EventPage> {
    const rows = this.byUser.all(user, after, limit + 1) as Row[];
    const events = rows.slice(0, limit).map(rowToEvent);
    return { events, next: rows.length > limit ? events[events.length - 1]!.seq : null };
  }

  async recentUserEvents(user: string, limit: number): Promise<StoredEvent[]> {
    if (limit > CACHED_ROWS) return (this.recentOfUser.all(user, limit) as Row[]).map(rowToEvent);
    this.sync();
    let recent = this.cache.get(user);
    if (recent === undefined) {
      recent = (this.recentOfUser.all(user, CACHED_ROWS) as Row[]).map(rowToEvent);
      this.cache.set(user, recent);
    }
    return recent.slice(Math.max(0, recent.length - limit));
  }

  async userItems(user: string, ignoreTypes: readonly string[]): Promise<string[]> {
    const out = new Set<string>();
    for (const r of this.itemsOfUser.all(user) as { item_id: string; type: string }[]) {
      if (!ignoreTypes.includes(r.type)) out.add(r.item_id);
    }
    return [...out];
  }

  async eventsAfter(after: number, limit: number): Promise<StoredEvent[]> {
    return (this.after.all(after, limit) as Row[]).map(rowToEvent);
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    await this.group.idle();
    this.db.close();
  }
}
