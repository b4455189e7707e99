// 9.13: the summary's submit rate has one definition (src/send/rate.ts) and agrees with itself
// and with the time it was measured on, over real TCP against the simulator.
import { expect, it } from 'vitest';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';

const cli = useCli(runMain);

const recipients = (n: number) => Array.from({ length: n }, (_, i) => `+447700${String(900000 + i)}`).join(',');

it('two messages: a count, not "222.2/s avg, 2/s peak"', async () => {
  const sim = await e2eSim({ receiptDelayMs: 1100 });
  const r = await cli([...connArgs(sim), '--to', recipients(2), '--text', 'hi', '--wait', '5s', '--json']);
  expectExit(r, 0);
  const s = jsonLines(r.stdout).at(-1)!;
  expect(s.elapsedMs).toBeGreaterThan(1000); // the wait for receipts
  expect(s.sendingMs).toBeLessThan(1000);
  expect([s.avgRate, s.peakRate]).toEqual([2, 2]); // 2 parts in the first second of sending
  const h = await cli([...connArgs(sim), '--to', recipients(2), '--text', 'hi', '--wait', '5s']);
  expect(h.stdout).toMatch(/^Summary: 2 accepted · 2 delivered · [\d.]+s$/m); // no rate for under a second of sending
});

it('--binds 3: the average never exceeds the peak, and matches parts over sending time', async () => {
  const sim = await e2eSim({ responseDelayMs: 5 });
  const r = await cli([...connArgs(sim), '--binds', '3', '--window', '1', '--to', recipients(300), '--text', 'hi', '--json'], { timeoutMs: 30_000 });
  expectExit(r, 0);
  const s = jsonLines(r.stdout).at(-1)!;
  expect(s.parts).toBe(300);
  expect(s.avgRate).toBeLessThanOrEqual(s.peakRate);
  expect(s.sendingMs).toBeLessThanOrEqual(s.elapsedMs);
  expect(s.avgRate).toBeCloseTo((s.parts / Math.max(s.sendingMs, 1000)) * 1000, 0);
  expect(s.peakRate).toBeLessThanOrEqual(s.parts);
});
