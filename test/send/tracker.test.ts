// The tracker's memory of finished ids: a resent copy of a final receipt is dropped, for the
// newest 10,000 finished ids; older ones are let go (oldest first) so a long run stays bounded.
import { describe, expect, it } from 'vitest';
import { ReceiptTracker } from '../../src/send/tracker.js';
import type { Receipt } from '../../src/sms/receipt.js';

const DONE_LIMIT = 10_000; // as in src/send/tracker.ts

function receipt(messageId: string): Receipt {
  return { messageId, state: 'DELIVRD', final: true, delivered: true };
}

/** Expects, matches and forgets ids 1..n, as a run does with each final receipt. */
function finish(tracker: ReceiptTracker<string>, n: number): void {
  for (let i = 1; i <= n; i++) {
    const id = String(i);
    tracker.expect(id, `m${i}`, 0);
    expect(tracker.match(receipt(id))).toMatchObject({ message: `m${i}`, part: 0 });
    tracker.forget(id);
  }
}

describe('ReceiptTracker: finished ids', () => {
  it('drops a copy of a final receipt instead of keeping it as unmatched', () => {
    const tracker = new ReceiptTracker<string>();
    finish(tracker, 3);
    expect(tracker.match(receipt('2'))).toBeUndefined();
    expect(tracker.unmatched()).toEqual([]);
  });

  it.each([
    // [ids finished, id whose copy arrives, copy kept as unmatched]
    [DONE_LIMIT, '1', false],
    [DONE_LIMIT + 1, '1', true], // the oldest was let go
    [DONE_LIMIT + 1, '2', false],
    [DONE_LIMIT + 2, '2', true],
    [DONE_LIMIT + 2, String(DONE_LIMIT + 2), false], // the newest stays
  ])('after %i finished ids, a copy for %s is unmatched: %s', (n, id, unmatched) => {
    const tracker = new ReceiptTracker<string>();
    finish(tracker, n);
    expect(tracker.match(receipt(id))).toBeUndefined();
    expect(tracker.unmatched().map((r) => r.messageId)).toEqual(unmatched ? [id] : []);
  });

  it('counts an id forgotten twice once', () => {
    const tracker = new ReceiptTracker<string>();
    tracker.expect('7', 'm7', 0);
    tracker.forget('7');
    tracker.forget('7'); // a second final receipt for the same part
    finish(tracker, DONE_LIMIT - 1); // ids 1..9999, 7 already known: 9,999 distinct in all
    expect(tracker.match(receipt('7'))).toBeUndefined();
    expect(tracker.unmatched()).toEqual([]);
  });
});

describe('ReceiptTracker: ids the SMSC gave badly (issue 8.13)', () => {
  type Call = [string, string, number, string];
  function tracker() {
    const calls: Call[] = [];
    const t = new ReceiptTracker<string>({
      onUntrackable: (ref, id, why) => calls.push([why, ref.message, ref.part, id]),
    });
    return { t, calls };
  }

  it('an empty message_id is never tracked, and a receipt without an id matches nothing', () => {
    const { t, calls } = tracker();
    expect(t.expect('  ', 'm1', 0)).toBeUndefined();
    expect(calls).toEqual([['empty', 'm1', 0, '  ']]);
    expect(t.match(receipt(''))).toBeUndefined();
    expect(t.unmatchedCount()).toBe(1);
  });

  it('one id given to two waiting parts: the receipt is credited to neither', () => {
    const { t, calls } = tracker();
    t.expect('42', 'm1', 0);
    t.expect('042', 'm2', 0); // the same id once normalised
    expect(calls).toEqual([['duplicate', 'm1', 0, '042'], ['duplicate', 'm2', 0, '042']]);
    expect(t.match(receipt('42'))).toBeUndefined();
    // Ours, so not "unmatched"; and no other reading of it (0x42 = 66) is tried either.
    t.expect('66', 'm3', 0);
    expect(t.match(receipt('42'))).toBeUndefined();
    expect(t.unmatchedCount()).toBe(0);
    // A third part with the same id joins them; others still match.
    t.expect('42', 'm4', 1);
    expect(calls.at(-1)).toEqual(['duplicate', 'm4', 1, '42']);
    expect(t.match(receipt('66'))).toMatchObject({ message: 'm3' });
  });

  it('the same id again for the same part (a resent copy) is not a conflict', () => {
    const { t, calls } = tracker();
    t.expect('7', 'm1', 0);
    t.expect('7', 'm1', 0);
    expect(calls).toEqual([]);
    expect(t.match(receipt('7'))).toMatchObject({ message: 'm1', part: 0 });
  });

  it('an id reused after the first one got its final receipt belongs to the new part', () => {
    const { t, calls } = tracker();
    t.expect('9', 'm1', 0);
    expect(t.match(receipt('9'))).toMatchObject({ message: 'm1' });
    t.forget('9');
    t.expect('9', 'm2', 0);
    expect(calls).toEqual([]);
    expect(t.match(receipt('9'))).toMatchObject({ message: 'm2' });
  });
});

describe('ReceiptTracker: unmatched receipts are all counted (issue 8.15)', () => {
  const EARLY_KEYS = 10_000; // the early cache's bound, in keys (as in src/send/tracker.ts)

  it('counts past the early cache, which stays bounded', () => {
    const gone: string[] = [];
    const t = new ReceiptTracker<string>({ onUnmatched: (r) => gone.push(r.messageId) });
    // UUID-like ids have one key each, so the cache holds EARLY_KEYS of them.
    const n = 25_000;
    for (let i = 0; i < n; i++) t.match(receipt(`stranger-${i}`));
    expect(t.unmatchedCount()).toBe(n);
    expect(t.unmatched().length).toBeLessThanOrEqual(EARLY_KEYS);
    expect(gone).toHaveLength(n - t.unmatched().length);
    expect(gone[0]).toBe('stranger-0'); // the oldest go first
  });

  it('an early receipt claimed later is not counted', () => {
    const t = new ReceiptTracker<string>();
    t.match(receipt('5'));
    expect(t.unmatchedCount()).toBe(1);
    expect(t.expect('5', 'm5', 0)).toMatchObject({ messageId: '5' });
    expect(t.unmatchedCount()).toBe(0);
  });
});
