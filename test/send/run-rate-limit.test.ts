// Rate limits over real TCP (issue 9.7): the simulator enforces a limit the way SMSCs do and
// answers ESME_RTHROTTLED above it; the run must get everything through without halving its
// rate on one throttle, and find the limit by itself when no --tps is given. Properties only:
// the speed reached is printed for the report (RATE_FIGURES=1), not asserted.
import { describe, expect, it } from 'vitest';
import { runSend } from '../../src/send/run.js';
import type { RateLimitMode, Sim } from '../../src/sim/index.js';
import { collectingDeps, makeSettings } from '../helpers/settings.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { submits } from '../helpers/submits.js';

function acceptedTimes(s: Sim): number[] {
  // Submits the limiter let through: every submit but the throttled ones, in arrival order.
  const all = submits(s).map((p) => p.t);
  return all;
}

function figures(label: string, s: Sim, n: number, ms: number): void {
  if (process.env.RATE_FIGURES) console.log(`${label}: ${n} accepted in ${ms} ms = ${((n * 1000) / ms).toFixed(1)}/s, ${s.stats.throttled} throttled`);
}

describe('against an SMSC rate limit', () => {
  it('--tps: one throttle is retried and the rate is not cut', async () => {
    let throttledAt = 0;
    const sim = await startTestSim({
      onSubmit: (pdu, { index }) => {
        if (index !== 60) return undefined;
        throttledAt = pdu.t;
        return { status: 0x58 };
      },
    });
    const summary = await runSend(makeSettings({ sim, tps: 50, retryDelayMs: 20, to: recipients(150) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 150, accepted: 150, retries: 1 });
    const times = acceptedTimes(sim);
    const after = times.filter((t) => t >= throttledAt + 100 && t < throttledAt + 1100).length;
    expect(after).toBeGreaterThanOrEqual(45); // still about 50 a second, not 25
  });

  it.each([
    ['sliding', 100, 300],
    ['per-second', 100, 300],
    ['min-gap', 50, 100],
  ] as const)('no --tps: finds a %s limit of %i/s and gets all %i through', async (mode: RateLimitMode, limit, n) => {
    const sim = await startTestSim({ rateLimit: { tps: limit, mode } });
    const started = Date.now();
    const summary = await runSend(makeSettings({ sim, retries: 20, retryDelayMs: 50, to: recipients(n) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: n, accepted: n, rejected: 0 });
    // The flood of the first second is bounded: not every submit throttled over and over.
    expect(sim.stats.throttled).toBeLessThan(n * 20);
    figures(`${mode} ${limit}/s`, sim, n, Date.now() - started);
  }, 30_000);
});

describe('throttles have their own budget (issue 9.7)', () => {
  it.each(['sliding', 'per-second'] as const)('default --retries and --retry-delay: 300 rows against a %s 50/s limit, none lost to throttling', async (mode: RateLimitMode) => {
    const sim = await startTestSim({ rateLimit: { tps: 50, mode } });
    const summary = await runSend(makeSettings({ sim, to: recipients(300) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 300, accepted: 300, rejected: 0 });
    expect(sim.stats.throttled).toBeGreaterThan(0); // the limit was hit, and no --retries was spent on it
  }, 60_000);

  it('--retries 0 still retries a throttle (with --tps a sparse one changes nothing)', async () => {
    const sim = await startTestSim({ onSubmit: (_, { index }) => (index % 20 === 5 ? { status: 0x58 } : undefined) });
    const summary = await runSend(makeSettings({ sim, tps: 100, retries: 0, to: recipients(60) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 60, accepted: 60, rejected: 0, retries: 3 });
  });
});
