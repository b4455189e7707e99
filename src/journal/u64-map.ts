// A hash map from 64-bit keys (two uint32 halves) to uint32 values, on typed arrays: about
// 16 bytes per entry where a Map<string, number> costs 80 or more. Dedupe and resume keep one
// entry per message, and a million messages must stay well inside the memory budget.
// Keys are already hashes (64-bit hashes, see dedupe.ts), so the low half indexes the table directly.

const EMPTY = 0; // a slot whose value is 0 is free; values are stored +1

export class U64Map {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private val: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for (hi, lo), or undefined. */
  get(hi: number, lo: number): number | undefined {
    const slot = this.find(hi >>> 0, lo >>> 0);
    return this.val[slot] === EMPTY ? undefined : this.val[slot]! - 1;
  }

  /** Stores value (0 .. 2^32-2) under (hi, lo). */
  set(hi: number, lo: number, value: number): void {
    hi >>>= 0;
    lo >>>= 0;
    let slot = this.find(hi, lo);
    if (this.val[slot] === EMPTY) {
      // Keep the load under 3/4 so probes stay short.
      if ((this.count + 1) * 4 > (this.mask + 1) * 3) {
        this.grow();
        slot = this.find(hi, lo);
      }
      this.hi[slot] = hi;
      this.lo[slot] = lo;
      this.count++;
    }
    this.val[slot] = value + 1;
  }

  /** Linear probing: the slot holding (hi, lo), or the free slot where it would go. */
  private find(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      if (this.val[slot] === EMPTY || (this.lo[slot] === lo && this.hi[slot] === hi)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const cap = (this.mask + 1) * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < val.length; i++) {
      if (val[i] === EMPTY) continue;
      const slot = this.find(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.val[slot] = val[i]!;
    }
  }
}
