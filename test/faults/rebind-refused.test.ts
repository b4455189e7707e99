// The link drops and the SMSC refuses every bind after it (ESME_RBINDFAIL): the run gives up
// after --reconnect-attempts with exit 4. Nothing is lost silently: what was in flight is
// unconfirmed, what was not sent is reported unsent, and a rerun with the same journal sends
// exactly what is left.
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { collectingDeps, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { testJournal } from '../helpers/temp-dir.js';

it.each([
  { n: 4, window: 1 },
  { n: 4, window: 10 },
])('drop at submit $n (window $window), rebinds refused: exit 4, rest unsent; a rerun finishes it', async ({ n, window }) => {
  const ledger = new Ledger();
  let binds = 0;
  let refuse = true;
  const sim = await startTestSim({
    onPdu: ledger.onPdu,
    onBind: () => (++binds > 1 && refuse ? { status: 0x0d } : undefined),
    onSubmit: (_, ctx) => (ctx.index === n ? { drop: 'before-reply' } : undefined),
  });
  const journal = testJournal();
  const to = recipients(12);
  const settings = makeSettings({ sim, to, journal, window, tps: 200, reconnectAttempts: 2, reconnectDelayMs: 20 });

  const first = collectingDeps();
  const s1 = await runSend(settings, first);
  expect(s1.exitCode).toBe(EXIT.connection);
  expect(s1.fatal?.exitCode).toBe(EXIT.connection);
  expect(s1.fatal?.message).toMatch(/not restored after 2 attempts/);
  expect(binds).toBe(3);
  const a1 = await expectAccountedFor({ to, summary: s1, events: first.events, ledger, journal });
  expect(a1.byState.unsent.length).toBeGreaterThan(0);
  expect(a1.byState.accepted.length).toBeGreaterThanOrEqual(n - window + 1);

  // What the journal could not confirm (unconfirmed parts, or a 'sending' with no outcome):
  // the rerun resends it flagged as a possible duplicate.
  const unsure = [...(await loadResumeState(journal)).messages()].filter((m) => m.parts.some((p) => p.state === 'unconfirmed'));
  const unconfirmedKeys = a1.byState.unconfirmed.map((r) => a1.final.get(r)!.message.key);
  expect(unsure.map((m) => m.key)).toEqual(expect.arrayContaining(unconfirmedKeys));

  refuse = false;
  const second = collectingDeps();
  const s2 = await runSend(settings, second);
  const a2 = await expectAccountedFor({ to, summary: s2, events: second.events, ledger, journal });
  expect(s2.exitCode).toBe(EXIT.ok);
  expect(a2.byState.resumed.sort()).toEqual(a1.byState.accepted.sort());
  expect(a2.byState.accepted.sort()).toEqual([...a1.byState.unsent, ...a1.byState.unconfirmed].sort());
  // Only what the first run could not confirm may have reached the SMSC twice.
  expect(s2.counts.possibleDuplicates).toBe(unsure.length);
  for (const r of to) expect(ledger.accepted(r), r).toBeGreaterThanOrEqual(1);
  for (const r of [...a1.byState.accepted, ...a1.byState.unsent]) expect(ledger.accepted(r), r).toBe(1);
});
