import type { StoredEvent } from './wire.js';

/** Limits of a UserEventsCache (defaults in brackets). */
export interface UserEventsCacheOptions {
  /** Users kept [200,000]; the least recently read one goes first. */
  maxUsers?: number;
  /** Events kept over all users [2,000,000]. */
  maxEvents?: number;
}

/**
 * The newest `rowsPerUser` stored events of recently read users, oldest first, so that a request
 * does not read the store when nothing of that user changed since it was last read — most users
 * asking for recommendations have no events at all, and their empty list is cached too. The owner
 * (the SQLite store) drops a user's entry whenever that user may have new events; the cache itself
 * never goes to the store. Least recently read users are evicted beyond the limits. Entries are
 * shared: callers must not modify the arrays or events they get.
 */
export class UserEventsCache {
  private readonly entries = new Map<string, readonly StoredEvent[]>();
  private events = 0;
  private readonly maxUsers: number;
  private readonly maxEvents: number;

  /** @param rowsPerUser how many events an entry holds at most (a store query with this LIMIT) */
  constructor(
    readonly rowsPerUser: number,
    opts: UserEventsCacheOptions = {},
  ) {
    this.maxUsers = opts.maxUsers ?? 200_000;
    this.maxEvents = opts.maxEvents ?? 2_000_000;
    if (!(Number.isInteger(rowsPerUser) && rowsPerUser >= 1)) throw new Error(`user events cache: rowsPerUser must be an integer >= 1, got ${rowsPerUser}`);
    if (!(this.maxUsers >= 0 && this.maxEvents >= 0)) throw new Error(`user events cache: maxUsers and maxEvents must be >= 0, got ${this.maxUsers} and ${this.maxEvents}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The user's cached events (at most rowsPerUser, oldest first), or undefined when not cached. */
  get(user: string): readonly StoredEvent[] | undefined {
    const e = this.entries.get(user);
    if (e !== undefined) {
      // most recently read last: Map keeps insertion order
      this.entries.delete(user);
      this.entries.set(user, e);
    }
    return e;
  }

  /** Caches what the store returned for the user (its newest rowsPerUser events). */
  set(user: string, events: readonly StoredEvent[]): void {
    this.drop(user);
    if (events.length > this.maxEvents || this.maxUsers === 0) return;
    this.entries.set(user, events);
    this.events += events.length;
    for (const [u, e] of this.entries) {
      if (this.entries.size <= this.maxUsers && this.events <= this.maxEvents) break;
      this.entries.delete(u);
      this.events -= e.length;
    }
  }

  /** Forgets the user (they may have new events). */
  drop(user: string): void {
    const e = this.entries.get(user);
    if (e === undefined) return;
    this.entries.delete(user);
    this.events -= e.length;
  }

  clear(): void {
    this.entries.clear();
    this.events = 0;
  }
}
