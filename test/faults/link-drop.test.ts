// The SMSC's link drops right after the Nth submit_sm reaches it, before or after its reply.
// At-least-once (the default): reconnect, resend what got no reply (flagged as a possible
// duplicate), finish with every message accepted. --at-most-once: what got no reply is reported
// unconfirmed and never resent (exit 8); the rest is still sent.
import { describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { longText, recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { partOf, type SubmitSeen } from '../helpers/submits.js';
import { testJournal } from '../helpers/temp-dir.js';

type Drop = 'before-reply' | 'after-reply';

async function dropRun(o: { n: number; drop: Drop; atMostOnce: boolean; messages: number; parts: number; window?: number }) {
  const ledger = new Ledger();
  let dropped: SubmitSeen | undefined;
  const sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (p, ctx) => {
      if (ctx.index !== o.n) return undefined;
      dropped = partOf(p);
      return { drop: o.drop };
    },
  });
  const journal = testJournal();
  const to = recipients(o.messages);
  const deps = collectingDeps();
  const summary = await runSend(
    makeSettings({ sim, to, text: longText(o.parts), journal, atMostOnce: o.atMostOnce, window: o.window ?? 10, reconnectDelayMs: 50 }),
    deps,
  );
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(dropped, 'the fault fired').toBeDefined();
  const hit = to.find((r) => r === `+${dropped!.dest}`)!;
  return { summary, acc, ledger, hit, part: dropped!.part, events: deps.events, to };
}

const table = [
  // n: 0-based index of the submit_sm (over the whole run) after which the link goes
  { n: 0, messages: 5, parts: 1 },
  { n: 3, messages: 5, parts: 1 },
  { n: 12, messages: 20, parts: 1, window: 4 },
  { n: 1, messages: 2, parts: 3 }, // inside the first long message
  { n: 4, messages: 3, parts: 3 }, // inside the second long message
  { n: 5, messages: 3, parts: 3, window: 1 }, // the last part of the second, one at a time
];

describe('at-least-once (default): reconnect and finish', () => {
  it.each(table)('drop before the reply to submit $n ($messages messages of $parts parts, window $window)', async (row) => {
    const { summary, acc, hit, part, ledger, events } = await dropRun({ ...row, drop: 'before-reply', atMostOnce: false });
    expect(summary.exitCode).toBe(EXIT.ok);
    expect(acc.byState.accepted).toHaveLength(row.messages);
    expect(eventsOf(events, 'link-lost')).toHaveLength(1);
    expect(eventsOf(events, 'bound').filter((e) => e.reconnect)).toHaveLength(1);
    // The dropped submit never got a message id, so it was resent: a possible duplicate.
    expect(acc.final.get(hit)!.message.possibleDuplicate).toBe(true);
    expect(summary.counts.possibleDuplicates).toBeGreaterThanOrEqual(1);
    expect(ledger.submits(hit, part)).toBeGreaterThanOrEqual(2);
    expect(ledger.accepted(hit, part)).toBe(1);
  });

  it.each(table)('drop after the reply to submit $n ($messages messages of $parts parts, window $window)', async (row) => {
    const { summary, acc, hit, part, ledger } = await dropRun({ ...row, drop: 'after-reply', atMostOnce: false });
    expect(summary.exitCode).toBe(EXIT.ok);
    expect(acc.byState.accepted).toHaveLength(row.messages);
    // Its reply left before the link went: accepted once, under the id the SMSC gave.
    expect(ledger.accepted(hit, part)).toBe(1);
    expect(acc.final.get(hit)!.message.parts[part]!.messageId).toBe(ledger.ids(hit, part)[0]);
  });
});

describe('--at-most-once: what got no reply is unconfirmed, never resent', () => {
  it.each(table)('drop before the reply to submit $n ($messages messages of $parts parts, window $window)', async (row) => {
    const { summary, acc, hit, part, ledger } = await dropRun({ ...row, drop: 'before-reply', atMostOnce: true });
    expect(summary.exitCode).toBe(EXIT.unconfirmed);
    expect(acc.final.get(hit)!.state).toBe('unconfirmed');
    expect(acc.final.get(hit)!.message.parts[part]!.status).toBe('unconfirmed');
    expect(ledger.accepted(hit, part)).toBe(0);
    expect(summary.counts.possibleDuplicates).toBe(0);
    // Nothing was sent twice.
    for (const [to, { message }] of acc.final) for (const p of message.parts) expect(ledger.submits(to, p.index)).toBeLessThanOrEqual(1);
    expect(acc.byState.accepted.length + acc.byState.unconfirmed.length).toBe(row.messages);
  });

  it.each(table)('drop after the reply to submit $n ($messages messages of $parts parts, window $window)', async (row) => {
    const { summary, acc, ledger } = await dropRun({ ...row, drop: 'after-reply', atMostOnce: true });
    expect([EXIT.ok, EXIT.unconfirmed]).toContain(summary.exitCode);
    for (const [to, { message }] of acc.final) for (const p of message.parts) expect(ledger.submits(to, p.index)).toBeLessThanOrEqual(1);
    expect(acc.byState.accepted.length + acc.byState.unconfirmed.length).toBe(row.messages);
  });
});

describe('an SMSC that drops the link at every copy of one message (a poison message)', () => {
  it('resends it a bounded number of times, then reports it unconfirmed; the others are accepted', async () => {
    const ledger = new Ledger();
    const to = recipients(4);
    const poison = to[1]!.slice(1);
    const sim = await startTestSim({
      onPdu: ledger.onPdu,
      onSubmit: (p) => (p.fields.destination_addr === poison ? { drop: 'before-reply' } : undefined),
    });
    const journal = testJournal();
    const deps = collectingDeps();
    // Window 1: nothing else is in flight when the link goes, so only the poison goes unanswered.
    const summary = await runSend(makeSettings({ sim, to, journal, window: 1, reconnectDelayMs: 20 }), deps);
    const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
    expect(summary.exitCode).toBe(EXIT.unconfirmed);
    expect(acc.byState.unconfirmed).toEqual([to[1]]);
    expect(acc.byState.accepted.sort()).toEqual([to[0], to[2], to[3]].sort());
    expect(ledger.submits(to[1]!)).toBeGreaterThanOrEqual(2);
    expect(ledger.submits(to[1]!)).toBeLessThanOrEqual(5);
  });
});

describe('--at-most-once, rerun with the same journal', () => {
  it('does not resend what the first run left unconfirmed, and still reports it unconfirmed (exit 8)', async () => {
    const ledger = new Ledger();
    const to = recipients(4);
    const sim = await startTestSim({ onPdu: ledger.onPdu, onSubmit: (_, ctx) => (ctx.index === 1 ? { drop: 'before-reply' } : undefined) });
    const journal = testJournal();
    const settings = makeSettings({ sim, to, journal, atMostOnce: true, window: 1, reconnectDelayMs: 20 });
    const first = collectingDeps();
    const s1 = await runSend(settings, first);
    const a1 = await expectAccountedFor({ to, summary: s1, events: first.events, ledger, journal });
    expect(s1.exitCode).toBe(EXIT.unconfirmed);
    expect(a1.byState.unconfirmed).toEqual([to[1]]);

    const second = collectingDeps();
    const s2 = await runSend(settings, second);
    const a2 = await expectAccountedFor({ to, summary: s2, events: second.events, ledger, journal });
    expect(ledger.submits(to[1]!)).toBe(1);
    expect(s2.exitCode).toBe(EXIT.unconfirmed);
    // Not "resumed" (README: already accepted according to the journal): still unconfirmed.
    expect(a2.byState.unconfirmed).toEqual([to[1]]);
    expect(a2.byState.resumed.sort()).toEqual([to[0], to[2], to[3]].sort());
  });
});
