// The SMSC stops answering (a hung process, a NAT that silently dropped the flow): the socket
// stays open, nothing comes back. Our enquire_link notices, the run reconnects and finishes.
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { longText, recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { partOf } from '../helpers/submits.js';
import { testJournal } from '../helpers/temp-dir.js';

it.each([
  { n: 0, messages: 4, parts: 1 },
  { n: 5, messages: 10, parts: 1 },
  { n: 2, messages: 3, parts: 3 },
])('hangs at submit $n ($messages messages of $parts parts): keepalive finds the dead link, reconnect, finish', async ({ n, messages, parts }) => {
  const ledger = new Ledger();
  let hung: ReturnType<typeof partOf> | undefined;
  const sim: Sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (p, ctx) => {
      if (ctx.index === n) {
        hung = partOf(p);
        sim.stopAnswering(true);
      }
      return undefined;
    },
    // Back to life once the client gave up on the hung session.
    onEvent: (e) => {
      if (e.type === 'close') sim.stopAnswering(false);
    },
  });
  const journal = testJournal();
  const to = recipients(messages);
  const deps = collectingDeps();
  const summary = await runSend(
    makeSettings({ sim, to, text: longText(parts), journal, enquireLinkMs: 100, responseTimeoutMs: 200, reconnectDelayMs: 50 }),
    deps,
  );
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(acc.byState.accepted).toHaveLength(messages);
  expect(eventsOf(deps.events, 'link-lost')[0]?.reason).toMatch(/enquire_link/);
  // The submit the SMSC sat on was resent after the reconnect and flagged as a possible duplicate.
  const hit = `+${hung!.dest}`;
  expect(ledger.submits(hit, hung!.part)).toBeGreaterThanOrEqual(2);
  expect(acc.final.get(hit)!.message.possibleDuplicate).toBe(true);
  // What the SMSC received on the hung session was never answered there.
  expect(sim.received.some((p) => p.command === 'enquire_link' && p.session === 1)).toBe(true);
});

// With no keepalive, timeouts in a row on a whole window (at least two) mean a dead link
// (link-budget.ts): reconnect, and give up (exit 4) once the SMSC answers nothing any more.
it('a hung SMSC with the keepalive off: each submit times out, is resent a bounded number of times, then reported unconfirmed; the dead link ends the run (exit 4)', async () => {
  const ledger = new Ledger();
  const sim: Sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (_, ctx) => {
      if (ctx.index === 1) sim.stopAnswering(true);
      return undefined;
    },
  });
  const journal = testJournal();
  const to = recipients(3);
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to, journal, window: 1, enquireLinkMs: 0, responseTimeoutMs: 150 }), deps);
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(summary.exitCode).toBe(EXIT.connection);
  expect(summary.fatal?.message).toMatch(/not restored after 2 attempts since the SMSC last answered a submit/);
  expect(eventsOf(deps.events, 'link-lost')[0]?.reason).toMatch(/no submit_sm_resp to 2 submits in a row/);
  expect(acc.byState.accepted).toEqual([to[0]]);
  expect(acc.byState.unconfirmed.sort()).toEqual([to[1], to[2]].sort());
  for (const r of [to[1]!, to[2]!]) expect(ledger.accepted(r)).toBe(0);
});
