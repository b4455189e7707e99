// The SMSC pushes back: a throttling storm (ESME_RTHROTTLED), a full queue (ESME_RMSGQFUL), a
// bind that takes its time. Everything is accepted in the end, exactly once, retries counted.
import { MAX_THROTTLE_RETRIES } from '../../src/send/retry-policy.js';
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { longText, recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { testJournal } from '../helpers/temp-dir.js';

it.each([
  { name: 'a throttling storm (ESME_RTHROTTLED)', statuses: [0x58], from: 3, count: 25, parts: 1 },
  { name: 'a full queue (ESME_RMSGQFUL)', statuses: [0x14], from: 0, count: 15, parts: 1 },
  { name: 'both, alternating, over long messages', statuses: [0x58, 0x14], from: 2, count: 20, parts: 3 },
])('$name for $count submits: all accepted once, every refusal retried and counted', async ({ statuses, from, count, parts }) => {
  const ledger = new Ledger();
  let refused = 0;
  const sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (_, ctx) => {
      if (ctx.index < from || ctx.index >= from + count) return undefined;
      refused++;
      return { status: statuses[ctx.index % statuses.length]! };
    },
  });
  const to = recipients(12);
  const journal = testJournal();
  const deps = collectingDeps();
  // An explicit --tps: the back-off then halves from 500/s. Unlimited, it would halve from the
  // rate seen so far, which a dozen messages into a run is a few per second (slow, not wrong).
  const summary = await runSend(makeSettings({ sim, to, text: longText(parts), journal, retries: 30, retryDelayMs: 5, window: 5, tps: 500 }), deps);
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(acc.byState.accepted).toHaveLength(12);
  expect(refused).toBe(count);
  expect(summary.counts.retries).toBe(count);
  expect(eventsOf(deps.events, 'retrying')).toHaveLength(count);
  expect(summary.counts.possibleDuplicates).toBe(0);
  for (const r of to) for (let p = 0; p < parts; p++) expect(ledger.accepted(r, p), `${r} part ${p + 1}`).toBe(1);
});

it('throttle budget exhausted during a storm: that message is reported rejected, never lost', async () => {
  const ledger = new Ledger();
  const to = recipients(3);
  const stormed = to[1]!.slice(1);
  const sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (p) => (p.fields.destination_addr === stormed ? { status: 0x58 } : undefined),
  });
  const journal = testJournal();
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to, journal, retries: 2, retryDelayMs: 5, tps: 500 }), deps);
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(summary.exitCode).toBe(EXIT.rejected);
  expect(acc.byState.rejected).toEqual([to[1]]);
  // Throttles do not spend --retries (issue 9.7): their own budget, MAX_THROTTLE_RETRIES.
  expect(acc.final.get(to[1]!)!.message.parts[0]).toMatchObject({ status: 'rejected', statusName: 'ESME_RTHROTTLED', attempts: MAX_THROTTLE_RETRIES + 1 });
  expect(summary.counts.retries).toBe(MAX_THROTTLE_RETRIES);
});

it('a slow bind (300 ms) still works, first bind and rebind alike', async () => {
  const ledger = new Ledger();
  const sim = await startTestSim({
    onPdu: ledger.onPdu,
    onBind: () => ({ delayMs: 300 }),
    onSubmit: (_, ctx) => (ctx.index === 2 ? { drop: 'after-reply' } : undefined),
  });
  const to = recipients(6);
  const journal = testJournal();
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to, journal, window: 1, responseTimeoutMs: 1_000 }), deps);
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(acc.byState.accepted).toHaveLength(6);
  expect(sim.stats.binds).toBe(2);
  for (const r of to) expect(ledger.accepted(r)).toBe(1);
});
