// `smpp-send listen`: stay bound as a receiver (or transceiver), turn every deliver_sm into an
// `mo` or `receipt` record, until --count, --timeout or a signal. Reconnects like a send run
// (--reconnect-attempts, counted afresh after each successful bind). Never prints: records go to
// `deps.onRecord`, link changes to `deps.onLink`.
import type { Settings } from '../config/settings.js';
import { ConnectError, LinkClosedError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { RawPdu } from '../smpp/codec.js';
import type { SmppSession } from '../smpp/session.js';
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
  const now = deps.now ?? Date.now;
  const reassembler = new MoReassembler({ timeoutMs: s.reassemblyTimeoutMs, ...DEFAULT_LIMITS });
  const result: ListenResult = { mo: 0, receipts: 0, incomplete: 0, stoppedBy: 'signal', exitCode: EXIT.ok };
  let session: SmppSession | undefined;
  let stopping = false;
  let stopReason: StopReason | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;

  let stop!: (why: StopReason) => void;
  const stopped = new Promise<StopReason>((resolve) => {
    stop = (why) => {
      if (stopping) return;
      stopping = true;
      stopReason = why;
      session?.refuseDeliveries(BUSY); // nothing taken after the decision to stop is lost
      resolve(why);
    };
  });

  const emit = (rec: ListenRecord) => {
    try {
      deps.onRecord(rec);
    } catch (err) {
      result.fatal ??= err as Error;
      stop('journal'); // refuses the delivery being handled too: the SMSC keeps it
      return;
    }
    if (rec.type === 'mo') {
      result.mo++;
      if (!rec.complete) result.incomplete++;
    } else result.receipts++;
    if (s.count !== undefined && result.mo + result.receipts >= s.count) stop('count');
  };
  const emitMessages = (ms: MoMessage[]) => {
    for (const m of ms) emit(moRecord(m, s.smscAlphabet));
    armExpiry();
  };
  const armExpiry = () => {
    clearTimeout(expiryTimer);
    const at = reassembler.nextDeadline();
    if (at === undefined || stopping) return;
    expiryTimer = setTimeout(() => emitMessages(reassembler.expire(now())), Math.max(0, at - now()) + 1);
  };

  const onDeliver = (pdu: RawPdu) => {
    if (stopping || deps.busy?.()) {
      // Decided to stop, or the consumer is full: this one and those after stay with the SMSC
      // (busy: until whenFree). Checked on arrival, so the message just taken is acknowledged.
      session?.refuseDeliveries(BUSY);
      return;
    }
    const incoming = classify(pdu, now());
    if (incoming.type === 'receipt') emit(receiptRecord(incoming.value));
    else emitMessages(reassembler.add(incoming.part));
    // Taken (printed, journaled): acknowledged, unless its journal write failed.
    session?.refuseDeliveries(stopReason === 'journal' ? BUSY : 0);
  };

  const opts = sessionOptions(s, deps.trace);
  const open = async () => {
    const next = await openReceiving(opts, onDeliver);
    session = next;
    if (stopping || deps.busy?.()) next.refuseDeliveries(BUSY);
    return next;
  };

  deps.whenFree?.(() => {
    if (!stopping) session?.refuseDeliveries(0);
  });

  const onAbort = () => stop('signal');
  if (deps.signal?.aborted) return { ...result, exitCode: EXIT.interrupted };
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  const timeoutTimer = s.timeout !== undefined ? setTimeout(() => stop('timeout'), s.timeout) : undefined;
  try {
    await open();
    deps.onLink?.({ state: 'bound' });
    for (;;) {
      const lost = new Promise<Error | undefined>((resolve) => session!.once('close', resolve));
      const outcome = await Promise.race([stopped, lost]);
      if (typeof outcome === 'string') break; // a stop reason
      const reason = outcome?.message ?? 'link closed';
      deps.onLink?.({ state: 'lost', reason });
      if (!(await reconnect(reason))) break;
    }
  } catch (err) {
    result.fatal = err as Error;
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    clearTimeout(timeoutTimer);
    clearTimeout(expiryTimer);
  }
  stopping = true;
  // What is still waiting for parts is printed as incomplete, never dropped.
  for (const m of reassembler.flush()) emit(moRecord(m, s.smscAlphabet));
  await session?.unbind();
  if (result.fatal) {
    result.stoppedBy = stopReason === 'journal' ? 'journal' : 'link';
    result.exitCode = (result.fatal as { exitCode?: number }).exitCode ?? EXIT.connection;
    return result;
  }
  result.stoppedBy = await stopped;
  result.exitCode = result.stoppedBy === 'signal' ? EXIT.interrupted
    : result.stoppedBy === 'timeout' && s.count !== undefined ? EXIT.countShort : EXIT.ok;
  return result;

  /** Reconnects with back-off; false when stopped meanwhile. Throws once attempts are spent. */
  async function reconnect(reason: string): Promise<boolean> {
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < s.reconnectAttempts; attempt++) {
      const delay = backoffDelay(attempt, s.reconnectDelayMs, RECONNECT_CAP_MS, deps.random ?? Math.random);
      let timer: NodeJS.Timeout | undefined;
      const slept = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), delay)));
      const why = await Promise.race([stopped, slept]);
      clearTimeout(timer);
      if (why !== undefined || stopping) return false;
      try {
        await open();
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
}
