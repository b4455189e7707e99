// `smpp-send listen`: stay bound as a receiver (or transceiver), turn every deliver_sm into an
// `mo` or `receipt` record, until --count, --timeout or a signal. Reconnects like a send run
// (--reconnect-attempts, counted afresh after each successful bind). Never prints: records go to
// `deps.onRecord`, link changes to `deps.onLink`.
import type { Settings } from '../config/settings.js';
import { ConnectError, LinkClosedError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { RawPdu } from '../smpp/codec.js';
import type { SessionOptions, SmppSession } from '../smpp/session.js';
import { backoffDelay } from '../smpp/backoff.js';
import { classify } from './incoming.js';
import { DEFAULT_LIMITS, MoReassembler, type MoMessage } from './reassembly.js';
import { moRecord, receiptRecord, type ListenRecord } from './record.js';
import { ESME_RX_T_APPN, openReceiving, sessionOptions } from './session.js';

/** ESME_RX_T_APPN: "try again later"; the SMSC keeps the message while we are busy or stopping. */
export const BUSY = ESME_RX_T_APPN;

export type StopReason = 'count' | 'timeout' | 'signal' | 'link' | 'journal';

export interface ListenDeps {
  /**
   * Each record, in arrival order. A throw (a journal write failed) stops the listener with that
   * error, and the delivery being handled is refused, so the SMSC keeps it.
   */
  onRecord(rec: ListenRecord): void;
  onLink?(ev: { state: 'bound' | 'lost' | 'restored'; reason?: string }): void;
  /** True while the consumer cannot take more: deliveries are refused (kept by the SMSC) for now. */
  busy?(): boolean;
  /** Registers the callback the consumer calls once it can take more again (after busy()). */
  whenFree?(resume: () => void): void;
  signal?: AbortSignal;
  trace?: (line: string) => void;
  now?: () => number;
  random?: () => number;
}

export interface ListenResult {
  mo: number;
  receipts: number;
  incomplete: number;
  stoppedBy: StopReason;
  exitCode: number;
  fatal?: Error;
}

const RECONNECT_CAP_MS = 60_000;

export async function listen(s: Settings, deps: ListenDeps): Promise<ListenResult> {
  return new Listener(s, deps).run();
}

/** One listen run: the bound session, the reassembler, the counts, and the decision to stop. */
class Listener {
  private readonly now: () => number;
  private readonly reassembler: MoReassembler;
  private readonly opts: SessionOptions;
  private readonly result: ListenResult = { mo: 0, receipts: 0, incomplete: 0, stoppedBy: 'signal', exitCode: EXIT.ok };
  private session: SmppSession | undefined;
  private stopping = false;
  private stopReason: StopReason | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** Settles with the first stop reason; a lost link and a reconnect's sleep race against it. */
  private readonly stopped: Promise<StopReason>;
  private settleStopped!: (why: StopReason) => void;

  constructor(
    private readonly s: Settings,
    private readonly deps: ListenDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.reassembler = new MoReassembler({ timeoutMs: s.reassemblyTimeoutMs, ...DEFAULT_LIMITS });
    this.stopped = new Promise<StopReason>((resolve) => (this.settleStopped = resolve));
    this.opts = sessionOptions(s, deps.trace);
  }

  async run(): Promise<ListenResult> {
    const { s, deps } = this;
    deps.whenFree?.(() => {
      if (!this.stopping) this.session?.refuseDeliveries(0);
    });
    const onAbort = () => this.stop('signal');
    if (deps.signal?.aborted) return { ...this.result, exitCode: EXIT.interrupted };
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutTimer = s.timeout !== undefined ? setTimeout(() => this.stop('timeout'), s.timeout) : undefined;
    try {
      await this.stayBound();
    } catch (err) {
      this.result.fatal = err as Error;
    } finally {
      deps.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timeoutTimer);
      clearTimeout(this.expiryTimer);
    }
    return this.finish();
  }

  private stop(why: StopReason): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stopReason = why;
    this.session?.refuseDeliveries(BUSY); // nothing taken after the decision to stop is lost
    this.settleStopped(why);
  }

  /** Bound until a stop reason; a lost link is reconnected (throws once attempts are spent). */
  private async stayBound(): Promise<void> {
    await this.open();
    this.deps.onLink?.({ state: 'bound' });
    for (;;) {
      const lost = new Promise<Error | undefined>((resolve) => this.session!.once('close', resolve));
      const outcome = await Promise.race([this.stopped, lost]);
      if (typeof outcome === 'string') break; // a stop reason
      const reason = outcome?.message ?? 'link closed';
      this.deps.onLink?.({ state: 'lost', reason });
      if (!(await this.reconnect(reason))) break;
    }
  }

  private async open(): Promise<SmppSession> {
    const next = await openReceiving(this.opts, this.onDeliver);
    this.session = next;
    if (this.stopping || this.deps.busy?.()) next.refuseDeliveries(BUSY);
    return next;
  }

  /** Reconnects with back-off; false when stopped meanwhile. Throws once attempts are spent. */
  private async reconnect(reason: string): Promise<boolean> {
    const { s, deps } = this;
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < s.reconnectAttempts; attempt++) {
      const delay = backoffDelay(attempt, s.reconnectDelayMs, RECONNECT_CAP_MS, deps.random ?? Math.random);
      let timer: NodeJS.Timeout | undefined;
      const slept = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), delay)));
      const why = await Promise.race([this.stopped, slept]);
      clearTimeout(timer);
      if (why !== undefined || this.stopping) return false;
      try {
        await this.open();
        deps.onLink?.({ state: 'restored' });
        return true;
      } catch (err) {
        lastError = err as Error;
      }
    }
    throw new ConnectError(
      `link lost (${reason}) and ${s.reconnectAttempts} reconnect attempt(s) failed${lastError ? `: ${lastError.message}` : ''}`,
      'check the SMSC; raise --reconnect-attempts to keep trying',
      { cause: lastError ?? new LinkClosedError(reason) },
    );
  }

  private readonly onDeliver = (pdu: RawPdu): void => {
    if (this.stopping || this.deps.busy?.()) {
      // Decided to stop, or the consumer is full: this one and those after stay with the SMSC
      // (busy: until whenFree). Checked on arrival, so the message just taken is acknowledged.
      this.session?.refuseDeliveries(BUSY);
      return;
    }
    const incoming = classify(pdu, this.now());
    if (incoming.type === 'receipt') this.emit(receiptRecord(incoming.value));
    else this.emitMessages(this.reassembler.add(incoming.part));
    // Taken (printed, journaled): acknowledged, unless its journal write failed.
    this.session?.refuseDeliveries(this.stopReason === 'journal' ? BUSY : 0);
  };

  private emit(rec: ListenRecord): void {
    const { result, s } = this;
    try {
      this.deps.onRecord(rec);
    } catch (err) {
      result.fatal ??= err as Error;
      this.stop('journal'); // refuses the delivery being handled too: the SMSC keeps it
      return;
    }
    if (rec.type === 'mo') {
      result.mo++;
      if (!rec.complete) result.incomplete++;
    } else result.receipts++;
    if (s.count !== undefined && result.mo + result.receipts >= s.count) this.stop('count');
  }

  private emitMessages(ms: MoMessage[]): void {
    for (const m of ms) this.emit(moRecord(m, this.s.smscAlphabet));
    this.armExpiry();
  }

  /** A timer for the oldest unfinished long message: its parts go out as incomplete when due. */
  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    const at = this.reassembler.nextDeadline();
    if (at === undefined || this.stopping) return;
    this.expiryTimer = setTimeout(
      () => this.emitMessages(this.reassembler.expire(this.now())),
      Math.max(0, at - this.now()) + 1,
    );
  }

  /** Unbinds and settles the result: exit code from the stop reason or the fatal error. */
  private async finish(): Promise<ListenResult> {
    const { result, s } = this;
    this.stopping = true;
    // What is still waiting for parts is printed as incomplete, never dropped.
    for (const m of this.reassembler.flush()) this.emit(moRecord(m, s.smscAlphabet));
    await this.session?.unbind();
    if (result.fatal) {
      result.stoppedBy = this.stopReason === 'journal' ? 'journal' : 'link';
      result.exitCode = (result.fatal as { exitCode?: number }).exitCode ?? EXIT.connection;
      return result;
    }
    result.stoppedBy = await this.stopped;
    result.exitCode = result.stoppedBy === 'signal' ? EXIT.interrupted
      : result.stoppedBy === 'timeout' && s.count !== undefined ? EXIT.countShort : EXIT.ok;
    return result;
  }
}
