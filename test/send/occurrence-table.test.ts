// The packed duplicate counter (src/send/occurrence-table.ts): equivalent to a Map of counts on
// random input, its collision policy (slot collisions probe on; a 64-bit key collision is a
// repeat), growth shard by shard, counts past the one-byte range, and what it costs per key.
import { describe, expect, it } from 'vitest';
import { Dedupe, messageHash } from '../../src/send/dedupe.js';
import { OccurrenceTable } from '../../src/send/occurrence-table.js';
import { seeded } from '../helpers/seeded.js';

/** The shared seeded generator (mulberry32) as whole 32-bit numbers: the same keys on every run. */
function random(seed: number): () => number {
  const next = seeded(seed);
  return () => next() * 4294967296;
}

describe('OccurrenceTable', () => {
  it('counts like a Map on random keys with repeats, through many rounds of growth', () => {
    const next = random(42);
    const table = new OccurrenceTable();
    const model = new Map<string, number>();
    const pool: [number, number][] = [];
    const wrong: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      // One key in four is a repeat of an earlier one.
      const key: [number, number] = pool.length > 0 && next() % 4 === 0 ? pool[next() % pool.length]! : [next(), next()];
      pool.push(key);
      const name = `${key[0]}:${key[1]}`;
      const n = (model.get(name) ?? 0) + 1;
      if (table.get(key[0], key[1]) !== n - 1) wrong.push(`get ${name} before add ${i}`);
      model.set(name, n);
      if (table.add(key[0], key[1]) !== n) wrong.push(`add ${name} at ${i}`);
    }
    expect(wrong).toEqual([]);
    expect(model.size).toBeGreaterThan(40_000); // the shards grew many times over
    expect(table.size).toBe(model.size);
    for (const [name, n] of model) {
      const [hi, lo] = name.split(':').map(Number) as [number, number];
      expect(table.get(hi, lo)).toBe(n);
    }
    expect(table.get(1, 2) + table.get(0, 0) + table.get(0xffffffff, 0xffffffff)).toBe(model.get('1:2') ?? 0);
  });

  it('slot collisions: keys with one home slot and one shard all stay apart (linear probing, wrapping)', () => {
    const table = new OccurrenceTable();
    // Same hi (same shard), lo differing only in bits below the home-slot bits: one home slot,
    // and the top one so probing wraps around the end of the shard. Enough of them to grow it.
    const keys = Array.from({ length: 100 }, (_, i) => [0x12345678, 0xffffff00 + i] as const);
    keys.forEach(([hi, lo], i) => {
      expect(table.add(hi, lo)).toBe(1);
      expect(table.size).toBe(i + 1);
    });
    keys.forEach(([hi, lo]) => expect(table.add(hi, lo)).toBe(2));
    expect(table.get(0x12345678, 0xfffffeff)).toBe(0);
  });

  it('key collisions: one 64-bit hash is one message, so the second is its repeat (the documented policy)', () => {
    const d = new Dedupe();
    const a = messageHash('+447700900123', '', 'hello');
    const sameHash = { ...a, hex: 'the text differs but the hash does not' };
    expect(d.see(a)).toBe(1);
    expect(d.peek(sameHash)).toBe(2);
    // Neighbours of that hash are other messages.
    expect(d.peek({ ...a, lo: (a.lo ^ 1) >>> 0 })).toBe(1);
    expect(d.peek({ ...a, hi: (a.hi ^ 0x80000000) >>> 0 })).toBe(1);
  });

  it('counts past 254 (the one-byte range) carry on exactly', () => {
    const table = new OccurrenceTable();
    for (let n = 1; n <= 1000; n++) expect(table.add(7, 9)).toBe(n);
    expect(table.get(7, 9)).toBe(1000);
    expect(table.add(7, 10)).toBe(1);
    expect(table.size).toBe(2);
  });

  it('grows one shard at a time, by 1.25x, and stays within 12 bytes a key', () => {
    const next = random(7);
    const table = new OccurrenceTable();
    const empty = table.bytes;
    let largestStep = 0;
    let before = table.bytes;
    for (let i = 0; i < 100_000; i++) {
      table.add(next(), next());
      const now = table.bytes;
      largestStep = Math.max(largestStep, now - before);
      before = now;
    }
    expect(table.size).toBe(100_000);
    // 9 bytes a slot, at most 7/8 full after growing, at least 7/10 just after: 10.3-12.9 bytes
    // a key over a full cycle; 256 shards grow in turn, so the table as a whole stays near the middle.
    const perKey = (table.bytes - empty) / table.size;
    expect(perKey).toBeGreaterThan(9);
    expect(perKey).toBeLessThan(12.9);
    // No step copies the table: the largest single growth is one shard's.
    expect(largestStep).toBeLessThan(table.bytes / 100);
  });
});

describe('Dedupe on the table', () => {
  it('numbers occurrences per (recipient, sender, text)', () => {
    const d = new Dedupe();
    const a = messageHash('+447700900123', '', 'hi');
    const b = messageHash('+447700900124', '', 'hi');
    expect([d.peek(a), d.see(a), d.peek(a), d.see(a), d.see(b), d.see(a)]).toEqual([1, 1, 2, 2, 1, 3]);
    expect(d.size).toBe(2);
  });
});

describe('growing in place', () => {
  it('a shard past its reserved megabyte moves, keeping every key and count', () => {
    // All keys in shard 0 (top byte of hi 0): 150,000 of them need ~1.5 MB of slots.
    const table = new OccurrenceTable();
    for (let i = 0; i < 150_000; i++) table.add(i & 0xffff, Math.imul(i, 2654435761) >>> 0);
    table.add(7 & 0xffff, Math.imul(7, 2654435761) >>> 0); // a repeat
    expect(table.size).toBe(150_000);
    for (const i of [0, 7, 1234, 99_999, 149_999]) expect(table.get(i & 0xffff, Math.imul(i, 2654435761) >>> 0)).toBe(i === 7 ? 2 : 1);
    expect(table.get(1 << 24, 5)).toBe(0);
  });
});
