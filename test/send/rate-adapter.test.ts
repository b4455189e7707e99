// RateAdapter alone, on plain numbers (issue 9.7): the cases a real run met, where one period's
// count was read as the SMSC's limit.
import { describe, expect, it } from 'vitest';
import { HOLD_MS, RateAdapter } from '../../src/send/rate-adapter.js';

/** An adapter paced at about `rate`/s after a first cut from an unlimited second; returns it and the time its new period starts. */
function pacedAt(rate: number): { a: RateAdapter; t: number } {
  const a = new RateAdapter({ configured: 0, minTps: 1 });
  // The unlimited first second: `rate` accepted, the rest of a flood throttled.
  a.took(0, 20 * rate);
  for (let i = 0; i < rate; i++) a.succeeded(i);
  for (let i = 0; i < 19 * rate - 1; i++) a.throttled(500);
  a.throttled(1000);
  expect(a.current).toBe(rate);
  return { a, t: 1000 + HOLD_MS };
}

/** `n` submits taken and accepted evenly over [from, from + ms). */
function accepted(a: RateAdapter, from: number, ms: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const t = from + (i * ms) / n;
    a.took(t, 1);
    a.succeeded(t);
  }
  return from + ms;
}

describe('RateAdapter', () => {
  it('a few throttles in a paced second are jitter: the rate holds (a real run cut 99/s to 28/s)', () => {
    const { a, t } = pacedAt(99);
    let now = accepted(a, t, 300, 28);
    a.took(now, 3);
    for (let i = 0; i < 3; i++) a.throttled(now + i);
    now = accepted(a, now + 3, 700, 69);
    expect(a.current).toBe(99);
  });

  it('a period the SMSC refused whole is cut to what it took over the last second, not to 1/s (a per-second limit)', () => {
    const { a, t } = pacedAt(199);
    // A per-second limit of 100: its quota taken late in the hold, then every submit refused.
    accepted(a, t - 500, 450, 100);
    let now = t;
    for (let i = 0; i < 70; i++) {
      a.took(now, 1);
      a.throttled(now);
      now += 5;
    }
    expect(a.current).toBeGreaterThanOrEqual(90);
    expect(a.current).toBeLessThanOrEqual(110);
  });

  it('above a minimum gap (every other submit refused) it drops to about the rate the SMSC took, then searches up', () => {
    const { a, t } = pacedAt(50);
    let now = accepted(a, t, 1000, 50); // a clean second: climbs
    now += 10;
    a.succeeded(now);
    const climbed = a.current;
    expect(climbed).toBeGreaterThan(50);
    // Above the gap: half refused.
    for (let i = 0; i < 30; i++) {
      now += 1000 / climbed;
      a.took(now, 1);
      if (i % 2 === 0) a.succeeded(now);
      else a.throttled(now);
    }
    expect(a.current).toBeGreaterThanOrEqual(45); // the best clean rate, not half the refused one
    expect(a.current).toBeLessThan(climbed);
  });
});
