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
