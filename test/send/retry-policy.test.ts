// The pure resend policy (retry-policy.ts): what happens to a copy that did not get through.
import { describe, expect, it } from 'vitest';
import {
  copyFailure, decideCopy, emptyCopyLog, logCopy, MAX_THROTTLE_RETRIES, MAX_UNWRITTEN_COPIES, retryDelay, throttlePause,
  unconfirmedReason, type CopyFailure, type CopyHistory,
} from '../../src/send/retry-policy.js';
import { ConnectError, LinkClosedError, ResponseTimeoutError, SmscStatusError, TextError } from '../../src/errors.js';
import { SubmitUnconfirmedError } from '../../src/smpp/index.js';

const h = (o: Partial<CopyHistory> = {}): CopyHistory => ({ attempts: 1, unanswered: 0, timedOut: 0, unwritten: 0, ...o });
const rules = { retries: 3, atMostOnce: false, stopping: false };
const temporary: CopyFailure = { kind: 'status', temporary: true };
const throttle: CopyFailure = { kind: 'status', temporary: true, throttle: true };
const timeout: CopyFailure = { kind: 'unanswered', linkDropped: false };
const drop: CopyFailure = { kind: 'unanswered', linkDropped: true };
const unwritten: CopyFailure = { kind: 'not-written' };

describe('decideCopy', () => {
  it.each([
    ['temporary status, retries left', temporary, h({ attempts: 3 }), rules, { do: 'retry' }],
    ['temporary status, retries spent', temporary, h({ attempts: 4 }), rules, { do: 'reject' }],
    ['temporary status while stopping', temporary, h(), { ...rules, stopping: true }, { do: 'reject' }],
    ['permanent status', { kind: 'status', temporary: false }, h(), rules, { do: 'reject' }],
    // Throttles (issue 9.7): their own budget, --retries untouched.
    ['throttled, --retries long spent by throttles', throttle, h({ attempts: 10, throttled: 10 }), rules, { do: 'retry', throttled: true }],
    ['throttled with --retries 0', throttle, h({ throttled: 1 }), { ...rules, retries: 0 }, { do: 'retry', throttled: true }],
    ['throttled, its own budget spent', throttle, h({ attempts: MAX_THROTTLE_RETRIES + 1, throttled: MAX_THROTTLE_RETRIES + 1 }), rules, { do: 'reject' }],
    ['throttled while stopping', throttle, h({ throttled: 1 }), { ...rules, stopping: true }, { do: 'reject' }],
    ['temporary status after throttles: they did not spend --retries', temporary, h({ attempts: 12, throttled: 10 }), rules, { do: 'retry' }],
    ['temporary status after throttles, retries spent', temporary, h({ attempts: 14, throttled: 10 }), rules, { do: 'reject' }],
    ['first copy timed out', timeout, h({ unanswered: 1, timedOut: 1 }), rules, { do: 'resend', possibleDuplicate: true }],
    ['second copy timed out: two full timeouts are enough', timeout, h({ unanswered: 2, timedOut: 2 }), rules, { do: 'unconfirmed', why: 'copies' }],
    ['a timeout, then a drop: resent after the reconnect', drop, h({ unanswered: 2, timedOut: 1 }), rules, { do: 'resend', possibleDuplicate: true }],
    ['third unanswered copy (drops)', drop, h({ unanswered: 3 }), rules, { do: 'unconfirmed', why: 'copies' }],
    ['unanswered under --at-most-once', drop, h({ unanswered: 1 }), { ...rules, atMostOnce: true }, { do: 'unconfirmed', why: 'at-most-once' }],
    ['unanswered while stopping', timeout, h({ unanswered: 1, timedOut: 1 }), { ...rules, stopping: true }, { do: 'unconfirmed', why: 'stopping' }],
    ['never written: resend, no duplicate', unwritten, h({ unwritten: 1 }), rules, { do: 'resend', possibleDuplicate: false }],
    ['never written, bound reached', unwritten, h({ unwritten: MAX_UNWRITTEN_COPIES }), rules, { do: 'unsent', why: 'copies' }],
    ['never written while stopping', unwritten, h({ unwritten: 1 }), { ...rules, stopping: true }, { do: 'unsent', why: 'stopping' }],
  ] as const)('%s', (_, failure, history, r, expected) => {
    expect(decideCopy(failure, history, r)).toEqual(expected);
  });

  it('bounds every kind of failure: a copy failing forever ends within a few decisions', () => {
    for (const failure of [temporary, throttle, timeout, drop, unwritten]) {
      const hist = h({ attempts: 0 });
      let decisions = 0;
      for (;;) {
        hist.attempts++;
        if (failure.kind === 'unanswered') {
          hist.unanswered++;
          if (!failure.linkDropped) hist.timedOut++;
        }
        if (failure.kind === 'not-written') hist.unwritten++;
        if (failure.kind === 'status' && failure.throttle) hist.throttled = (hist.throttled ?? 0) + 1;
        decisions++;
        const d = decideCopy(failure, hist, rules);
        if (d.do !== 'retry' && d.do !== 'resend') break;
        expect(decisions).toBeLessThan(MAX_THROTTLE_RETRIES + 1);
      }
    }
  });
});

describe('throttlePause', () => {
  it.each([
    // tps, random, pause (ms): two gaps at the rate, 20 ms to 1 s, half of it jittered
    [0, 0, 50], [0, 1, 100],
    [50, 0, 20], [50, 1, 40],
    [500, 0, 10], [500, 1, 20],
    [5000, 1, 20],
    [1, 0, 500], [1, 1, 1000],
  ])('at %i/s with random %d: %i ms', (tps, random, ms) => {
    expect(throttlePause(tps, () => random)).toBe(ms);
  });
});

describe('unconfirmedReason', () => {
  it.each([
    ['copies', { timeouts: 2, drops: 0 }, 'no submit_sm_resp to any of 2 copies sent (2 timed out after 30s each, --response-timeout); not resent again; the SMSC may or may not have it'],
    ['copies', { timeouts: 1, drops: 2 }, 'no submit_sm_resp to any of 3 copies sent (timed out after 30s, --response-timeout; 2 cut off by a dropped link); not resent again; the SMSC may or may not have it'],
    ['at-most-once', { timeouts: 0, drops: 1 }, 'no submit_sm_resp to the copy sent (cut off by a dropped link); not resent (--at-most-once); the SMSC may or may not have it'],
    ['stopping', { timeouts: 1, drops: 0 }, 'no submit_sm_resp to the copy sent (timed out after 30s, --response-timeout); not resent: the run was stopping; the SMSC may or may not have it'],
  ] as const)('%s %j', (why, s, text) => {
    expect(unconfirmedReason(why, { ...s, responseTimeoutMs: 30_000 })).toBe(text);
  });

  it('never blames the link or --at-most-once for plain timeouts', () => {
    const text = unconfirmedReason('copies', { timeouts: 2, drops: 0, responseTimeoutMs: 30_000 });
    expect(text).not.toMatch(/dropped|at-most-once/);
  });
});

describe('copyFailure: the session\'s error, read as how the copy failed', () => {
  it.each([
    ['a permanent status', new SmscStatusError('x', 0x0b), { kind: 'status', temporary: false }],
    ['a temporary status', new SmscStatusError('x', 0x08), { kind: 'status', temporary: true }],
    ['ESME_RTHROTTLED', new SmscStatusError('x', 0x58), { kind: 'status', temporary: true, throttle: true }],
    ['ESME_RMSGQFUL', new SmscStatusError('x', 0x14), { kind: 'status', temporary: true, throttle: true }],
    ['written, the link dropped before the reply', new SubmitUnconfirmedError('x'), { kind: 'unanswered', linkDropped: true }],
    ['written, no reply in time', new ResponseTimeoutError('x'), { kind: 'unanswered', linkDropped: false }],
    ['never written', new LinkClosedError('x'), { kind: 'not-written' }],
    ['cannot be encoded', new TextError('x'), { kind: 'invalid' }],
  ] as const)('%s', (_what, err, failure) => {
    expect(copyFailure(err)).toEqual(failure);
  });

  it('is undefined for errors that are not about the copy (the run rethrows them)', () => {
    expect(copyFailure(new ConnectError('x'))).toBeUndefined();
    expect(copyFailure(new Error('a bug'))).toBeUndefined();
  });
});

describe('from an error to a decision, without sockets', () => {
  // Each row: the errors one part's copies met, in order, and what the last one decides.
  it.each([
    ['a throttle: retried', [new SmscStatusError('x', 0x58)], { do: 'retry', throttled: true }],
    ['two timeouts: unconfirmed', [new ResponseTimeoutError('x'), new ResponseTimeoutError('x')], { do: 'unconfirmed', why: 'copies' }],
    ['a timeout then a drop: resent', [new ResponseTimeoutError('x'), new SubmitUnconfirmedError('x')], { do: 'resend', possibleDuplicate: true }],
    ['never written: resent', [new LinkClosedError('x')], { do: 'resend', possibleDuplicate: false }],
    ['never written, ten times: unsent', Array.from({ length: MAX_UNWRITTEN_COPIES }, () => new LinkClosedError('x')), { do: 'unsent', why: 'copies' }],
    ['cannot be encoded: rejected', [new TextError('x')], { do: 'reject' }],
    ['throttles then a temporary status: --retries untouched by the throttles', [...Array.from({ length: 5 }, () => new SmscStatusError('x', 0x58)), new SmscStatusError('x', 0x08)], { do: 'retry' }],
  ] as const)('%s', (_what, errors, decision) => {
    const log = emptyCopyLog();
    let last;
    errors.forEach((err, n) => {
      const failure = copyFailure(err)!;
      last = decideCopy(failure, logCopy(log, failure, n + 1), rules);
    });
    expect(last).toEqual(decision);
  });
});

describe('retryDelay', () => {
  it('a throttle waits the throttle pause at the current rate; anything else the --retry-delay back-off', () => {
    expect(retryDelay(true, 7, 1000, 50, () => 1)).toBe(throttlePause(50, () => 1));
    expect(retryDelay(false, 1, 1000, 50, () => 1)).toBe(1000);
    expect(retryDelay(false, 3, 1000, 50, () => 0)).toBe(2000); // 4 s, half of it jittered away
    expect(retryDelay(false, 20, 1000, 50, () => 1)).toBe(60_000); // capped
  });
});
