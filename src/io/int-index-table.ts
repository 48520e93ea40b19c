/**
 * Dense indices for int32 keys in first-seen order, in typed arrays (open addressing, linear
 * probing) rather than a Map: the parallel reader looks up two ids per row, 25M rows a file, and a
 * Map of numbers costs several times more per lookup and per key.
 *
 *   t.add(42) → 0, t.add(-7) → 1, t.add(42) → 0; t.keys() → [42, -7]
 */
export class IntIndexTable {
  private slots: Int32Array; // index + 1 of the key in the slot, 0 for empty
  private order: Int32Array; // keys by index
  private mask: number;
  private shift: number; // 32 − log2(slots): the hash is the product's top bits (Fibonacci hashing)
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < 2 * capacity) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    this.order = new Int32Array(Math.max(16, capacity));
  }

  get size(): number {
    return this.count;
  }

  /** Index of `key` (an int32), adding it at the end when new. */
  add(key: number): number {
    const order = this.order;
    const slots = this.slots;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const at = slots[s]!;
      if (at === 0) break;
      if (order[at - 1] === key) return at - 1;
      s = (s + 1) & this.mask;
    }
    const index = this.count++;
    if (index === order.length) {
      const bigger = new Int32Array(order.length * 2);
      bigger.set(order);
      this.order = bigger;
    }
    this.order[index] = key;
    slots[s] = index + 1;
    if (2 * this.count > slots.length) this.rehash();
    return index;
  }

  /** The keys in index order. */
  keys(): Int32Array {
    return this.order.slice(0, this.count);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const shift = this.shift - 1;
    for (let index = 0; index < this.count; index++) {
      let s = Math.imul(this.order[index]!, 0x9e3779b1) >>> shift;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = index + 1;
    }
    this.slots = slots;
    this.mask = mask;
    this.shift = shift;
  }
}
