// One run: messages from the source, planned, paced, submitted over one or more binds with a
// window each, retried on temporary statuses, resent or marked unconfirmed when the link drops,
// receipts matched back, everything journalled. It reports through `emit` and returns a summary;
// it never prints and never exits.
import type { Settings } from '../config/settings.js';
import {
  BindError,
  ConnectError,
  LinkClosedError,
  ResponseTimeoutError,
  SmppSendError,
  SmscStatusError,
  UsageError,
} from '../errors.js';
import { openSession, type SmppSession } from '../smpp/index.js';
import type { RawPdu } from '../smpp/codec.js';
import type { Address } from '../sms/address.js';
import type { MessagePlan } from '../sms/plan.js';
import { receiptFromPdu, receiptOutcome, type Receipt } from '../sms/receipt.js';
import { ESME_RX_T_APPN, statusInfo } from '../sms/status.js';
import { BindSlot, DeadBindError } from './bind-slot.js';
import { emptyCounts, type MessageRecord, type PartResult, type RunCounts, type RunEvent, type RunSummary } from './events.js';
import type { ResumeState } from '../journal/resume-state.js';
import type { JournalWriter } from '../journal/writer.js';
import { openSource, type OutgoingMessage, type SkippedRow, type SourceItem } from './source.js';
import { commonFields, submitFields } from './submit-fields.js';
import { backoffDelay } from '../smpp/backoff.js';
import { realClock, type RunClock } from './clock.js';
import { Throttle } from './throttle.js';
import { ReceiptTracker, type PartRef, type Untrackable } from './tracker.js';
import { OUTPUT_CLOSED, exitCodeFor } from './exit-status.js';
import { sessionOptions } from '../config/session-options.js';
import { SubmitRate } from './rate.js';
import { MessagePlanner, skipReason } from './message-planner.js';
import { settleFromJournal } from './earlier-runs.js';
import { copyFailure, decideCopy, emptyCopyLog, logCopy, retryDelay, unconfirmedReason, type CopyLog } from './retry-policy.js';
import { nextTurn, Sleeper } from './sleeper.js';
import { MoInbox } from '../receive/mo-inbox.js';

export interface RunDeps {
  stdin: NodeJS.ReadableStream;
  emit: (event: RunEvent) => void;
  trace?: (line: string) => void;
  /** Aborted on the first SIGINT/SIGTERM: stop taking messages, finish briefly, unbind. */
  signal?: AbortSignal;
  argv?: string[];
  /** Time (clock.ts) and chance; real ones unless a test runs the run on virtual ones. */
  clock?: RunClock;
  random?: () => number;
}

interface Msg extends MessageRecord {
  dest: Address;
  sourceAddr?: Address;
  plan: MessagePlan;
  slot?: BindSlot;
  ref: number;
  answered: number; // parts with a final submit outcome
  finalReceipts: number;
  receiptsExpected: boolean;
  unconfirmedReason?: string; // the first unconfirmed part's story, for the 'unconfirmed' event
}

/** Why a part goes out again: a temporary status, a written submit never answered, or a submit never written. */
type Again = 'retry' | 'resend-unconfirmed' | 'resend';

const UNBIND_TIMEOUT_MS = 2_000;
/** How long a stop (first signal) waits for replies to what is already on the wire. */
const STOP_GRACE_MS = 5_000;

export async function runSend(settings: Settings, deps: RunDeps): Promise<RunSummary> {
  const run = new Runner(settings, deps);
  return run.execute();
}

class Runner {
  private readonly counts: RunCounts = emptyCounts();
  private readonly byStatus: Record<string, number> = {};
  private readonly byReceiptState: Record<string, number> = {};
  private readonly slots: BindSlot[] = [];
  private readonly tracker = new ReceiptTracker<Msg>({
    onUntrackable: (ref, id, why) => this.untrackable(ref, id, why),
    onUnmatched: (r) => this.deps.trace?.(unmatchedLine(r)),
  });
  private readonly awaitingReceipts = new Set<Msg>();
  /** Parts whose receipts cannot be attributed (empty or shared message_id): not waited for. */
  private readonly untracked = new WeakSet<PartResult>();
  private readonly unattributable = new Set<Msg>();
  private readonly warned = new Set<Untrackable>();
  private readonly throttle: Throttle;
  private readonly registeredDelivery: number;
  private readonly planner: MessagePlanner;
  private readonly common: Record<string, unknown>;
  private journal?: JournalWriter;
  private journalFailed?: SmppSendError; // a journal write failed: no more writes, exit 11
  private resume?: ResumeState;
  private readonly clock: RunClock;
  private readonly random: () => number;
  private ref: number;
  private active = 0;
  private idle?: () => void;
  private receiptsDone?: () => void;
  private fatal?: SmppSendError;
  private started: number;
  private readonly rate: SubmitRate;
  private pendingBatch: { msg: Msg; i: number; slot: BindSlot }[] = [];
  private batchScheduled = false;
  private nextSlot = 0;
  private closing = false;
  private readonly copies = new WeakMap<PartResult, CopyLog>();
  private readonly sleeper: Sleeper;
  /** MO on our transceiver binds: shown as `mo` events, as listen shows them (issue 11). */
  private readonly moInbox: MoInbox;

  constructor(
    private readonly s: Settings,
    private readonly deps: RunDeps,
  ) {
    this.clock = deps.clock ?? realClock;
    // Math.random by default, not node:crypto: that module alone costs ~10 ms of start-up.
    this.random = deps.random ?? Math.random;
    this.ref = Math.floor(this.random() * 0x10000);
    this.started = this.clock.now();
    this.rate = new SubmitRate(() => this.clock.now());
    this.registeredDelivery = registeredDeliveryFor(s);
    // Also without --tps: ESME_RTHROTTLED then lowers the rate from the one observed.
    this.throttle = new Throttle({ tps: s.tps, clock: this.clock });
    this.planner = new MessagePlanner(s);
    this.sleeper = new Sleeper(deps.signal, this.clock);
    this.moInbox = new MoInbox({
      smscAlphabet: s.smscAlphabet, reassemblyTimeoutMs: s.reassemblyTimeoutMs,
      onMo: (mo) => {
        this.counts.mo++;
        deps.emit({ type: 'mo', mo });
      },
    });
    // A stop must not wait for a window slot (up to --response-timeout): what waits is not sent.
    deps.signal?.addEventListener('abort', () => {
      for (const slot of this.slots) slot.cancelWaiters(new DeadBindError('stopped'));
    }, { once: true });
    this.common = commonFields({
      serviceType: s.serviceType, source: this.planner.defaultSource, registeredDelivery: this.registeredDelivery,
      priority: s.priority, validity: s.validity, schedule: s.schedule, tlv: s.tlv,
    });
  }

  /** --strict (or an unsendable command-line text) ended the input: read no further. */
  private get inputStopped(): boolean {
    return this.fatal instanceof UsageError;
  }

  private get stopping(): boolean {
    return this.deps.signal?.aborted === true;
  }

  async execute(): Promise<RunSummary> {
    try {
      if (this.s.journal) {
        // Locked (one run per journal) and checked to be the same job; journal-open.ts.
        const { openJournal } = await import('../journal/journal-open.js');
        ({ writer: this.journal, resume: this.resume } = await openJournal({ ...this.s, journal: this.s.journal }, this.deps.argv ?? []));
      }
      await this.dispatch();
      await this.drain();
      if (this.s.wait !== false && !this.fatal) await this.waitForReceipts(this.s.wait);
    } catch (err) {
      if (!(err instanceof SmppSendError)) throw err;
      this.fatal ??= err;
    } finally {
      this.closing = true;
      await Promise.all(this.slots.map((slot) => slot.session?.unbind(UNBIND_TIMEOUT_MS)));
      for (const slot of this.slots) slot.setState('dead');
      this.moInbox.close();
    }
    let summary = this.summary();
    if (this.journal) {
      this.journal.append({ ev: 'end', summary: { ...summary.counts, exitCode: summary.exitCode } });
      if (this.flushJournal()) await this.journal?.close();
      else summary = this.summary(); // the end record did not fit: exit 11 tells it
    }
    return summary;
  }

  // ---- connection -------------------------------------------------------------------------

  private async connectAll(): Promise<void> {
    for (let i = 0; i < Math.max(1, this.s.binds); i++) this.slots.push(new BindSlot(i, this.s.window, this.s.reconnectAttempts));
    // The first bind fails fast (a wrong password or port is not worth retrying); the others
    // are opened in parallel once the account is known to work.
    await this.open(this.slots[0]!, false);
    const extra = await Promise.allSettled(this.slots.slice(1).map((slot) => this.open(slot, false)));
    this.extraBindsRefused(extra);
  }

  /**
   * --binds N on an account that allows fewer sessions: the first bind worked, so a refusal of a
   * later one is a session limit, not a bad password. Go on with the binds that work, warn once.
   */
  private extraBindsRefused(results: PromiseSettledResult<void>[]): void {
    const refused: BindError[] = [];
    results.forEach((r, n) => {
      if (r.status === 'fulfilled') return;
      if (!(r.reason instanceof SmppSendError)) throw r.reason;
      const slot = this.slots[n + 1]!;
      slot.setState('dead', r.reason);
      if (r.reason instanceof BindError) refused.push(r.reason);
      else this.deps.emit({ type: 'warning', message: `bind ${slot.index + 1} of ${this.slots.length} failed: ${r.reason.message}; going on with the others` });
    });
    if (refused.length === 0) return;
    const up = this.slots.filter((s) => s.state === 'up').length;
    this.deps.emit({
      type: 'warning',
      message:
        `--binds ${this.slots.length}: the SMSC refused ${refused.length} of the extra binds (${refused[0]!.message.replace(/^bind /, '')}) ` +
        `after the first one succeeded, so the account most likely allows fewer sessions; going on with ${up}`,
    });
  }

  private async open(slot: BindSlot, reconnect: boolean): Promise<void> {
    const s = this.s;
    slot.setState('connecting');
    this.deps.emit({ type: 'connecting', bind: slot.index, host: s.host, port: s.port });
    const session = await openSession(sessionOptions(s, { window: s.window, trace: this.deps.trace }));
    if (this.closing) {
      // A reconnect that finished after the run ended: its journal may be closed, so nothing it
      // receives could be recorded. Refuse deliveries ("try again later": the SMSC keeps them).
      session.refuseDeliveries(ESME_RX_T_APPN);
      void session.unbind(UNBIND_TIMEOUT_MS);
      throw new LinkClosedError('the run ended while this bind was being restored');
    }
    session.on('deliver', (pdu: RawPdu) => this.onDeliver(pdu));
    session.on('close', (err?: Error) => this.onLinkLost(slot, session, err));
    if (session.closed) {
      // The SMSC wrote something fatal in the same read as the bind_resp (an unbind, a bad PDU):
      // the close was emitted before anyone listened. A link lost at bind, not a bound session.
      session.destroy();
      throw new LinkClosedError(
        `the link to ${s.host}:${s.port} closed right after the bind was accepted`,
        'the SMSC ended the session at once (run with --debug to see the PDUs)',
      );
    }
    slot.session = session;
    slot.setState('up');
    this.deps.emit({ type: 'bound', bind: slot.index, reconnect });
  }

  private onLinkLost(slot: BindSlot, session: SmppSession, err?: Error): void {
    // No error: our own unbind or destroy.
    if (!err) return;
    this.linkLost(slot, session, err.message);
  }

  /** The link of `slot` is gone (closed, or found unusable): reconnect, within the budget. */
  private linkLost(slot: BindSlot, session: SmppSession, reason: string): void {
    if (this.closing || slot.session !== session || slot.state !== 'up') return;
    slot.setState('down', new LinkClosedError(reason));
    this.deps.emit({ type: 'link-lost', bind: slot.index, reason });
    session.destroy();
    void this.reconnect(slot);
  }

  private async reconnect(slot: BindSlot): Promise<void> {
    // The budget counts attempts since the SMSC last answered a submit on this bind, so a server
    // that binds and then never answers cannot be reconnected to forever (link-budget.ts).
    while (slot.budget.take()) {
      if (this.stopping || this.fatal || this.closing) break;
      await this.sleeper.sleep(backoffDelay(slot.budget.taken - 1, this.s.reconnectDelayMs, 30_000, this.random));
      if (this.stopping || this.fatal || this.closing) break;
      try {
        await this.open(slot, true);
        return;
      } catch (err) {
        if (!(err instanceof SmppSendError)) throw err;
        slot.setState('down', err);
      }
    }
    slot.setState('dead');
    if (this.slots.every((s) => s.state === 'dead') && !this.fatal && !this.stopping) {
      const last = slot.lastError?.message ?? 'link lost';
      this.fatal = new ConnectError(
        `link to ${this.s.host}:${this.s.port} lost and not restored after ${this.s.reconnectAttempts} attempts since the SMSC last answered a submit (--reconnect-attempts): ${last}`,
        'check the SMSC; rerun with the same --journal to send what is left',
      );
    }
  }

  // ---- dispatch ---------------------------------------------------------------------------

  /** Connects once the first item is known, then sends item by item. */
  private async dispatch(): Promise<void> {
    const items = openSource({
      to: this.s.to, toFile: this.s.toFile, batch: this.s.batch, batchFormat: this.s.batchFormat,
      toColumn: this.s.toColumn, delimiter: this.s.delimiter, text: this.s.text, hex: this.s.hex,
      allowDuplicates: this.s.allowDuplicates, stdin: this.deps.stdin,
    })[Symbol.asyncIterator]();
    try {
      // Whole-input problems (missing file, no recipient column, bad text on stdin) and a text
      // from the command line that cannot be sent stop the run here, before anything connects.
      let next = await items.next();
      let ready = next.done ? undefined : this.intake(next.value);
      if (next.done || this.fatal || this.stopping) return;
      await this.connectAll();
      this.started = this.clock.now();
      for (;;) {
        if (ready && !this.sendNow(ready.msg, ready.parts) && !(await this.dispatchOne(ready.msg, ready.parts))) break;
        next = await items.next();
        // A lost link (unlike --strict's stop) reads on: the rest is reported unsent, below.
        if (next.done || this.stopping || this.inputStopped) break;
        ready = this.intake(next.value);
      }
    } finally {
      await items.return?.();
    }
  }

  /** A message ready to send with the parts still to send, or undefined (skipped, duplicate, resumed). */
  private intake(item: SourceItem): { msg: Msg; parts: number[] } | undefined {
    if (item.kind === 'skipped') {
      this.skip(item.row);
      return undefined;
    }
    if (item.kind === 'duplicate') {
      this.counts.duplicates++;
      this.journal?.append({ ev: 'skipped', ...rowFields(item.row), dup: true });
      this.deps.emit({ type: 'duplicate', row: item.row });
      return undefined;
    }
    const msg = this.prepare(item.message);
    if (!msg) return undefined;
    const parts = this.partsToSend(msg);
    return parts.length === 0 ? undefined : { msg, parts };
  }

  /**
   * The common case without a single await: a one-part message, a bind up with a free window
   * slot, a token at hand. True when sent; false leaves it all to dispatchOne. (Each await here
   * is a promise per message, a few percent of a bulk run's CPU.)
   */
  private sendNow(msg: Msg, parts: number[]): boolean {
    if (parts.length !== 1 || this.fatal) return false;
    const slot = this.slots[this.nextSlot];
    // Nothing below awaits, so the slot found available is still available after the token.
    if (!slot?.available || !this.throttle.tryTake() || !slot.tryAcquire()) return false;
    this.nextSlot = (slot.index + 1) % this.slots.length;
    this.counts.messages++;
    msg.slot = slot;
    this.launch(msg, parts[0]!, slot);
    return true;
  }

  /** Sends the parts of one message; false when the run must stop taking messages. */
  private async dispatchOne(msg: Msg, parts: number[]): Promise<boolean> {
    this.counts.messages++;
    if (this.fatal) {
      // The link is gone for good: report the rest of the input as unsent (journalled as
      // queued, so `report` lists it and a rerun sends it) rather than leave it out of the counts.
      this.markUnsent(msg, this.fatal.message);
      return true;
    }
    try {
      let slot = await this.pickSlot();
      for (const i of parts) {
        await this.throttle.take();
        slot = await this.acquireLive(slot);
        msg.slot = slot;
        this.launch(msg, i, slot);
      }
    } catch (err) {
      if (!(err instanceof DeadBindError)) throw err;
      this.markUnsent(msg, err.message);
      if (this.stopping) return false;
    }
    return true;
  }

  private skip(row: SkippedRow): void {
    if (row.source === 'flags') {
      // The text or number typed on the command line (or piped as --text -) cannot be sent:
      // a usage error, not a skipped row. Every --to shares the text, so none is sent.
      this.fatal ??= new UsageError(row.reason);
      return;
    }
    this.counts.skipped++;
    this.journal?.append({ ev: 'skipped', ...rowFields(row) });
    // Under --strict the fatal error below tells the same row: one line, not two.
    if (!this.s.strict || this.s.json) this.deps.emit({ type: 'skipped', row });
    if (this.s.strict) {
      const where = row.line ? `${row.source}:${row.line}` : row.source;
      this.fatal ??= new UsageError(
        `${where}: ${row.reason}`,
        'stopped there (--strict), later rows were not sent; fix the row, or drop --strict to skip bad rows',
      );
    }
  }

  private prepare(m: OutgoingMessage): Msg | undefined {
    try {
      // A resumed message keeps its concatenation reference, so resent parts still reassemble.
      const ref = this.resume?.get(m.key)?.ref ?? this.nextRef();
      const { dest, source: sourceAddr, plan } = this.planner.plan(m, ref);
      const msg: Msg = {
        key: m.key, to: m.to, source: m.source, encoding: plan.encoding, dataCoding: plan.dataCoding,
        parts: plan.parts.map((_, index) => ({ index, status: 'queued', attempts: 0 })),
        state: 'pending', possibleDuplicate: false, dest, plan, answered: 0, finalReceipts: 0,
        receiptsExpected: this.registeredDelivery !== 0,
        ...(m.from ? { from: m.from } : {}),
        ...(m.line ? { line: m.line } : {}),
        ...(sourceAddr && m.from ? { sourceAddr } : {}),
        ref,
      };
      return msg;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      this.skip({ source: m.source, reason: skipReason(err, m.source), to: m.to, key: m.key, ...(m.line !== undefined ? { line: m.line } : {}) });
      return undefined;
    }
  }

  private nextRef(): number {
    this.ref = (this.ref + 1) & 0xffff;
    return this.ref;
  }

  /** Parts still to send, given what the journal says an earlier run did. */
  private partsToSend(msg: Msg): number[] {
    const all = msg.parts.map((p) => p.index);
    const prior = this.resume?.get(msg.key);
    if (!prior) {
      this.journal?.append({
        ev: 'queued', key: msg.key, to: msg.to, parts: msg.parts.length,
        ref: msg.ref, ...(msg.from ? { from: msg.from } : {}), ...(msg.line ? { line: msg.line } : {}),
      });
      return all;
    }
    const todo: number[] = [];
    for (const p of msg.parts) {
      const was = prior.parts[p.index];
      if (was?.state === 'accepted' || was?.state === 'rejected') {
        p.status = was.state;
        if (was.id) p.messageId = was.id;
        msg.answered++;
        if (was.receipt === 'delivered' || was.receipt === 'failed' || was.receipt === 'acceptd') {
          const delivered = was.receipt === 'delivered';
          p.receipt = { messageId: was.id ?? '', state: was.receiptState ?? (delivered ? 'DELIVRD' : was.receipt === 'acceptd' ? 'ACCEPTD' : 'UNDELIV'), final: true, delivered };
          msg.finalReceipts++;
        } else if (was.state === 'accepted' && was.id && msg.receiptsExpected) {
          // Accepted by an earlier run: its receipt may still come (SMSCs hold them for a rebind).
          this.tracker.expect(was.id, msg, p.index);
          this.awaitingReceipts.add(msg);
        }
      } else if (was?.state === 'unconfirmed' && this.s.atMostOnce) {
        p.status = 'unconfirmed';
        msg.answered++;
      } else {
        if (was?.state === 'unconfirmed') msg.possibleDuplicate = true;
        todo.push(p.index);
      }
    }
    if (todo.length === 0) {
      const rejected = msg.parts.some((p) => p.status === 'rejected');
      if (!rejected && msg.parts.some((p) => p.status === 'unconfirmed')) {
        // Left unconfirmed by an earlier run and not resent (--at-most-once): still unconfirmed,
        // not "already accepted".
        this.counts.messages++;
        msg.state = 'unconfirmed';
        this.counts.unconfirmed++;
        this.deps.emit({ type: 'unconfirmed', message: msg, reason: 'left unconfirmed by an earlier run; not resent (--at-most-once)' });
        return todo;
      }
      // The job's outcome, not only this run's: earlier rejections and receipts count (earlier-runs.ts).
      this.deps.emit(settleFromJournal(msg, prior, { counts: this.counts, byStatus: this.byStatus, byReceiptState: this.byReceiptState }));
    }
    return todo;
  }

  /**
   * A window slot on `slot`, or on another live bind once that one is gone for good (parts of
   * one message may travel over different binds). Throws DeadBindError when no bind is left.
   */
  private async acquireLive(slot: BindSlot): Promise<BindSlot> {
    for (;;) {
      if (slot.state === 'dead') slot = await this.pickSlot();
      try {
        await slot.acquire();
        return slot;
      } catch (err) {
        if (!(err instanceof DeadBindError) || this.stopping) throw err;
      }
    }
  }

  private async pickSlot(): Promise<BindSlot> {
    for (;;) {
      const live = this.slots.filter((s) => s.state !== 'dead');
      if (live.length === 0 || this.fatal) throw new DeadBindError(this.fatal?.message ?? 'no live bind');
      for (let n = 0; n < this.slots.length; n++) {
        const slot = this.slots[(this.nextSlot + n) % this.slots.length]!;
        if (slot.state === 'up') {
          this.nextSlot = (slot.index + 1) % this.slots.length;
          return slot;
        }
      }
      await this.sleeper.sleep(50);
      if (this.stopping) throw new DeadBindError('stopped');
    }
  }

  // ---- one part on the wire ---------------------------------------------------------------

  /** Start sending part `i` of `msg` on `slot`, whose window slot is already taken. */
  private launch(msg: Msg, i: number, slot: BindSlot): void {
    this.active++;
    this.rate.submitted();
    if (this.journal) {
      this.journal.append({ ev: 'sending', key: msg.key, part: i });
      // The 'sending' record must reach the OS before the PDU reaches the wire, so a crash can
      // never leave a sent part unrecorded. One write per batch, not per part.
      this.pendingBatch.push({ msg, i, slot });
      if (!this.batchScheduled) {
        this.batchScheduled = true;
        setImmediate(() => this.flushBatch());
      }
    } else void this.submit(msg, i, slot);
  }

  private flushBatch(): void {
    this.batchScheduled = false;
    const recorded = this.flushJournal();
    for (const { msg, i, slot } of this.pendingBatch.splice(0)) {
      if (recorded) void this.submit(msg, i, slot);
      else {
        // Its 'sending' record may not be on disk: it must not reach the wire.
        slot.release();
        this.markUnsent(msg, this.fatal?.message ?? 'journal write failed');
        this.settle();
      }
    }
  }

  private async submit(msg: Msg, i: number, slot: BindSlot): Promise<void> {
    const part = msg.parts[i]!;
    const planned = msg.plan.parts[i]!;
    part.attempts++;
    msg.submittedAt ??= this.clock.now();
    let again: Again | undefined;
    let delayMs = 0;
    const session = slot.session;
    try {
      if (!session || slot.state !== 'up') throw new LinkClosedError('link down');
      const { messageId } = await session.submit(
        submitFields(this.common, msg.dest, msg.plan.dataCoding, planned, msg.sourceAddr),
      );
      slot.budget.answered();
      this.throttle.onSuccess();
      this.accepted(msg, part, messageId);
    } catch (err) {
      if (err instanceof UsageError) this.rejected(msg, part, undefined, err.message);
      else if (err instanceof SmppSendError) {
        const failure = copyFailure(err);
        if (!failure) {
          slot.release();
          this.settle();
          throw err;
        }
        if (failure.kind === 'status') slot.budget.answered();
        let how = this.copies.get(part);
        if (!how) this.copies.set(part, (how = emptyCopyLog()));
        const decision = decideCopy(failure, logCopy(how, failure, part.attempts), {
          retries: this.s.retries, atMostOnce: this.s.atMostOnce, stopping: this.stopping,
        });
        switch (decision.do) {
          case 'retry': {
            const status = (err as SmscStatusError).status;
            if (decision.throttled) this.throttle.onThrottled();
            delayMs = retryDelay(decision.throttled === true, part.attempts, this.s.retryDelayMs, this.throttle.currentTps, this.random);
            this.counts.retries++;
            this.notSent(msg, part);
            this.deps.emit({ type: 'retrying', message: msg, part, delayMs, reason: statusInfo(status).name });
            again = 'retry';
            break;
          }
          case 'reject':
            if (err instanceof SmscStatusError) this.rejected(msg, part, err.status, err.message);
            else this.rejected(msg, part, undefined, err.message);
            break;
          case 'resend':
            if (decision.possibleDuplicate) {
              msg.possibleDuplicate = true;
              again = 'resend-unconfirmed';
              // Say so now: the next word on this message may be another --response-timeout away.
              if (err instanceof ResponseTimeoutError) {
                this.deps.emit({ type: 'retrying', message: msg, part, delayMs: 0, reason: `no submit_sm_resp within ${this.s.responseTimeoutMs / 1000}s (--response-timeout), sending it again (possible duplicate)` });
              }
            } else {
              this.notSent(msg, part);
              again = 'resend';
            }
            break;
          case 'unconfirmed':
            this.unconfirmed(msg, part, unconfirmedReason(decision.why, { ...how, responseTimeoutMs: this.s.responseTimeoutMs }));
            break;
          case 'unsent':
            if (failure.kind === 'not-written') this.notSent(msg, part);
            this.markUnsent(msg, decision.why === 'stopping' ? err.message : `${err.message} (${how.unwritten} tries, link never usable)`);
            break;
        }
        // A submit refused for want of a link while the bind still looks up: the socket is no
        // longer writable (or the session closed unseen). That is a lost link, not a reason to
        // send again at once.
        if (failure.kind === 'not-written' && session) this.linkLost(slot, session, err.message);
        // A whole window timed out in a row: the SMSC is not answering at all.
        // (Not while stopping: the link is still needed to unbind.)
        if (err instanceof ResponseTimeoutError && session && slot.budget.timedOut() && !this.stopping) {
          this.linkLost(slot, session, `no submit_sm_resp to ${Math.max(2, this.s.window)} submits in a row within ${this.s.responseTimeoutMs / 1000}s (--response-timeout)`);
        }
      } else {
        slot.release();
        this.settle();
        throw err;
      }
    }
    slot.release();
    if (again) {
      void this.again(msg, i, slot, again, delayMs);
      return;
    }
    this.settle();
  }

  /** Retry (temporary status) or resend (no reply) a part on its bind, once it is usable. */
  private async again(msg: Msg, i: number, slot: BindSlot, why: Again, delayMs: number): Promise<void> {
    try {
      // Always through the event loop: a failure reported synchronously must never turn into a
      // loop of microtasks that starves socket events, timers and signal handlers.
      if (delayMs > 0) await this.sleeper.sleep(delayMs);
      else await nextTurn();
      if (this.stopping) throw new DeadBindError('stopped before the retry');
      await this.throttle.take();
      slot = await this.acquireLive(slot);
    } catch (err) {
      if (!(err instanceof DeadBindError)) throw err;
      // A resend whose first copy got no reply stays unconfirmed; a retry was never accepted.
      const part = msg.parts[i]!;
      if (why === 'resend-unconfirmed') {
        const how: CopyLog = this.copies.get(part) ?? { ...emptyCopyLog(), drops: 1 };
        this.unconfirmed(msg, part, `${unconfirmedReason(this.stopping ? 'stopping' : 'copies', { ...how, responseTimeoutMs: this.s.responseTimeoutMs })} (${err.message})`);
      } else this.markUnsent(msg, err.message);
      this.settle();
      return;
    }
    this.journal?.append({ ev: 'sending', key: msg.key, part: i });
    if (!this.flushJournal()) {
      slot.release();
      if (why === 'resend-unconfirmed') this.unconfirmed(msg, msg.parts[i]!, `not resent: ${this.fatal?.message ?? 'journal write failed'}`);
      else this.markUnsent(msg, this.fatal?.message ?? 'journal write failed');
      this.settle();
      return;
    }
    await this.submit(msg, i, slot); // still counted in `active` since launch()
  }

  /**
   * Writes the buffered journal records; false when that failed (disk full, file too large).
   * Then the run stops in order (exit 11): nothing more is sent, what is in flight settles, the
   * binds unbind. The writer is dropped, so nothing writes to it again (its buffer went with
   * the failed write, and its exit hook finds nothing left to flush).
   */
  private flushJournal(): boolean {
    if (!this.journal) return this.journalFailed === undefined;
    try {
      this.journal.flush();
      return true;
    } catch (err) {
      if (!(err instanceof SmppSendError)) throw err;
      this.journal = undefined;
      this.journalFailed = err;
      this.fatal ??= err;
      return false;
    }
  }

  private settle(): void {
    this.active--;
    if (this.active === 0) this.idle?.();
  }

  private drain(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const grace = this.stopping ? setTimeout(resolve, STOP_GRACE_MS) : undefined;
      this.idle = () => {
        if (grace) clearTimeout(grace);
        resolve();
      };
      this.deps.signal?.addEventListener('abort', () => setTimeout(resolve, STOP_GRACE_MS).unref(), { once: true });
    });
  }

  // ---- outcomes ---------------------------------------------------------------------------

  private accepted(msg: Msg, part: PartResult, messageId: string): void {
    part.status = 'accepted';
    part.messageId = messageId;
    this.counts.parts++;
    this.countRate();
    this.journal?.append({ ev: 'accepted', key: msg.key, part: part.index, id: messageId });
    if (msg.receiptsExpected) {
      const early = this.tracker.expect(messageId, msg, part.index);
      this.awaitingReceipts.add(msg);
      if (early) queueMicrotask(() => this.applyReceipt(msg, part, early));
    }
    this.partAnswered(msg);
  }

  private rejected(msg: Msg, part: PartResult, status: number | undefined, reason: string): void {
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
  private notSent(msg: Msg, part: PartResult): void {
    this.journal?.append({ ev: 'unsent', key: msg.key, part: part.index });
  }

  private unconfirmed(msg: Msg, part: PartResult, reason: string): void {
    part.status = 'unconfirmed';
    msg.unconfirmedReason ??= reason;
    this.journal?.append({ ev: 'unconfirmed', key: msg.key, part: part.index });
    this.partAnswered(msg);
  }

  private markUnsent(msg: Msg, reason: string): void {
    for (const p of msg.parts) if (p.status === 'queued') p.status = 'unsent';
    if (msg.state === 'pending') {
      msg.state = 'unsent';
      this.counts.unsent++;
      this.deps.emit({ type: 'unsent', message: msg, reason });
    }
  }

  private partAnswered(msg: Msg): void {
    msg.answered++;
    if (msg.answered < msg.parts.length || msg.state !== 'pending') {
      if (msg.answered >= msg.parts.length) this.maybeDoneWithReceipts(msg);
      return;
    }
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
    this.maybeDoneWithReceipts(msg);
  }

  private countRate(): void {
    this.rate.accepted();
  }

  // ---- receipts ---------------------------------------------------------------------------

  private onDeliver(pdu: RawPdu): void {
    if (this.moInbox.take(pdu)) return; // a mobile-originated message (or a part of one)
    let receipt: Receipt | undefined;
    try {
      receipt = receiptFromPdu(pdu, { acceptd: this.s.acceptd });
    } catch {
      receipt = undefined;
    }
    if (!receipt) return; // a mobile-originated message: not ours to handle
    if (receipt.unparseable) {
      // No state at all: it proves nothing, and the real receipt may follow.
      this.deps.trace?.(`receipt for id ${JSON.stringify(receipt.messageId)} has no state (empty stat:, no message_state): ignored`);
      return;
    }
    const ref = this.tracker.match(receipt);
    if (!ref) return; // kept as an early receipt; counted as unmatched if never claimed
    this.applyReceipt(ref.message, ref.message.parts[ref.part]!, receipt);
  }

  private applyReceipt(msg: Msg, part: PartResult, receipt: Receipt): void {
    if (part.receipt?.final) return; // a duplicate receipt
    part.receipt = receipt;
    part.receiptAt = this.clock.now();
    this.journal?.append({
      ev: 'receipt', key: msg.key, part: part.index, id: receipt.messageId,
      state: receipt.state, ...(receipt.err ? { err: receipt.err } : {}),
    });
    const latencyMs = msg.submittedAt ? part.receiptAt - msg.submittedAt : undefined;
    if (receipt.final) {
      this.byReceiptState[receipt.state] = (this.byReceiptState[receipt.state] ?? 0) + 1;
      if (part.messageId) this.tracker.forget(part.messageId);
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
    this.deps.emit({ type: 'receipt', message: msg, part, receipt, ...(latencyMs !== undefined ? { latencyMs } : {}) });
    this.maybeDoneWithReceipts(msg);
  }

  private maybeDoneWithReceipts(msg: Msg): void {
    const waiting =
      msg.receiptsExpected &&
      msg.state !== 'failed' &&
      msg.parts.some((p) => p.status === 'accepted' && !p.receipt?.final && !this.untracked.has(p));
    if (waiting) return;
    this.awaitingReceipts.delete(msg);
    if (this.awaitingReceipts.size === 0) this.receiptsDone?.();
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
    this.maybeDoneWithReceipts(msg);
  }

  private async waitForReceipts(timeoutMs: number): Promise<void> {
    if (this.awaitingReceipts.size === 0 || this.stopping) return;
    this.deps.emit({ type: 'waiting', pending: this.awaitingReceipts.size, timeoutMs });
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.deps.signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      // Every bind gone for good: nothing more can arrive.
      const poll = setInterval(() => {
        if (this.slots.every((s) => s.state === 'dead')) done();
      }, 250);
      this.receiptsDone = done;
      this.deps.signal?.addEventListener('abort', done, { once: true });
    });
  }

  // ---- summary ----------------------------------------------------------------------------

  private summary(): RunSummary {
    const c = this.counts;
    // Only failure receipts asked for and the whole wait sat out: silence means no failure.
    const silenceIsFine = this.registeredDelivery === 2 && this.s.wait !== false && !this.fatal && !this.stopping;
    for (const msg of new Set([...this.awaitingReceipts, ...this.unattributable])) {
      if (msg.state !== 'accepted') continue;
      if (silenceIsFine && !this.unattributable.has(msg)) c.noFailureReported++;
      else c.receiptsPending++;
    }
    for (const r of this.tracker.unmatched()) this.deps.trace?.(unmatchedLine(r));
    c.unmatchedReceipts = this.tracker.unmatchedCount();
    const elapsedMs = this.clock.now() - this.started;
    const { sendingMs, avgRate, peakRate } = this.rate.rates(); // see rate.ts
    const summary: RunSummary = {
      counts: c,
      byStatus: this.byStatus,
      byReceiptState: this.byReceiptState,
      elapsedMs,
      sendingMs,
      avgRate,
      peakRate,
      interrupted: this.stopping,
      exitCode: 0,
    };
    const unmatched = this.tracker.unmatched();
    if (unmatched.length) summary.unmatchedSample = unmatched.slice(0, 10).map((r) => ({ id: r.messageId, state: r.state }));
    if (this.fatal) {
      const { message, fix, exitCode, stack } = this.fatal;
      summary.fatal = { message: fix ? `${message}; ${fix}` : message, exitCode, ...(stack ? { stack } : {}) };
    }
    summary.exitCode = exitCodeFor(summary, {
      waited: this.s.wait !== false,
      outputClosed: this.deps.signal?.reason === OUTPUT_CLOSED,
    });
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

function unmatchedLine(r: Receipt): string {
  return `unmatched receipt: id ${JSON.stringify(r.messageId)} state ${JSON.stringify(r.state)} (not an id this run sent)`;
}

function registeredDeliveryFor(s: Settings): number {
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
