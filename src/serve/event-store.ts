import type { EventInput, StoredEvent } from './wire.js';

/** What an append did: events newly stored, and events skipped because their `id` was already stored. */
export interface AppendResult {
  stored: number;
  duplicates: number;
}

/** One page of a user's events, oldest first; `next` is the cursor of the following page. */
export interface EventPage {
  events: StoredEvent[];
  next: number | null;
}

/**
 * Where feedback events live. Both back ends (SQLite embedded, PostgreSQL shared by several
 * instances) implement it; the service never talks SQL itself.
 *
 * `append` resolves only once the events are durable (fsync'd / committed): the HTTP layer answers
 * 2xx after it. Events with an `id` already stored are skipped (idempotent retries).
 */
export interface EventStore {
  readonly kind: 'sqlite' | 'postgres';
  append(events: readonly EventInput[]): Promise<AppendResult>;
  /** The user's events with seq > `after`, oldest first, at most `limit`. */
  userEvents(user: string, opts: { after?: number; limit: number }): Promise<EventPage>;
  /**
   * The user's newest `limit` events, oldest first: what a request folds in and excludes, so a
   * user with more events than the limit still sees their latest click change the next list.
   */
  recentUserEvents(user: string, limit: number): Promise<StoredEvent[]>;
  /** Items the user touched with any event type other than those in `ignoreTypes`. */
  userItems(user: string, ignoreTypes: readonly string[]): Promise<string[]>;
  /** All events with seq > `after`, oldest first, at most `limit` (retraining reads these). */
  eventsAfter(after: number, limit: number): Promise<StoredEvent[]>;
  count(): Promise<number>;
  close(): Promise<void>;
}
