// The simulator's submit rate limits (issue 9.7): per calendar second, per sliding second, or a
// minimum gap between submits. Pure: arrival times in, admitted or throttled out.
import { describe, expect, it } from 'vitest';
import { SubmitRateLimiter, type RateLimitMode } from '../../src/sim/rate-limit.js';
import { simOptions } from '../../src/sim/cli.js';

/** Which of the arrival times (ms) are admitted, as a string of + and -. */
function admitted(tps: number, mode: RateLimitMode, times: number[]): string {
  const limiter = new SubmitRateLimiter({ tps, mode });
  return times.map((t) => (limiter.admit(t) ? '+' : '-')).join('');
}

describe('SubmitRateLimiter', () => {
  it.each([
    // 3 per calendar second: the 4th in second 0 is refused, second 1 starts afresh
    [3, 'per-second', [0, 100, 200, 300, 999, 1000, 1001, 1002, 1003], '+++--+++-'],
    // 3 per sliding second: free again only when the oldest admitted is 1000 ms old
    [3, 'sliding', [0, 100, 200, 300, 999, 1000, 1001, 1099, 1100], '+++--+--+'],
    // throttled submits do not count: 900 and 999 were refused and do not hold back 1000
    [2, 'sliding', [0, 500, 900, 999, 1000, 1499, 1500], '++--+-+'],
    // 10/s as a minimum gap of 100 ms since the last admitted submit
    [10, 'min-gap', [0, 50, 99, 100, 150, 199.9, 200, 400], '+--+--++'],
  ] as const)('%i/s %s', (tps, mode, times, expected) => {
    expect(admitted(tps, mode, [...times])).toBe(expected);
  });

  it('never admits more than tps in any one-second window (sliding), under a flood', () => {
    const limiter = new SubmitRateLimiter({ tps: 50, mode: 'sliding' });
    const ok: number[] = [];
    for (let t = 0; t < 5000; t += 0.7) if (limiter.admit(t)) ok.push(t);
    for (let i = 50; i < ok.length; i++) expect(ok[i]! - ok[i - 50]!).toBeGreaterThanOrEqual(1000);
    expect(ok.length).toBeGreaterThanOrEqual(250);
  });

  it('refuses a limit below 1', () => {
    expect(() => new SubmitRateLimiter({ tps: 0 })).toThrow(RangeError);
  });
});

describe('smpp-sim --rate-limit', () => {
  const io = { stdout: { write: () => true }, stderr: { write: () => true } };
  const flags = (rateLimit: string) => ({
    port: '0', host: '127.0.0.1', systemId: 's', idFormat: 'decimal', receiptIdFormat: 'same', receiptStyle: 'tlv+text',
    outcome: [], smscAlphabet: 'gsm7', quiet: true, rateLimit,
  }) as unknown as Parameters<typeof simOptions>[0];

  it.each([
    ['200', { tps: 200, mode: 'sliding' }],
    ['20:min-gap', { tps: 20, mode: 'min-gap' }],
    ['50:per-second', { tps: 50, mode: 'per-second' }],
  ])('%s', (raw, expected) => {
    expect(simOptions(flags(raw), {}, io).rateLimit).toEqual(expected);
  });

  it.each(['0', 'x', '20:bursty'])('refuses %s', (raw) => {
    expect(() => simOptions(flags(raw), {}, io)).toThrow(/--rate-limit/);
  });
});
