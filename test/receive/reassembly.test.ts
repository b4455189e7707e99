// Reassembly of concatenated MO: any order, interleaved senders, timeouts, bounded memory.
import { describe, expect, it } from 'vitest';
import type { MoPart } from '../../src/receive/incoming.js';
import { MoReassembler } from '../../src/receive/reassembly.js';

function part(from: string, ref: number, total: number, seq: number, text: string, at = 0): MoPart {
  return {
    from: { addr: from, ton: 1, npi: 1 }, to: { addr: '12345', ton: 3, npi: 0 }, dataCoding: 0, esmClass: 0x40,
    bytes: Buffer.from(text, 'latin1'), concat: { scheme: 'udh8', ref, total, seq }, receivedAt: at,
  };
}
const texts = (ms: { parts: (Buffer | undefined)[] }[]) => ms.map((m) => m.parts.map((p) => p?.toString('latin1') ?? '_').join(''));

describe('MoReassembler', () => {
  const limits = { timeoutMs: 1000, maxPending: 100, maxBytes: 1 << 20 };

  it('joins parts given in any order, interleaved between senders', () => {
    const r = new MoReassembler(limits);
    const out = [
      part('A', 1, 3, 3, 'c'), part('B', 1, 2, 2, 'y'), part('A', 1, 3, 1, 'a'), part('B', 1, 2, 1, 'x'), part('A', 1, 3, 2, 'b'),
    ].flatMap((p) => r.add(p));
    expect(texts(out)).toEqual(['xy', 'abc']);
    expect(out.every((m) => m.complete)).toBe(true);
    expect(r.pending).toBe(0);
    expect(r.heldBytes).toBe(0);
  });

  it('keeps two messages of one sender apart by their reference', () => {
    const r = new MoReassembler(limits);
    const out = [part('A', 1, 2, 1, 'a'), part('A', 2, 2, 1, 'x'), part('A', 2, 2, 2, 'y'), part('A', 1, 2, 2, 'b')].flatMap((p) => r.add(p));
    expect(texts(out)).toEqual(['xy', 'ab']);
  });

  it('a part seen twice replaces the first copy and is counted once', () => {
    const r = new MoReassembler(limits);
    expect(r.add(part('A', 1, 2, 1, 'old'))).toEqual([]);
    expect(r.add(part('A', 1, 2, 1, 'a'))).toEqual([]);
    expect(texts(r.add(part('A', 1, 2, 2, 'b')))).toEqual(['ab']);
  });

  it('lets an incomplete message go after the timeout, with what arrived', () => {
    const r = new MoReassembler(limits);
    r.add(part('A', 1, 3, 1, 'a', 0));
    r.add(part('A', 1, 3, 3, 'c', 500));
    expect(r.nextDeadline()).toBe(1000);
    expect(r.expire(999)).toEqual([]);
    const out = r.expire(1000);
    expect(texts(out)).toEqual(['a_c']);
    expect(out[0]!.complete).toBe(false);
    expect(r.pending).toBe(0);
  });

  it('stays bounded: the oldest open message leaves as incomplete past maxPending or maxBytes', () => {
    const r = new MoReassembler({ timeoutMs: 60_000, maxPending: 3, maxBytes: 1 << 20 });
    const out = Array.from({ length: 1000 }, (_, i) => r.add(part(`S${i}`, 1, 2, 1, 'x'))).flat();
    expect(out).toHaveLength(997);
    expect(out.every((m) => !m.complete)).toBe(true);
    expect(r.pending).toBe(3);

    const small = new MoReassembler({ timeoutMs: 60_000, maxPending: 1000, maxBytes: 10 });
    const evicted = [0, 1, 2].flatMap((i) => small.add(part(`S${i}`, 1, 2, 1, 'abcdef')));
    expect(evicted).toHaveLength(2);
    expect(small.heldBytes).toBeLessThanOrEqual(10);
  });

  it('flush gives back everything still open', () => {
    const r = new MoReassembler(limits);
    r.add(part('A', 1, 2, 2, 'b'));
    expect(texts(r.flush())).toEqual(['_b']);
    expect(r.pending).toBe(0);
  });

  it('a single message passes straight through', () => {
    const r = new MoReassembler(limits);
    const p = part('A', 0, 1, 1, 'hi');
    delete p.concat;
    expect(texts(r.add(p))).toEqual(['hi']);
  });
});
