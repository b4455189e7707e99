// Issue 9.7 over real TCP: without --tps the run finds an SMSC's limit and sends close to it,
// whether the SMSC counts per calendar second, over a sliding second or as a minimum gap; with
// --tps N the SMSC never sees more than N in a second. Judged from the simulator's own view: the
// times it admitted submits (its onSubmit hook only sees what its rate limit let through) and
// what it received, never from our own clock. Rates are printed with RATE_FIGURES=1.
import { describe, expect, it } from 'vitest';
import { runSend } from '../../src/send/run.js';
import type { RateLimitMode } from '../../src/sim/index.js';
import { collectingDeps, makeSettings } from '../helpers/settings.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';

/** Submits per second from the first admitted to the last. */
function rateOf(times: number[]): number {
  return ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!);
}

/** The most submits in any window of `spanMs` (a window starting at a submit suffices). */
function busiest(times: number[], spanMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= spanMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('without --tps the run reaches the SMSC limit (issue 9.7)', () => {
  // Retried: the simulator shares this process, and with the whole suite on two cores (and a
  // host taking up to 49% of them) its timers and ours wake late, which a minimum gap turns
  // straight into rate (86-89% alone, 83.5-85% twice in full runs on 2026-12-01). A sender
  // that did not find the limit stays far below it in every attempt.
  it.each([
    ['sliding', 100, 600],
    ['per-second', 100, 600],
    ['min-gap', 50, 500],
  ] as const)('a %s limit of %i/s: %i rows at 85 percent of it or more, each accepted once', { timeout: 60_000, retry: 2 }, async (mode: RateLimitMode, limit, n) => {
    const admitted: number[] = [];
    const sim = await startTestSim({
      rateLimit: { tps: limit, mode },
      onSubmit: (pdu) => {
        admitted.push(pdu.t);
      },
    });
    const to = recipients(n);
    const summary = await runSend(makeSettings({ sim, to }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: n, accepted: n, rejected: 0, unsent: 0 });
    // Nothing lost, nothing twice: the SMSC took exactly one copy for every recipient.
    expect(sim.messages.map((m) => `+${m.to}`).sort()).toEqual([...to].sort());
    const rate = rateOf(admitted);
    if (process.env.RATE_FIGURES) console.log(`${mode} ${limit}/s: ${rate.toFixed(1)}/s (${((rate / limit) * 100).toFixed(1)}%), ${sim.stats.throttled} throttled`);
    expect(rate).toBeGreaterThanOrEqual(limit * 0.85);
  });
});

describe('--tps holds at the SMSC', () => {
  it('--tps 500 against an SMSC counting 500 over any sliding second: within its limit', async () => {
    const sim = await startTestSim({ rateLimit: { tps: 500, mode: 'sliding' } });
    const summary = await runSend(makeSettings({ sim, tps: 500, to: recipients(1500) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 1500, accepted: 1500 });
    const times = sim.received.filter((p) => p.command === 'submit_sm').map((p) => p.t);
    // Counted where they arrived (the pacing bounds each arrival by its answer): no second at
    // the SMSC holds more than 500, even when this process's event loop, which the simulator
    // shares, stalls and lets a lump in.
    expect(busiest(times, 1000)).toBeLessThanOrEqual(500);
    // Its own limiter (exactly 1000 ms) agrees: nothing to throttle.
    expect(sim.stats.throttled).toBe(0);
    if (process.env.RATE_FIGURES) console.log(`--tps 500: ${rateOf(times).toFixed(1)}/s at the SMSC, ${sim.stats.throttled} throttled`);
    // Sanity, not speed (that is measured, not asserted: 99% of N when the machine is quiet): a
    // limiter stuck far below the rate asked would show here.
    expect(rateOf(times)).toBeGreaterThanOrEqual(500 * 0.8);
  }, 30_000);
});
