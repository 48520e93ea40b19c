import { SqliteStore } from './sqlite-store.js';
import { PostgresStore } from './postgres-store.js';
import type { EventStore } from './event-store.js';
import { ServeError } from './serve-error.js';

/** `sqlite:./events.db` (or a bare path) → SQLite; `postgres://…` / `postgresql://…` → PostgreSQL. */
export async function openStore(spec: string): Promise<EventStore> {
  if (/^postgres(ql)?:\/\//.test(spec)) return PostgresStore.open(spec);
  const path = spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : spec;
  if (path === '') throw new ServeError('bad_request', `store: '${spec}' names no file; use sqlite:./alsrec-events.db or postgres://user@host/db`);
  return new SqliteStore(path);
}
