/**
 * An open-addressing hash table from (user, item) pairs of dense indices to a slot number, with
 * slots handed out in order of first appearance — the aggregation of an event log into one value
 * per pair without an object or string per event. Linear probing, load ≤ 1/2, grows by doubling.
 */
export class PairTable {
  /** Slot of each table cell, −1 empty. */
  private cells: Int32Array;
  private mask: number;
  users: Int32Array;
  items: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.cells = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.users = new Int32Array(cap >> 1);
    this.items = new Int32Array(cap >> 1);
  }

  /** The slot of (u, i), added when new (check `size` before and after to tell). */
  slot(u: number, i: number): number {
    let h = hash(u, i) & this.mask;
    for (;;) {
      const s = this.cells[h]!;
      if (s < 0) break;
      if (this.users[s] === u && this.items[s] === i) return s;
      h = (h + 1) & this.mask;
    }
    if (this.size * 2 >= this.cells.length) {
      this.grow();
      return this.slot(u, i);
    }
    const s = this.size++;
    this.cells[h] = s;
    this.users[s] = u;
    this.items[s] = i;
    return s;
  }

  private grow(): void {
    const cap = this.cells.length * 2;
    this.cells = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    const users = new Int32Array(cap >> 1);
    const items = new Int32Array(cap >> 1);
    users.set(this.users.subarray(0, this.size));
    items.set(this.items.subarray(0, this.size));
    this.users = users;
    this.items = items;
    for (let s = 0; s < this.size; s++) {
      let h = hash(users[s]!, items[s]!) & this.mask;
      while (this.cells[h]! >= 0) h = (h + 1) & this.mask;
      this.cells[h] = s;
    }
  }
}

function hash(u: number, i: number): number {
  let h = Math.imul(u, 0x9e3779b1) ^ Math.imul(i + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
