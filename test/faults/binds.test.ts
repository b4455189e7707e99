// Several binds, one lost for good (its rebinds refused): what was in flight or waiting on it
// finishes over the binds still up, instead of being given up as unsent or unconfirmed.
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
  { parts: 1, window: 3 },
  { parts: 3, window: 1 },
])('two binds, one dropped at submit 6 and never restored ($parts-part messages, window $window): all accepted over the other', async ({ parts, window }) => {
  const ledger = new Ledger();
  let binds = 0;
  const sim = await startTestSim({
    onPdu: ledger.onPdu,
    onBind: () => (++binds > 2 ? { status: 0x0d } : undefined),
    onSubmit: (_, ctx) => (ctx.index === 6 ? { drop: 'before-reply' } : undefined),
  });
  const journal = testJournal();
  const to = recipients(20);
  const deps = collectingDeps();
  const summary = await runSend(
    makeSettings({ sim, to, text: longText(parts), journal, binds: 2, window, tps: 300, reconnectAttempts: 2, reconnectDelayMs: 20 }),
    deps,
  );
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(binds).toBe(4); // two binds, then two refused attempts for the lost one
  expect(eventsOf(deps.events, 'link-lost')).toHaveLength(1);
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(acc.byState.accepted).toHaveLength(20);
  expect(summary.counts.possibleDuplicates).toBeGreaterThanOrEqual(1);
  // Long messages are whole at the SMSC even when their parts took different binds.
  expect(new Set(sim.messages.filter((m) => m.parts === parts && m.complete).map((m) => `+${m.to}`))).toEqual(new Set(to));
});
