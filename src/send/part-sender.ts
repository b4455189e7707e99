// One part on the wire: its 'sending' record journalled before the PDU is written, the submit,
// and what follows a copy that did not get through (retry-policy.ts decides; this carries it
// out: retry after a pause, resend, or a final outcome in the ledger). Also counts the parts in
// flight, so the run can wait for the last answer (drain).
import type { Settings } from '../config/settings.js';
import { ResponseTimeoutError, SmscStatusError, SmppSendError } from '../errors.js';
import type { SmppSession } from '../smpp/index.js';
import { statusInfo } from '../sms/status.js';
import { DeadBindError, type Bind, type BindPool } from './bind-pool.js';
import type { RunClock } from './clock.js';
import type { PartResult } from './events.js';
import type { Ledger, Msg } from './ledger.js';
import {
  copyFailure, decideCopy, emptyCopyLog, logCopy, retryDelay, unconfirmedReason,
  type CopyDecision, type CopyFailure, type CopyLog,
} from './retry-policy.js';
import type { RunControl } from './run-control.js';
import { nextTurn, type Sleeper } from './sleeper.js';
import { submitFields } from './submit-fields.js';
import type { ArrivalOutcome, Throttle } from './throttle.js';

/** Why a part goes out again: a temporary status, a written submit never answered, or a submit never written. */
type Again = 'retry' | 'resend-unconfirmed' | 'resend';

/** After a failed copy: why and when the part goes out again. */
interface Next {
  why: Again;
  delayMs: number;
}

/** A copy that did not get through, and what is known of its part's earlier copies. */
interface FailedCopy {
  msg: Msg;
  part: PartResult;
  err: SmppSendError;
  failure: CopyFailure;
  log: CopyLog;
}

/** A part whose 'sending' record waits for the batch's journal write before it goes on the wire. */
interface Outgoing {
  msg: Msg;
  i: number;
  bind: Bind;
  session: SmppSession | undefined; // the session its window slot was taken on
  again: Again | undefined;
  ticket: number; // its pacing ticket (Throttle)
}

/** How long a stop (first signal) waits for replies to what is already on the wire. */
const STOP_GRACE_MS = 5_000;

export interface SenderDeps {
  ledger: Ledger;
  pool: BindPool;
  throttle: Throttle;
  control: RunControl;
  sleeper: Sleeper;
  clock: RunClock;
  random: () => number;
  /** The submit_sm fields every message shares (submit-fields.ts). */
  common: Record<string, unknown>;
}

export class PartSender {
  private active = 0; // parts launched and not yet settled
  private idle?: () => void;
  private outgoing: Outgoing[] = [];
  private flushScheduled = false;
  private readonly copies = new WeakMap<PartResult, CopyLog>();

  constructor(
    private readonly s: Settings,
    private readonly deps: SenderDeps,
  ) {}

  /**
   * Start sending part `i` of `msg` on `bind`, whose window slot is already taken on `session`,
   * with the pacing ticket just taken for it.
   */
  launch(msg: Msg, i: number, bind: Bind, session: SmppSession | undefined, ticket: number): void {
    this.active++;
    this.deps.ledger.rate.submitted();
    this.toWire(msg, i, bind, session, undefined, ticket);
  }

  /**
   * Journal before wire, the one place it is done: a part's 'sending' record reaches the OS
   * before its PDU reaches the wire, so a crash can never leave a sent part unrecorded. One
   * write per batch (the parts of one turn of the event loop), not per part.
   */
  private toWire(msg: Msg, i: number, bind: Bind, session: SmppSession | undefined, again: Again | undefined, ticket: number): void {
    const ledger = this.deps.ledger;
    if (!ledger.journaling && !ledger.journalFailed) {
      void this.submit(msg, i, bind, session, again, ticket);
      return;
    }
    ledger.sending(msg, i);
    this.outgoing.push({ msg, i, bind, session, again, ticket });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushOutgoing);
    }
  }

  private readonly flushOutgoing = (): void => {
    this.flushScheduled = false;
    const recorded = this.deps.ledger.flush();
    for (const o of this.outgoing.splice(0)) {
      if (recorded) void this.submit(o.msg, o.i, o.bind, o.session, o.again, o.ticket);
      else {
        // Its 'sending' record may not be on disk: it must not reach the wire.
        o.session?.slots.release();
        this.deps.throttle.ended(o.ticket, 'unsent');
        const why = this.deps.control.fatal?.message ?? 'journal write failed';
        if (o.again === 'resend-unconfirmed') this.deps.ledger.unconfirmed(o.msg, o.msg.parts[o.i]!, `not resent: ${why}`);
        else this.deps.ledger.unsent(o.msg, why);
        this.settle();
      }
    }
  };

  /** One copy of a part, its window slot held on `session`; `again` says why it is not the first. */
  private async submit(msg: Msg, i: number, bind: Bind, session: SmppSession | undefined, again: Again | undefined, ticket: number): Promise<void> {
    const part = msg.parts[i]!;
    const { throttle } = this.deps;
    if (!session || session.closed || session !== bind.session || bind.state !== 'up') {
      // The link its slot was taken on went before the write (the slot went with it): not a
      // copy, only a wait for a slot on the link restored, or another bind.
      session?.slots.release();
      throttle.ended(ticket, 'unsent');
      this.deps.ledger.notSent(msg, part);
      void this.again(msg, i, bind, { why: again ?? 'resend', delayMs: 0 });
      return;
    }
    const { plan, dest } = msg;
    if (!plan || !dest) throw new Error(`part ${i} of ${msg.key} sent after every part was answered`);
    part.attempts++;
    msg.submittedAt ??= this.deps.clock.now();
    let next: Next | undefined;
    try {
      const { messageId } = await session.submit(submitFields(this.deps.common, dest, plan.dataCoding, plan.parts[i]!, msg.sourceAddr), true);
      throttle.ended(ticket, 'answered');
      bind.budget.answered();
      throttle.onSuccess();
      this.deps.ledger.accepted(msg, part, messageId);
    } catch (err) {
      const failure = err instanceof SmppSendError ? copyFailure(err) : undefined;
      throttle.ended(ticket, arrival(failure));
      if (!failure) {
        this.settle();
        throw err;
      }
      next = this.failed(msg, part, bind, session, err as SmppSendError, failure);
    }
    if (next) void this.again(msg, i, bind, next);
    else this.settle();
  }

  /** A copy did not get through: decided by retry-policy.ts, carried out here. How the part goes out again, if it does. */
  private failed(msg: Msg, part: PartResult, bind: Bind, session: SmppSession, err: SmppSendError, failure: CopyFailure): Next | undefined {
    const { control, pool } = this.deps;
    if (failure.kind === 'status') bind.budget.answered();
    let log = this.copies.get(part);
    if (!log) this.copies.set(part, (log = emptyCopyLog()));
    const decision = decideCopy(failure, logCopy(log, failure, part.attempts), {
      retries: this.s.retries, atMostOnce: this.s.atMostOnce, stopping: control.stopping,
    });
    const next = this.carryOut(decision, { msg, part, err, failure, log });
    // A submit refused for want of a link while the bind still looks up: the socket is no
    // longer writable (or the session closed unseen). That is a lost link, not a reason to
    // send again at once.
    if (failure.kind === 'not-written') pool.linkLost(bind, session, err.message);
    // A whole window timed out in a row: the SMSC is not answering at all.
    // (Not while stopping: the link is still needed to unbind.)
    if (err instanceof ResponseTimeoutError && bind.budget.timedOut() && !control.stopping) {
      pool.linkLost(bind, session, `no submit_sm_resp to ${Math.max(2, this.s.window)} submits in a row within ${this.s.responseTimeoutMs / 1000}s (--response-timeout)`);
    }
    return next;
  }

  private carryOut(decision: CopyDecision, c: FailedCopy): Next | undefined {
    const { ledger, throttle } = this.deps;
    const { msg, part, err, log } = c;
    switch (decision.do) {
      case 'retry': {
        if (decision.throttled) throttle.onThrottled();
        const delayMs = retryDelay(decision.throttled === true, part.attempts, this.s.retryDelayMs, throttle.currentTps, this.deps.random);
        ledger.retrying(msg, part, delayMs, statusInfo((err as SmscStatusError).status).name);
        return { why: 'retry', delayMs };
      }
      case 'reject':
        ledger.rejected(msg, part, err instanceof SmscStatusError ? err.status : undefined, err.message);
        return undefined;
      case 'resend':
        if (!decision.possibleDuplicate) {
          ledger.notSent(msg, part);
          return { why: 'resend', delayMs: 0 };
        }
        ledger.resendingUnanswered(msg, part, err instanceof ResponseTimeoutError
          ? `no submit_sm_resp within ${this.s.responseTimeoutMs / 1000}s (--response-timeout), sending it again (possible duplicate)`
          : undefined);
        return { why: 'resend-unconfirmed', delayMs: 0 };
      case 'unconfirmed':
        ledger.unconfirmed(msg, part, unconfirmedReason(decision.why, { ...log, responseTimeoutMs: this.s.responseTimeoutMs }));
        return undefined;
      case 'unsent':
        if (c.failure.kind === 'not-written') ledger.notSent(msg, part);
        ledger.unsent(msg, decision.why === 'stopping' ? err.message : `${err.message} (${log.unwritten} tries, link never usable)`);
        return undefined;
    }
  }

  /** Retry (temporary status) or resend (no reply) a part on its bind, once it is usable. */
  private async again(msg: Msg, i: number, bind: Bind, next: Next): Promise<void> {
    const { control } = this.deps;
    let session: SmppSession | undefined;
    let ticket: number;
    try {
      // Always through the event loop: a failure reported synchronously must never turn into a
      // loop of microtasks that starves socket events, timers and signal handlers.
      if (next.delayMs > 0) await this.deps.sleeper.sleep(next.delayMs);
      else await nextTurn();
      if (control.stopping) throw new DeadBindError('stopped before the retry');
      bind = await this.deps.pool.acquireLive(bind);
      session = bind.session; // the slot is on this one
      ticket = await this.deps.throttle.take(); // last, just before the write (see dispatchOne)
      if (control.stopping) {
        session?.slots.release();
        this.deps.throttle.ended(ticket, 'unsent');
        throw new DeadBindError('stopped before the retry');
      }
    } catch (err) {
      if (!(err instanceof DeadBindError)) throw err;
      // A resend whose first copy got no reply stays unconfirmed; a retry was never accepted.
      const part = msg.parts[i]!;
      if (next.why === 'resend-unconfirmed') {
        const how = this.copies.get(part) ?? { ...emptyCopyLog(), drops: 1 };
        const reason = unconfirmedReason(control.stopping ? 'stopping' : 'copies', { ...how, responseTimeoutMs: this.s.responseTimeoutMs });
        this.deps.ledger.unconfirmed(msg, part, `${reason} (${err.message})`);
      } else this.deps.ledger.unsent(msg, err.message);
      this.settle();
      return;
    }
    this.toWire(msg, i, bind, session, next.why, ticket); // still counted in `active` since launch()
  }

  private settle(): void {
    this.active--;
    if (this.active === 0) this.idle?.();
  }

  /** Resolves once every part launched has its outcome; after a stop, at most STOP_GRACE_MS later. */
  drain(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    const { clock, control } = this.deps;
    return new Promise((resolve) => {
      let cancelGrace: (() => void) | undefined;
      const grace = () => {
        cancelGrace ??= clock.timer(resolve, STOP_GRACE_MS);
      };
      if (control.stopping) grace();
      else control.signal?.addEventListener('abort', grace, { once: true });
      this.idle = () => {
        cancelGrace?.();
        control.signal?.removeEventListener('abort', grace);
        resolve();
      };
    });
  }
}

/** What a failed copy says of when it reached the SMSC (Throttle.ended). */
function arrival(failure: CopyFailure | undefined): ArrivalOutcome {
  if (failure?.kind === 'status') return 'answered';
  return failure?.kind === 'unanswered' ? 'lost' : 'unsent';
}
