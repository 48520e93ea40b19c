import pg from 'pg';
import type { AppendResult, EventPage, EventStore } from './event-store.js';
import { GroupCommit } from './group-commit.js';
import { rowToEvent } from './sqlite-store.js';
import type { EventInput, StoredEvent } from './wire.js';

/**
 * The shared store: several service instances on one PostgreSQL database. Same table as SQLite;
 * a COMMIT is durable under PostgreSQL's default synchronous_commit = on. Group commit: one
 * multi-row INSERT … ON CONFLICT (id) DO NOTHING per group of concurrent requests.
 */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq        BIGSERIAL PRIMARY KEY,
  id         TEXT UNIQUE,
  user_id    TEXT NOT NULL,
  item_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  value      DOUBLE PRECISION NOT NULL,
  ts         DOUBLE PRECISION NOT NULL,
  request_id TEXT,
  position   INTEGER
);
CREATE INDEX IF NOT EXISTS events_user ON events (user_id, seq);
CREATE INDEX IF NOT EXISTS events_request ON events (request_id) WHERE request_id IS NOT NULL;
`;

const COLUMNS = 8;
/** PostgreSQL allows 65535 bind parameters per statement. */
const ROWS_PER_INSERT = Math.floor(65_000 / COLUMNS);

export class PostgresStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly group: GroupCommit<EventInput, AppendResult>;

  private constructor(private readonly pool: pg.Pool) {
    this.group = new GroupCommit((batches) => this.write(batches));
  }

  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    pool.on('error', () => {}); // an idle client losing its connection is reported by the next query
    // several instances may start at once: serialise the schema creation
    const c = await pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock(7253101)');
      await c.query(POSTGRES_SCHEMA);
      await c.query('SELECT pg_advisory_unlock(7253101)');
    } finally {
      c.release();
    }
    return new PostgresStore(pool);
  }

  append(events: readonly EventInput[]): Promise<AppendResult> {
    return this.group.submit(events);
  }

  private async write(batches: readonly (readonly EventInput[])[]): Promise<AppendResult[]> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const results: AppendResult[] = [];
      for (const events of batches) {
        let stored = 0;
        for (let s = 0; s < events.length; s += ROWS_PER_INSERT) {
          const part = events.slice(s, s + ROWS_PER_INSERT);
          const values: unknown[] = [];
          const rows = part.map((e, j) => {
            values.push(e.id ?? null, e.user, e.item, e.type, e.value ?? 1, e.timestamp ?? Date.now(), e.requestId ?? null, e.position ?? null);
            return `(${Array.from({ length: COLUMNS }, (_, a) => `$${j * COLUMNS + a + 1}`).join(',')})`;
          });
          const r = await c.query(
            `INSERT INTO events (id, user_id, item_id, type, value, ts, request_id, position) VALUES ${rows.join(',')} ON CONFLICT (id) DO NOTHING`,
            values,
          );
          stored += r.rowCount ?? 0;
        }
        results.push({ stored, duplicates: events.length - stored });
      }
      await c.query('COMMIT');
      return results;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async userEvents(user: string, { after = 0, limit }: { after?: number; limit: number }): Promise<EventPage> {
    const r = await this.pool.query('SELECT * FROM events WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [user, after, limit + 1]);
    const events = r.rows.slice(0, limit).map(rowToEvent);
    return { events, next: r.rows.length > limit ? events[events.length - 1]!.seq : null };
  }

  async recentUserEvents(user: string, limit: number): Promise<StoredEvent[]> {
    const r = await this.pool.query('SELECT * FROM (SELECT * FROM events WHERE user_id = $1 ORDER BY seq DESC LIMIT $2) AS recent ORDER BY seq', [user, limit]);
    return r.rows.map(rowToEvent);
  }

  async userItems(user: string, ignoreTypes: readonly string[]): Promise<string[]> {
    const r = await this.pool.query('SELECT DISTINCT item_id FROM events WHERE user_id = $1 AND NOT (type = ANY($2))', [user, ignoreTypes]);
    return r.rows.map((row: { item_id: string }) => row.item_id);
  }

  async eventsAfter(after: number, limit: number): Promise<StoredEvent[]> {
    const r = await this.pool.query('SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [after, limit]);
    return r.rows.map(rowToEvent);
  }

  async count(): Promise<number> {
    const r = await this.pool.query('SELECT count(*)::int AS n FROM events');
    return r.rows[0].n as number;
  }

  async close(): Promise<void> {
    await this.group.idle();
    await this.pool.end();
  }
}
