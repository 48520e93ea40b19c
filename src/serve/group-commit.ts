/**
 * Group commit: callers hand in batches; batches arriving while a commit runs are queued and
 * written together by the next one, so N concurrent requests cost one fsync, not N. Each caller's
 * promise settles when the commit holding its batch is durable (or failed).
 */
export class GroupCommit<T, R> {
  private queue: { items: readonly T[]; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  /**
   * @param commit writes all the items in one transaction and returns one result per batch
   * @param maxItems a commit takes at most this many items (whole batches; one batch may exceed it)
   */
  constructor(
    private readonly commit: (batches: readonly (readonly T[])[]) => Promise<R[]>,
    private readonly maxItems = 10_000,
  ) {}

  submit(items: readonly T[]): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Resolves when nothing is queued or being written. */
  async idle(): Promise<void> {
    while (this.running || this.queue.length > 0) await new Promise((r) => setTimeout(r, 1));
  }

  private async drain(): Promise<void> {
    this.running = true;
    // let the requests already in the event loop's queue join this commit
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      let n = 0;
      let take = 0;
      while (take < this.queue.length && (take === 0 || n + this.queue[take]!.items.length <= this.maxItems)) {
        n += this.queue[take]!.items.length;
        take++;
      }
      const group = this.queue.splice(0, take);
      try {
        const results = await this.commit(group.map((g) => g.items));
        group.forEach((g, j) => g.resolve(results[j]!));
      } catch (e) {
        group.forEach((g) => g.reject(e));
      }
    }
    this.running = false;
  }
}
