// The SMSC sends unbind in the middle of a run (a restart, an idle-session sweep). The client
// answers unbind_resp, reconnects and finishes; what was in flight is resent and flagged.
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
  { n: 0, messages: 5, parts: 1, window: 10 },
  { n: 6, messages: 10, parts: 1, window: 3 },
  { n: 4, messages: 3, parts: 3, window: 1 },
])('unbind at submit $n ($messages messages of $parts parts, window $window): answered, reconnect, finish', async ({ n, messages, parts, window }) => {
  const ledger = new Ledger();
  const sim: Sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (_, ctx) => {
      if (ctx.index === n) sim.sendUnbind();
      return undefined;
    },
  });
  const journal = testJournal();
  const to = recipients(messages);
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to, text: longText(parts), journal, window, reconnectDelayMs: 20 }), deps);
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(acc.byState.accepted).toHaveLength(messages);
  expect(sim.received.filter((p) => p.command === 'unbind_resp').map((p) => p.session)).toEqual([1]);
  expect(eventsOf(deps.events, 'link-lost').map((e) => e.reason)).toEqual([expect.stringMatching(/unbound the session/)]);
  expect(eventsOf(deps.events, 'bound').filter((e) => e.reconnect)).toHaveLength(1);
  expect(sim.stats.binds).toBe(2);
});
