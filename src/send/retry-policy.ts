// What happens to one copy of a part that did not get through: retried later, resent, or given
// a final outcome. Pure: the run passes in what it knows and acts on the answer.
//
// Decisions, for the record:
// - A temporary command_status (system error, ...) is retried after a backoff, at most --retries
//   times: the SMSC answered, so the copy was not taken.
// - A throttle (ESME_RTHROTTLED, ESME_RMSGQFUL) says "not now", not "not this": it has its own
//   budget, MAX_THROTTLE_RETRIES answers per part, and does not spend --retries; the run waits a
//   short pause paced by the current rate (throttlePause) instead of the --retry-delay back-off.
//   Otherwise the first second against a low limit (before the rate adapts) spends every retry
//   and rejects messages the SMSC would take a moment later (issue 9.7).
// - A copy written and never answered (no submit_sm_resp within --response-timeout, or the link
//   dropped first) may be at the SMSC already. It is resent (a possible duplicate) unless
//   --at-most-once, up to MAX_UNANSWERED_COPIES copies in all, of which at most
//   MAX_TIMED_OUT_COPIES may time out; then it is reported unconfirmed. Timeouts get the smaller
//   bound: each one costs a full --response-timeout (30 s by default; three made one message
//   against a silent SMSC take 90 s), and an SMSC that ignored a copy on a live link rarely
//   answers the next. A copy cut off by a dropped link costs no wait, and its resend after the
//   reconnect is the case at-least-once exists for.
// - A copy never written (the link was gone) cannot be a duplicate and is resent once a bind is
//   up again, at most MAX_UNWRITTEN_COPIES times: a link that dies at every send is bounded too.
// - Every resend goes through the event loop (the run awaits a macrotask first): a failure
//   reported synchronously can never become a loop that starves timers, sockets and signals.
// - A copy that cannot even be encoded (the session refused it with a UsageError) is rejected:
//   no SMSC would take it either.
import { LinkClosedError, ResponseTimeoutError, SmscStatusError, UsageError } from '../errors.js';
import { backoffDelay } from '../smpp/backoff.js';
import { SubmitUnconfirmedError } from '../smpp/index.js';
import { statusInfo } from '../sms/status.js';

/** How a copy failed, as far as the run can tell. */
export type CopyFailure =
  | { kind: 'status'; temporary: boolean; throttle?: boolean } // answered with a non-zero command_status (throttle: ESME_RTHROTTLED or ESME_RMSGQFUL)
  | { kind: 'unanswered'; linkDropped: boolean } // written; no reply (timeout, or link dropped first)
  | { kind: 'not-written' } // never reached the wire
  | { kind: 'invalid' }; // refused before the wire: it cannot be encoded

export interface CopyHistory {
  attempts: number; // copies tried so far, this one included
  throttled?: number; // copies answered with a throttle, this one included if so
  unanswered: number; // copies written and never answered, this one included if so
  timedOut: number; // of those, copies that waited out --response-timeout
  unwritten: number; // copies that never reached the wire, this one included if so
}

export interface RetryRules {
  retries: number; // --retries
  atMostOnce: boolean; // --at-most-once
  stopping: boolean; // a signal or a closed output: nothing new goes out
}

export type CopyDecision =
  | { do: 'retry'; throttled?: true } // a temporary status: wait (backoff, or a throttle pause), then send again
  | { do: 'resend'; possibleDuplicate: boolean } // send again as soon as a bind is up
  | { do: 'reject' } // a permanent status, or temporary with retries exhausted
  | { do: 'unconfirmed'; why: 'at-most-once' | 'stopping' | 'copies' }
  | { do: 'unsent'; why: 'stopping' | 'copies' };

/** Throttle answers to one part before it is rejected (its own budget, not --retries). */
export const MAX_THROTTLE_RETRIES = 100;

/** Copies of one part written without any reply before it is reported unconfirmed. */
export const MAX_UNANSWERED_COPIES = 3;
/** Of those, copies that waited out --response-timeout. */
export const MAX_TIMED_OUT_COPIES = 2;
/** Copies of one part that never reached the wire before it is reported unsent. */
export const MAX_UNWRITTEN_COPIES = 10;

export function decideCopy(failure: CopyFailure, h: CopyHistory, rules: RetryRules): CopyDecision {
  switch (failure.kind) {
    case 'status':
      if (!failure.temporary || rules.stopping) return { do: 'reject' };
      if (failure.throttle) return (h.throttled ?? 1) <= MAX_THROTTLE_RETRIES ? { do: 'retry', throttled: true } : { do: 'reject' };
      // Copies refused by a throttle do not count against --retries.
      return h.attempts - (h.throttled ?? 0) <= rules.retries ? { do: 'retry' } : { do: 'reject' };
    case 'unanswered':
      if (rules.atMostOnce) return { do: 'unconfirmed', why: 'at-most-once' };
      if (rules.stopping) return { do: 'unconfirmed', why: 'stopping' };
      if (h.unanswered >= MAX_UNANSWERED_COPIES || h.timedOut >= MAX_TIMED_OUT_COPIES) return { do: 'unconfirmed', why: 'copies' };
      return { do: 'resend', possibleDuplicate: true };
    case 'not-written':
      if (rules.stopping) return { do: 'unsent', why: 'stopping' };
      if (h.unwritten >= MAX_UNWRITTEN_COPIES) return { do: 'unsent', why: 'copies' };
      return { do: 'resend', possibleDuplicate: false };
    case 'invalid':
      return { do: 'reject' };
  }
}

/** How a copy failed, from the error the session gave; undefined for errors that are not about the copy (bugs: rethrown). */
export function copyFailure(err: Error): CopyFailure | undefined {
  if (err instanceof SmscStatusError) {
    const throttle = err.status === 0x58 || err.status === 0x14; // ESME_RTHROTTLED, ESME_RMSGQFUL
    return { kind: 'status', temporary: statusInfo(err.status).temporary, ...(throttle ? { throttle } : {}) };
  }
  if (err instanceof SubmitUnconfirmedError) return { kind: 'unanswered', linkDropped: true };
  if (err instanceof ResponseTimeoutError) return { kind: 'unanswered', linkDropped: false };
  if (err instanceof LinkClosedError) return { kind: 'not-written' };
  if (err instanceof UsageError) return { kind: 'invalid' };
  return undefined;
}

/** Per part, how its copies failed so far: what decideCopy's history is counted from. */
export interface CopyLog {
  timeouts: number; // written, no reply within --response-timeout
  drops: number; // written, the link dropped before the reply
  unwritten: number; // never reached the wire
  throttled: number; // answered ESME_RTHROTTLED / ESME_RMSGQFUL (their own budget)
}

export function emptyCopyLog(): CopyLog {
  return { timeouts: 0, drops: 0, unwritten: 0, throttled: 0 };
}

/** Counts one failed copy into its part's log and returns the history decideCopy judges by. */
export function logCopy(log: CopyLog, failure: CopyFailure, attempts: number): CopyHistory {
  if (failure.kind === 'not-written') log.unwritten++;
  else if (failure.kind === 'status' && failure.throttle) log.throttled++;
  else if (failure.kind === 'unanswered') {
    if (failure.linkDropped) log.drops++;
    else log.timeouts++;
  }
  return { attempts, throttled: log.throttled, unanswered: log.timeouts + log.drops, timedOut: log.timeouts, unwritten: log.unwritten };
}

/** The wait before a retry: a throttle pause at the current rate, or the --retry-delay back-off. Pure. */
export function retryDelay(throttled: boolean, attempts: number, retryDelayMs: number, tps: number, random: () => number): number {
  return throttled ? throttlePause(tps, random) : backoffDelay(attempts - 1, retryDelayMs, 60_000, random);
}

/**
 * The pause before resending a throttled copy: two gaps at the current rate (the pacer then
 * spaces it like any other submit), between 20 ms and 1 s, with "equal jitter" so throttled
 * copies do not come back together. Unlimited (0, the rate not learnt yet): 100 ms. Pure.
 */
export function throttlePause(tps: number, random: () => number): number {
  const base = tps > 0 ? Math.min(1000, Math.max(20, 2000 / tps)) : 100;
  return Math.round(base / 2 + random() * (base / 2));
}

/** What the SMSC's silence looked like for one part: copies timed out, copies cut off by a drop. */
export interface Silence {
  timeouts: number;
  drops: number;
  responseTimeoutMs: number;
}

/** One line saying why a part is unconfirmed: how many copies, and how each went unanswered. */
export function unconfirmedReason(why: 'at-most-once' | 'stopping' | 'copies', s: Silence): string {
  const wait = `${s.responseTimeoutMs / 1000}s`;
  const how: string[] = [];
  if (s.timeouts > 0) how.push(s.timeouts === 1 ? `timed out after ${wait}, --response-timeout` : `${s.timeouts} timed out after ${wait} each, --response-timeout`);
  if (s.drops > 0) how.push(s.drops === 1 ? 'cut off by a dropped link' : `${s.drops} cut off by a dropped link`);
  const copies = s.timeouts + s.drops;
  const what = `no submit_sm_resp to ${copies === 1 ? 'the copy sent' : `any of ${copies} copies sent`} (${how.join('; ')})`;
  const after =
    why === 'at-most-once' ? 'not resent (--at-most-once)' : why === 'stopping' ? 'not resent: the run was stopping' : 'not resent again';
  return `${what}; ${after}; the SMSC may or may not have it`;
}
