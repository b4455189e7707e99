// How many times each 64-bit message hash has been seen (duplicate detection, dedupe.ts): the
// one structure of a run that grows with the input, so it is packed. Per slot: the key as two
// uint32 words and a one-byte count, 9 bytes, where a Set of 16-character strings costs ~80.
//
// Decisions, for the record:
// - Keys are hashes already (cyrb53, dedupe.ts), so their bits are used as they come: the top
//   8 bits of `hi` pick one of 256 shards, the top bits of `lo` the home slot in the shard.
// - Slot collisions (two keys, one home slot): linear probing to the next free slot, wrapping
//   at the end of the shard; a shard holds at most 7/8 of its slots, so probes stay short.
// - Key collisions (two different messages, one 64-bit hash) cannot be told apart: the second
//   counts as a repeat of the first. Odds for n distinct messages about n²/2^65: 3e-8 for a
//   million, 3e-6 for ten million. Test: test/send/occurrence-table.test.ts.
// - A shard grows by 1.25x, not 2x, and alone: memory stays within ~1.3x of what the keys
//   need, and growing copies one shard (1/256 of the table), never the whole table at once.
//   It grows in place (Slab): no old arrays left for the garbage collector.
// - Counts above 254 continue in a Map, which only rows repeated that often ever reach.
// - A shard's arrays are made on its first key: until then it is the shared, always empty
//   NO_KEYS (a one-message send would otherwise make 512 arrays for nothing, ~0.5 ms).

const SHARDS = 256;
const MAX_LOAD = 7 / 8;
const FIRST_CAPACITY = 16;
const SATURATED = 255; // count byte: 0 free, 1..254 the count, 255 "see the overflow map"
const SLOT_BYTES = 9; // key (2 x uint32), then, after all keys, the count byte
/** Address space a shard (or the scratch) reserves to grow in place: ~100,000 keys a shard. */
const RESERVE_BYTES = 1 << 20;

/** ArrayBuffer with resize() (ES2024, in Node 20; the ES2023 lib does not declare it). */
type ResizableBuffer = ArrayBuffer & { resize(byteLength: number): void; readonly maxByteLength: number };
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;

/**
 * Memory that grows in place: its pages are committed as it grows and the old ones are never
 * left behind. Arrays replaced on every growth were garbage V8 frees only at a full collection,
 * which it starts for such (external) memory late, and the freed blocks stayed resident (malloc):
 * 10,000,000 rows peaked at 214 MB for a 114 MB table. Past its reservation it moves (rarely).
 */
class Slab {
  private buffer: ResizableBuffer;

  constructor(bytes: number) {
    this.buffer = new ResizableArrayBuffer(bytes, { maxByteLength: Math.max(bytes, RESERVE_BYTES) });
  }

  /** Key and count views over `capacity` slots, the buffer grown to them (its contents kept). */
  views(capacity: number): { keys: Uint32Array; counts: Uint8Array } {
    const bytes = capacity * SLOT_BYTES;
    if (bytes > this.buffer.maxByteLength) {
      const moved = new ResizableArrayBuffer(bytes, { maxByteLength: bytes * 4 });
      new Uint8Array(moved).set(new Uint8Array(this.buffer));
      this.buffer = moved;
    } else if (bytes > this.buffer.byteLength) this.buffer.resize(bytes);
    return { keys: new Uint32Array(this.buffer, 0, 2 * capacity), counts: new Uint8Array(this.buffer, 8 * capacity, capacity) };
  }
}

class Shard {
  keys: Uint32Array; // hi, lo per slot
  counts: Uint8Array;
  size = 0;
  private readonly slab: Slab;

  constructor(public capacity: number) {
    this.slab = new Slab(capacity * SLOT_BYTES);
    ({ keys: this.keys, counts: this.counts } = this.slab.views(capacity));
  }

  /** The slot holding (hi, lo), or the free slot where it would go. */
  find(hi: number, lo: number): number {
    // Home slot from the top bits of lo: floor(lo / 2^32 * capacity), exact in a double.
    let slot = Math.floor((lo / 4294967296) * this.capacity);
    for (;;) {
      if (this.counts[slot] === 0 || (this.keys[2 * slot + 1] === lo && this.keys[2 * slot] === hi)) return slot;
      slot = slot + 1 === this.capacity ? 0 : slot + 1;
    }
  }

  /** Grows to `capacity` slots in place; its keys wait in `scratch` meanwhile. */
  grow(capacity: number, scratch: Slab): void {
    const old = this.capacity;
    const saved = scratch.views(old);
    saved.keys.set(this.keys);
    saved.counts.set(this.counts);
    this.capacity = capacity;
    ({ keys: this.keys, counts: this.counts } = this.slab.views(capacity));
    this.keys.fill(0);
    this.counts.fill(0);
    for (let i = 0; i < old; i++) {
      if (saved.counts[i] === 0) continue;
      const hi = saved.keys[2 * i]!;
      const lo = saved.keys[2 * i + 1]!;
      const slot = this.find(hi, lo);
      this.keys[2 * slot] = hi;
      this.keys[2 * slot + 1] = lo;
      this.counts[slot] = saved.counts[i]!;
    }
  }
}

/** Every shard until its first key; never written to (add() replaces it first). */
const NO_KEYS = new Shard(FIRST_CAPACITY);

export class OccurrenceTable {
  private readonly shards: Shard[] = [];
  private readonly overflow = new Map<string, number>();
  private readonly scratch = new Slab(0);
  private count = 0;

  constructor() {
    for (let i = 0; i < SHARDS; i++) this.shards.push(NO_KEYS);
  }

  /** Distinct keys held. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the slots (for tests and the benchmark's memory note). */
  get bytes(): number {
    return this.shards.reduce((sum, s) => (s === NO_KEYS ? sum : sum + s.keys.byteLength + s.counts.byteLength), 0);
  }

  /** How many times (hi, lo) was added; 0 if never. */
  get(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    const shard = this.shards[hi >>> 24]!;
    const c = shard.counts[shard.find(hi, lo)]!;
    return c === SATURATED ? this.overflow.get(`${hi}:${lo}`)! : c;
  }

  /** Counts one more occurrence of (hi, lo); returns the new count, 1 the first time. */
  add(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    let shard = this.shards[hi >>> 24]!;
    if (shard === NO_KEYS) shard = this.shards[hi >>> 24] = new Shard(FIRST_CAPACITY);
    let slot = shard.find(hi, lo);
    const c = shard.counts[slot]!;
    if (c === 0) {
      if ((shard.size + 1) > shard.capacity * MAX_LOAD) {
        shard = this.grow(hi >>> 24);
        slot = shard.find(hi, lo);
      }
      shard.keys[2 * slot] = hi;
      shard.keys[2 * slot + 1] = lo;
      shard.counts[slot] = 1;
      shard.size++;
      this.count++;
      return 1;
    }
    if (c < SATURATED - 1) return (shard.counts[slot] = c + 1);
    const key = `${hi}:${lo}`;
    const n = (c === SATURATED ? this.overflow.get(key)! : c) + 1;
    shard.counts[slot] = SATURATED;
    this.overflow.set(key, n);
    return n;
  }

  private grow(index: number): Shard {
    const shard = this.shards[index]!;
    shard.grow(Math.ceil(shard.capacity * 1.25), this.scratch);
    return shard;
  }
}
