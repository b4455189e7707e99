// One run: messages from the source, planned, paced, submitted over one or more binds with a
// window each, retried on temporary statuses, resent or marked unconfirmed when the link drops,
// receipts matched back, everything journalled. It reports through `emit` and returns a summary;
// it never prints and never exits. This file is the loop and the wiring; the parts:
//   intake.ts       source item -> message and parts (or skipped / duplicate / resumed)
//   bind-pool.ts    binds: connect, reconnect, a window slot on a live one
//   part-sender.ts  one part on the wire: journal before wire, submit, retry or resend
//   retry-policy.ts what happens to a copy that did not get through (pure)
//   ledger.ts       message and part states, counts, journal records, the summary
//   receipts.ts     receipts matched to parts, the --wait
//   exit-status.ts  the exit code, from the summary
import type { Settings } from '../config/settings.js';
import { SmppSendError } from '../errors.js';
import type { RawPdu } from '../smpp/codec.js';
import { MoInbox } from '../receive/mo-inbox.js';
import { BindPool, DeadBindError } from './bind-pool.js';
import { realClock, type RunClock } from './clock.js';
import type { RunEvent, RunSummary } from './events.js';
import { OUTPUT_CLOSED } from './exit-status.js';
import { Intake, openRunSource } from './intake.js';
import { Ledger, type Msg } from './ledger.js';
import { PartSender } from './part-sender.js';
import { MessagePlanner } from './message-planner.js';
import { registeredDeliveryFor, RunReceipts } from './receipts.js';
import { RunControl } from './run-control.js';
import { Sleeper } from './sleeper.js';
import { commonFields } from './submit-fields.js';
import { Throttle } from './throttle.js';

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

export async function runSend(settings: Settings, deps: RunDeps): Promise<RunSummary> {
  const run = new Runner(settings, deps);
  return run.execute();
}

class Runner {
  private readonly control: RunControl;
  private readonly clock: RunClock;
  private readonly registeredDelivery: number;
  private readonly throttle: Throttle;
  private readonly ledger: Ledger;
  private readonly receipts: RunReceipts;
  private readonly intake: Intake;
  private readonly pool: BindPool;
  private readonly sender: PartSender;
  /** MO on our transceiver binds: shown as `mo` events, as listen shows them (issue 11). */
  private readonly moInbox: MoInbox;
  private started: number;

  constructor(
    private readonly s: Settings,
    private readonly deps: RunDeps,
  ) {
    const clock = (this.clock = deps.clock ?? realClock);
    const random = deps.random ?? Math.random;
    const control = (this.control = new RunControl(deps.signal));
    this.started = clock.now();
    this.registeredDelivery = registeredDeliveryFor(s);
    // Also without --tps: ESME_RTHROTTLED then lowers the rate from the one observed.
    this.throttle = new Throttle({ tps: s.tps, clock });
    const planner = new MessagePlanner(s); // a command line that cannot be sent throws here (exit 2)
    const sleeper = new Sleeper(deps.signal, clock);
    this.ledger = new Ledger({
      emit: deps.emit, control, now: () => clock.now(),
      onAccepted: (msg, part, id) => this.receipts.expect(msg, part, id),
      onAnswered: (msg) => this.receipts.settled(msg),
    });
    this.receipts = new RunReceipts(this.ledger, { acceptd: s.acceptd, emit: deps.emit, trace: deps.trace, signal: deps.signal, clock });
    this.moInbox = new MoInbox({
      smscAlphabet: s.smscAlphabet, reassemblyTimeoutMs: s.reassemblyTimeoutMs,
      onMo: (mo) => this.ledger.moReceived(mo),
    });
    this.intake = new Intake(s, {
      planner, ledger: this.ledger, receipts: this.receipts, control, emit: deps.emit, random,
      receiptsExpected: this.registeredDelivery !== 0,
    });
    this.pool = new BindPool(s, { emit: deps.emit, trace: deps.trace, control, sleeper, random, onDeliver: this.onDeliver });
    const common = commonFields({
      serviceType: s.serviceType, source: planner.defaultSource, registeredDelivery: this.registeredDelivery,
      priority: s.priority, validity: s.validity, schedule: s.schedule, tlv: s.tlv,
    });
    this.sender = new PartSender(s, { ledger: this.ledger, pool: this.pool, throttle: this.throttle, control, sleeper, clock, random, common });
  }

  async execute(): Promise<RunSummary> {
    try {
      if (this.s.journal) {
        // Locked (one run per journal) and checked to be the same job; journal-open.ts.
        const { openJournal } = await import('../journal/journal-open.js');
        const opened = await openJournal({ ...this.s, journal: this.s.journal }, this.deps.argv ?? []);
        this.ledger.attachJournal(opened.writer);
        this.intake.resume = opened.resume;
      }
      await this.dispatch();
      await this.sender.drain();
      if (this.s.wait !== false && !this.control.fatal) await this.receipts.wait(this.s.wait, this.pool.whenAllDead());
    } catch (err) {
      if (!(err instanceof SmppSendError)) throw err;
      this.control.fail(err);
    } finally {
      this.control.closing = true;
      await this.pool.close();
      this.moInbox.close();
    }
    let summary = this.summary();
    if (this.ledger.journaling) {
      this.ledger.record({ ev: 'end', summary: { ...summary.counts, exitCode: summary.exitCode } });
      if (this.ledger.flush()) await this.ledger.closeJournal();
      else summary = this.summary(); // the end record did not fit: exit 11 tells it
    }
    return summary;
  }

  private readonly onDeliver = (pdu: RawPdu): void => {
    if (this.moInbox.take(pdu)) return; // a mobile-originated message (or a part of one)
    this.receipts.onDeliver(pdu);
  };

  /** Connects once the first item is known, then sends item by item. */
  private async dispatch(): Promise<void> {
    const control = this.control;
    const items = openRunSource(this.s, this.deps)[Symbol.asyncIterator]();
    try {
      // Whole-input problems (missing file, no recipient column, bad text on stdin) and a text
      // from the command line that cannot be sent stop the run here, before anything connects.
      let next = await items.next();
      let ready = next.done ? undefined : this.intake.take(next.value);
      if (next.done || control.fatal || control.stopping) return;
      await this.pool.connect();
      this.started = this.clock.now();
      for (;;) {
        if (ready && !this.sendNow(ready.msg, ready.parts) && !(await this.dispatchOne(ready.msg, ready.parts))) break;
        next = await items.next();
        // A lost link (unlike --strict's stop) reads on: the rest is reported unsent, below.
        if (next.done || control.stopping || control.inputStopped) break;
        ready = this.intake.take(next.value);
      }
    } finally {
      await items.return?.();
    }
  }

  /**
   * The common case without a single await: a one-part message, a bind up with a free window
   * slot, a token at hand. True when sent; false leaves it all to dispatchOne. (Each await here
   * is a promise per message, a few percent of a bulk run's CPU.)
   */
  private sendNow(msg: Msg, parts: number[]): boolean {
    if (parts.length !== 1 || this.control.fatal) return false;
    const bind = this.pool.nextReady();
    // Nothing below awaits, so the slot found free is still free after the token.
    if (!bind) return false;
    const ticket = this.throttle.tryTake();
    if (ticket === undefined) return false;
    if (!bind.tryAcquire()) {
      this.throttle.ended(ticket, 'unsent');
      return false;
    }
    this.pool.took(bind);
    this.ledger.messageTaken();
    this.sender.launch(msg, parts[0]!, bind, bind.session, ticket);
    return true;
  }

  /** Sends the parts of one message; false when the run must stop taking messages. */
  private async dispatchOne(msg: Msg, parts: number[]): Promise<boolean> {
    this.ledger.messageTaken();
    const fatal = this.control.fatal;
    if (fatal) {
      // The link is gone for good: report the rest of the input as unsent (journalled as
      // queued, so `report` lists it and a rerun sends it) rather than leave it out of the counts.
      this.ledger.unsent(msg, fatal.message);
      return true;
    }
    try {
      let bind = await this.pool.pick();
      for (const i of parts) {
        bind = await this.pool.acquireLive(bind);
        const session = bind.session; // the slot is on this one
        // The token last, just before the write: one taken while waiting for a slot let parts
        // bunch up whenever slots freed, which a minimum-gap SMSC refuses (issue 9.7).
        const ticket = await this.throttle.take();
        if (this.control.stopping) {
          session?.slots.release();
          this.throttle.ended(ticket, 'unsent');
          throw new DeadBindError('stopped');
        }
        this.sender.launch(msg, i, bind, session, ticket);
      }
    } catch (err) {
      if (!(err instanceof DeadBindError)) throw err;
      this.ledger.unsent(msg, err.message);
      if (this.control.stopping) return false;
    }
    return true;
  }

  private summary(): RunSummary {
    const waited = this.s.wait !== false;
    // Only failure receipts asked for and the whole wait sat out: silence means no failure.
    const silenceIsFine = this.registeredDelivery === 2 && waited && !this.control.fatal && !this.control.stopping;
    const unmatched = this.receipts.tally(this.ledger.counts, silenceIsFine);
    return this.ledger.summary({
      elapsedMs: this.clock.now() - this.started,
      interrupted: this.control.stopping,
      waited,
      outputClosed: this.deps.signal?.reason === OUTPUT_CLOSED,
      unmatched,
    });
  }
}
