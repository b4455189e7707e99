// MO (a customer replying STOP) that arrives on a send run's transceiver bind: told apart from
// receipts, reassembled and decoded exactly as `listen` does (classify, MoReassembler, moRecord),
// so a send run shows it instead of dropping it. Receipts are left to the run.
import type { SmscAlphabet } from '../sms/plan.js';
import { classify, flaggedAsReceipt } from './incoming.js';
import { DEFAULT_LIMITS, MoReassembler, type MoMessage } from './reassembly.js';
import { moRecord, type MoRecord } from './record.js';

export interface MoInboxOptions {
  smscAlphabet: SmscAlphabet;
  /** A multi-part MO still missing parts after this long is reported as incomplete. */
  reassemblyTimeoutMs: number;
  onMo(rec: MoRecord): void;
  now?: () => number;
}

export class MoInbox {
  private readonly reassembler: MoReassembler;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: MoInboxOptions) {
    this.reassembler = new MoReassembler({ timeoutMs: opts.reassemblyTimeoutMs, ...DEFAULT_LIMITS });
    this.now = opts.now ?? Date.now;
  }

  /** Takes the deliver_sm when it is (a part of) an MO; false for a receipt, which the caller handles. */
  take(pdu: Readonly<Record<string, unknown>>): boolean {
    // Nearly every deliver_sm of a send run: not read twice (classify, then the run's receipts).
    if (flaggedAsReceipt(pdu)) return false;
    const incoming = classify(pdu, this.now());
    if (incoming.type !== 'mo') return false;
    if (!this.closed) this.report(this.reassembler.add(incoming.part));
    return true;
  }

  /** The run is over: what still waits for parts is reported as incomplete, never dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.report(this.reassembler.flush());
  }

  private report(messages: MoMessage[]): void {
    for (const m of messages) this.opts.onMo(moRecord(m, this.opts.smscAlphabet));
    this.armExpiry();
  }

  private armExpiry(): void {
    clearTimeout(this.timer);
    const at = this.reassembler.nextDeadline();
    if (at === undefined || this.closed) return;
    this.timer = setTimeout(() => this.report(this.reassembler.expire(this.now())), Math.max(0, at - this.now()) + 1);
    this.timer.unref(); // never what keeps a finished run alive
  }
}
