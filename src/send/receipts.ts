// The receipt side of a run: a deliver_sm that is a receipt is matched to the part it belongs to
// (tracker.ts reads the id in whatever form the SMSC wrote it) and booked in the ledger. The run
// waits here, after sending, for the last final receipt, the end of --wait, a stop, or every bind
// gone for good (nothing more can arrive then).
import type { RawPdu } from '../smpp/codec.js';
import { receiptFromPdu, type Receipt } from '../sms/receipt.js';
import type { Settings } from '../config/settings.js';
import type { RunClock } from './clock.js';
import type { PartResult, RunCounts, RunEvent } from './events.js';
import type { Ledger, Msg } from './ledger.js';
import { ReceiptTracker, type PartRef, type Untrackable } from './tracker.js';

export interface ReceiptDeps {
  acceptd: Settings['acceptd']; // is an ACCEPTD receipt final?
  emit: (event: RunEvent) => void;
  trace?: (line: string) => void;
  signal?: AbortSignal;
  clock: RunClock;
}

export class RunReceipts {
  private readonly tracker: ReceiptTracker<Msg>;
  /** Messages with an accepted part whose final receipt has not come. */
  private readonly awaiting = new Set<Msg>();
  /** Parts whose receipts cannot be attributed (empty or shared message_id): not waited for. */
  private readonly untracked = new WeakSet<PartResult>();
  private readonly unattributable = new Set<Msg>();
  private readonly warned = new Set<Untrackable>();
  private allIn?: () => void;

  constructor(
    private readonly ledger: Ledger,
    private readonly deps: ReceiptDeps,
  ) {
    this.tracker = new ReceiptTracker<Msg>({
      onUntrackable: (ref, id, why) => this.untrackable(ref, id, why),
      onUnmatched: (r) => deps.trace?.(unmatchedLine(r)),
    });
  }

  /** A part accepted now: its receipt is awaited (one that came before the reply is applied at once). */
  expect(msg: Msg, part: PartResult, messageId: string): void {
    if (!msg.receiptsExpected) return;
    const early = this.tracker.expect(messageId, msg, part.index);
    this.awaiting.add(msg);
    if (early) queueMicrotask(() => this.apply(msg, part, early));
  }

  /** A part accepted by an earlier run (journal): its receipt may still come (SMSCs hold them for a rebind). */
  expectEarlier(msg: Msg, part: number, messageId: string): void {
    this.tracker.expect(messageId, msg, part);
    this.awaiting.add(msg);
  }

  /** A deliver_sm that is not a mobile-originated message. */
  onDeliver(pdu: RawPdu): void {
    let receipt: Receipt | undefined;
    try {
      receipt = receiptFromPdu(pdu, { acceptd: this.deps.acceptd });
    } catch {
      receipt = undefined;
    }
    if (!receipt) return; // not a receipt: not ours to handle
    if (receipt.unparseable) {
      // No state at all: it proves nothing, and the real receipt may follow.
      this.deps.trace?.(`receipt for id ${JSON.stringify(receipt.messageId)} has no state (empty stat:, no message_state): ignored`);
      return;
    }
    const ref = this.tracker.match(receipt);
    if (!ref) return; // kept as an early receipt; counted as unmatched if never claimed
    this.apply(ref.message, ref.message.parts[ref.part]!, receipt);
  }

  private apply(msg: Msg, part: PartResult, receipt: Receipt): void {
    if (part.receipt?.final) return; // a duplicate receipt
    this.ledger.receipt(msg, part, receipt);
    if (receipt.final && part.messageId) this.tracker.forget(part.messageId);
    const latencyMs = msg.submittedAt ? part.receiptAt! - msg.submittedAt : undefined;
    this.deps.emit({ type: 'receipt', message: msg, part, receipt, ...(latencyMs !== undefined ? { latencyMs } : {}) });
    this.settled(msg);
  }

  /** Stops waiting for `msg` once none of its parts can still get a receipt worth waiting for. */
  settled(msg: Msg): void {
    const waiting =
      msg.receiptsExpected &&
      msg.state !== 'failed' &&
      msg.parts.some((p) => p.status === 'accepted' && !p.receipt?.final && !this.untracked.has(p));
    if (waiting) return;
    this.awaiting.delete(msg);
    if (this.awaiting.size === 0) this.allIn?.();
  }

  /** The SMSC gave this part an id no receipt can be credited by: warn once, stop waiting for it. */
  private untrackable({ message: msg, part }: PartRef<Msg>, id: string, why: Untrackable): void {
    const p = msg.parts[part]!;
    this.untracked.add(p);
    this.unattributable.add(msg);
    this.deps.trace?.(`message_id ${JSON.stringify(id)} for ${msg.to} part ${part + 1}: ${why === 'empty' ? 'empty' : 'also given to another message'}; its receipts cannot be matched`);
    if (!this.warned.has(why)) {
      this.warned.add(why);
      this.deps.emit({
        type: 'warning',
        message: why === 'empty'
          ? 'the SMSC answered a submit with an empty message_id: its receipt cannot be matched, so it is not waited for (--debug lists each)'
          : `the SMSC gave message_id ${JSON.stringify(id)} to more than one message: receipts for a shared id are credited to none of them, and not waited for (--debug lists each)`,
      });
    }
    this.settled(msg);
  }

  /** Waits (--wait) until every awaited receipt is in, `timeoutMs` passes, a stop, or `allBindsDead`. */
  async wait(timeoutMs: number, allBindsDead: Promise<void>): Promise<void> {
    const signal = this.deps.signal;
    if (this.awaiting.size === 0 || signal?.aborted) return;
    this.deps.emit({ type: 'waiting', pending: this.awaiting.size, timeoutMs });
    await new Promise<void>((resolve) => {
      const done = () => {
        cancelTimer();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const cancelTimer = this.deps.clock.timer(done, timeoutMs);
      this.allIn = done;
      signal?.addEventListener('abort', done, { once: true });
      void allBindsDead.then(done);
    });
  }

  /**
   * At the end: counts the accepted messages still without a final receipt (or, when only
   * failure receipts were asked for and the whole wait was sat out, with no failure reported)
   * and the receipts never matched. Returns the unmatched ones still held, for the summary.
   */
  tally(counts: RunCounts, silenceIsFine: boolean): Receipt[] {
    // Assigned, not added to: the summary may be taken twice (the journal's end record failed).
    counts.noFailureReported = 0;
    counts.receiptsPending = 0;
    for (const msg of new Set([...this.awaiting, ...this.unattributable])) {
      if (msg.state !== 'accepted') continue;
      if (silenceIsFine && !this.unattributable.has(msg)) counts.noFailureReported++;
      else counts.receiptsPending++;
    }
    for (const r of this.tracker.unmatched()) this.deps.trace?.(unmatchedLine(r));
    counts.unmatchedReceipts = this.tracker.unmatchedCount();
    return this.tracker.unmatched();
  }
}

function unmatchedLine(r: Receipt): string {
  return `unmatched receipt: id ${JSON.stringify(r.messageId)} state ${JSON.stringify(r.state)} (not an id this run sent)`;
}

/** registered_delivery for every submit: which receipts the SMSC is asked for (--receipt; by default when they are waited for or journalled). */
export function registeredDeliveryFor(s: Settings): number {
  switch (s.receipt) {
    case 'always':
      return 1;
    case 'failure':
      return 2;
    case 'never':
      return 0;
    default:
      return s.wait !== false || s.journal ? 1 : 0;
  }
}
