// The run's books: where each message and part stands, the counts, the journal records that
// make a rerun possible, and the summary at the end. Every state change of a message happens
// here, so the counts, the events and the journal always tell the same story. No I/O of its own
// beyond handing records to the journal writer.
import { SmppSendError } from '../errors.js';
import type { JournalEntry } from '../journal/records.js';
import type { JournalWriter } from '../journal/writer.js';
import type { Address } from '../sms/address.js';
import type { MessagePlan } from '../sms/plan.js';
import type { MoRecord } from '../receive/record.js';
import { receiptOutcome, type Receipt } from '../sms/receipt.js';
import { statusInfo } from '../sms/status.js';
import { emptyCounts, type MessageRecord, type PartResult, type RunCounts, type RunEvent, type RunSummary } from './events.js';
import { exitCodeFor } from './exit-status.js';
import { SubmitRate } from './rate.js';
import type { RunControl } from './run-control.js';
import type { SkippedRow } from './source.js';

/** A message of this run: its public record plus what sending it takes. */
export interface Msg extends MessageRecord {
  // What sending takes. Set to undefined (not deleted: same V8 shape) once every part is answered.
  dest: Address | undefined;
  sourceAddr?: Address;
  plan: MessagePlan | undefined;
  ref: number;
  answered: number; // parts with a final submit outcome
  finalReceipts: number;
  receiptsExpected: boolean;
  unconfirmedReason?: string; // the first unconfirmed part's story, for the 'unconfirmed' event
}

export interface LedgerDeps {
  emit: (event: RunEvent) => void;
  control: RunControl;
  now: () => number;
  /** A part was accepted, before its message is settled: the receipts side starts waiting. */
  onAccepted: (msg: Msg, part: PartResult, messageId: string) => void;
  /** A part got its final submit outcome (or a final receipt): the receipts side checks the message. */
  onAnswered: (msg: Msg) => void;
}

/** What the summary needs from outside the books. */
export interface SummaryFacts {
  elapsedMs: number;
  interrupted: boolean;
  waited: boolean;
  outputClosed: boolean;
  unmatched: Receipt[];
}

export class Ledger {
  readonly counts: RunCounts = emptyCounts();
  readonly byStatus: Record<string, number> = {};
  readonly byReceiptState: Record<string, number> = {};
  readonly rate: SubmitRate;
  private journal?: JournalWriter;
  private writeFailed = false; // a journal write failed: no more writes, exit 11

  constructor(private readonly deps: LedgerDeps) {
    this.rate = new SubmitRate(deps.now);
  }

  // ---- journal ------------------------------------------------------------------------------

  attachJournal(journal: JournalWriter): void {
    this.journal = journal;
  }

  get journaling(): boolean {
    return this.journal !== undefined;
  }

  /** A journal write failed: the writer is gone, and nothing may go on the wire unrecorded. */
  get journalFailed(): boolean {
    return this.writeFailed;
  }

  record(entry: JournalEntry): void {
    this.journal?.append(entry);
  }

  /**
   * Writes the buffered journal records; false when that failed (disk full, file too large).
   * Then the run stops in order (exit 11): nothing more is sent, what is in flight settles, the
   * binds unbind. The writer is dropped, so nothing writes to it again (its buffer went with
   * the failed write, and its exit hook finds nothing left to flush).
   */
  flush(): boolean {
    if (!this.journal) return !this.writeFailed;
    try {
      this.journal.flush();
      return true;
    } catch (err) {
      if (!(err instanceof SmppSendError)) throw err;
      this.journal = undefined;
      this.writeFailed = true;
      this.deps.control.fail(err);
      return false;
    }
  }

  async closeJournal(): Promise<void> {
    await this.journal?.close();
  }

  // ---- intake -------------------------------------------------------------------------------

  /** A message taken from the input to be sent (or reported unsent). */
  messageTaken(): void {
    this.counts.messages++;
  }

  /** A new message (not in the journal yet): its 'queued' record, so `report` and a rerun know it. */
  queued(msg: Msg): void {
    this.journal?.queued(msg.key, msg.to, msg.parts.length, msg.ref, msg.from, msg.line);
  }

  /** Part `i` is about to be submitted: its 'sending' record, written before the PDU (part-sender.ts). */
  sending(msg: Msg, i: number): void {
    this.journal?.part('sending', msg.key, i);
  }

  /** A row that cannot be sent; `announce` false when a fatal error tells the same row (--strict). */
  skippedRow(row: SkippedRow, announce: boolean): void {
    this.counts.skipped++;
    this.journal?.append({ ev: 'skipped', ...rowFields(row) });
    if (announce) this.deps.emit({ type: 'skipped', row });
  }

  /** A row repeating an earlier one (without --allow-duplicates): not sent. */
  duplicateRow(row: SkippedRow): void {
    this.counts.duplicates++;
    this.journal?.append({ ev: 'skipped', ...rowFields(row), dup: true });
    this.deps.emit({ type: 'duplicate', row });
  }

  /** Left unconfirmed by an earlier run and not resent (--at-most-once): still unconfirmed, not "already accepted". */
  leftUnconfirmed(msg: Msg): void {
    this.counts.messages++;
    msg.state = 'unconfirmed';
    this.counts.unconfirmed++;
    this.deps.emit({ type: 'unconfirmed', message: msg, reason: 'left unconfirmed by an earlier run; not resent (--at-most-once)' });
  }

  /** A mobile-originated message on one of our transceiver binds (issue 11). */
  moReceived(mo: MoRecord): void {
    this.counts.mo++;
    this.deps.emit({ type: 'mo', mo });
  }

  // ---- submit outcomes ----------------------------------------------------------------------

  /** A copy refused with a temporary status, sent again after `delayMs`. */
  retrying(msg: Msg, part: PartResult, delayMs: number, reason: string): void {
    this.counts.retries++;
    this.notSent(msg, part);
    this.deps.emit({ type: 'retrying', message: msg, part, delayMs, reason });
  }

  /** A copy written and never answered is sent again: the message may reach the phone twice. */
  resendingUnanswered(msg: Msg, part: PartResult, announce?: string): void {
    msg.possibleDuplicate = true;
    // Said at once: the next word on this message may be another --response-timeout away.
    if (announce) this.deps.emit({ type: 'retrying', message: msg, part, delayMs: 0, reason: announce });
  }

  accepted(msg: Msg, part: PartResult, messageId: string): void {
    part.status = 'accepted';
    part.messageId = messageId;
    this.counts.parts++;
    this.rate.accepted();
    this.journal?.accepted(msg.key, part.index, messageId);
    this.deps.onAccepted(msg, part, messageId);
    this.partAnswered(msg);
  }

  rejected(msg: Msg, part: PartResult, status: number | undefined, reason: string): void {
    part.status = 'rejected';
    if (status !== undefined) {
      part.commandStatus = status;
      part.statusName = statusInfo(status).name;
    }
    const name = part.statusName ?? 'invalid';
    this.byStatus[name] = (this.byStatus[name] ?? 0) + 1;
    this.journal?.append({ ev: 'rejected', key: msg.key, part: part.index, status: status ?? -1, name, reason });
    if (msg.state === 'pending') {
      msg.state = 'rejected';
      this.counts.rejected++;
      this.deps.emit({ type: 'rejected', message: msg, part, reason });
    }
    this.partAnswered(msg);
  }

  /**
   * The copy of a part whose 'sending' line was written did not get through: it never reached
   * the wire, or the SMSC refused it with a temporary status. A resume after a crash then sends
   * it again as a plain resend, not as a possible duplicate.
   */
  notSent(msg: Msg, part: PartResult): void {
    this.journal?.part('unsent', msg.key, part.index);
  }

  unconfirmed(msg: Msg, part: PartResult, reason: string): void {
    part.status = 'unconfirmed';
    msg.unconfirmedReason ??= reason;
    this.journal?.part('unconfirmed', msg.key, part.index);
    this.partAnswered(msg);
  }

  /** The message's parts not yet sent will not be: unsent (journalled as queued, so a rerun sends them). */
  unsent(msg: Msg, reason: string): void {
    for (const p of msg.parts) if (p.status === 'queued') p.status = 'unsent';
    if (msg.state === 'pending') {
      msg.state = 'unsent';
      this.counts.unsent++;
      this.deps.emit({ type: 'unsent', message: msg, reason });
    }
  }

  private partAnswered(msg: Msg): void {
    msg.answered++;
    if (msg.answered < msg.parts.length) return;
    msg.plan = msg.dest = undefined; // nothing more is sent: a waiting message keeps a fifth less
    if (msg.sourceAddr) msg.sourceAddr = undefined;
    if (msg.state !== 'pending') return this.deps.onAnswered(msg);
    if (msg.parts.some((p) => p.status === 'unconfirmed')) {
      msg.state = 'unconfirmed';
      this.counts.unconfirmed++;
      this.deps.emit({ type: 'unconfirmed', message: msg, reason: msg.unconfirmedReason ?? 'no submit_sm_resp; the SMSC may or may not have it' });
    } else {
      msg.state = 'accepted';
      this.counts.accepted++;
      if (msg.possibleDuplicate) this.counts.possibleDuplicates++;
      this.deps.emit({ type: 'accepted', message: msg });
    }
    this.deps.onAnswered(msg);
  }

  // ---- receipts -----------------------------------------------------------------------------

  /** A receipt matched to `part`: recorded, and a final one settles the message's outcome. */
  receipt(msg: Msg, part: PartResult, receipt: Receipt): void {
    part.receipt = receipt;
    part.receiptAt = this.deps.now();
    this.journal?.receipt(msg.key, part.index, receipt.messageId, receipt.state, receipt.err);
    if (!receipt.final) return;
    this.byReceiptState[receipt.state] = (this.byReceiptState[receipt.state] ?? 0) + 1;
    msg.finalReceipts++;
    if (receiptOutcome(receipt) === 'failed') {
      if (msg.state !== 'failed') {
        msg.state = 'failed';
        this.counts.failed++;
      }
    } else if (msg.finalReceipts === msg.parts.length && msg.state === 'accepted') {
      // Every part final, none failed: delivered, unless one was only ACCEPTD.
      const state = msg.parts.every((p) => p.receipt?.delivered) ? 'delivered' : 'acceptd';
      msg.state = state;
      this.counts[state]++;
    }
  }

  // ---- summary ------------------------------------------------------------------------------

  summary(facts: SummaryFacts): RunSummary {
    const { sendingMs, avgRate, peakRate } = this.rate.rates(); // see rate.ts
    const summary: RunSummary = {
      counts: this.counts,
      byStatus: this.byStatus,
      byReceiptState: this.byReceiptState,
      elapsedMs: facts.elapsedMs,
      sendingMs,
      avgRate,
      peakRate,
      interrupted: facts.interrupted,
      exitCode: 0,
    };
    if (facts.unmatched.length) summary.unmatchedSample = facts.unmatched.slice(0, 10).map((r) => ({ id: r.messageId, state: r.state }));
    const fatal = this.deps.control.fatal;
    if (fatal) {
      const { message, fix, exitCode, stack } = fatal;
      summary.fatal = { message: fix ? `${message}; ${fix}` : message, exitCode, ...(stack ? { stack } : {}) };
    }
    summary.exitCode = exitCodeFor(summary, { waited: facts.waited, outputClosed: facts.outputClosed });
    return summary;
  }
}

function rowFields(row: SkippedRow) {
  return {
    reason: row.reason,
    ...(row.line !== undefined ? { line: row.line } : {}),
    ...(row.to !== undefined ? { to: row.to } : {}),
    ...(row.key !== undefined ? { key: row.key } : {}),
  };
}
