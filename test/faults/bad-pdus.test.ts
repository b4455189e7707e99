// Bytes no SMPP client should have to read: garbage, an impossible command_length, a command id
// nobody knows, a generic_nack where a submit_sm_resp belongs. No crash, and the right outcome:
// a link that cannot be parsed any more is dropped and restored; an unknown request is answered
// generic_nack and the link stays; a generic_nack fails (or retries) that one submit.
import { describe, expect, it } from 'vitest';
import type { Sim, SubmitAction } from '../../src/sim/index.js';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { longText, recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { partOf, type SubmitSeen } from '../helpers/submits.js';
import { testJournal } from '../helpers/temp-dir.js';

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');

/** Runs `messages` messages; at submit `n` the hook may act on the sim and answer. */
async function faultRun(o: {
  n: number;
  messages: number;
  parts?: number;
  atSubmit: (sim: Sim, seen: SubmitSeen) => SubmitAction | void;
}) {
  const ledger = new Ledger();
  let hit: SubmitSeen | undefined;
  const sim: Sim = await startTestSim({
    onPdu: ledger.onPdu,
    onSubmit: (p, ctx) => {
      if (ctx.index !== o.n) return undefined;
      hit = partOf(p);
      return o.atSubmit(sim, hit) ?? undefined;
    },
  });
  const journal = testJournal();
  const to = recipients(o.messages);
  const deps = collectingDeps();
  const summary = await runSend(
    makeSettings({ sim, to, text: longText(o.parts ?? 1), journal, responseTimeoutMs: 300, reconnectDelayMs: 50 }),
    deps,
  );
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  expect(hit, 'the fault fired').toBeDefined();
  return { summary, acc, ledger, events: deps.events, hit: `+${hit!.dest}`, part: hit!.part, sim };
}

describe('bytes that cannot be parsed: the link is dropped and restored, the run finishes', () => {
  it.each([
    ['garbage (the simulator default: a 4 GiB header)', (s: Sim) => s.sendGarbage()],
    ['text instead of SMPP', (s: Sim) => s.sendGarbage(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))],
    ['a command_length of 0xFFFFFFFF', (s: Sim) => s.sendRaw(hex('ffffffff 80000004 00000000 00000001'))],
    ['a command_length of 8 (shorter than the header)', (s: Sim) => s.sendRaw(hex('00000008 80000004'))],
  ])('%s', async (_, fault) => {
    const { summary, acc, events, ledger, hit, part } = await faultRun({
      n: 3,
      messages: 4,
      parts: 2,
      atSubmit: (s) => fault(s),
    });
    expect(summary.exitCode).toBe(EXIT.ok);
    expect(acc.byState.accepted).toHaveLength(4);
    const lost = eventsOf(events, 'link-lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatch(/malformed PDU/);
    expect(eventsOf(events, 'bound').filter((e) => e.reconnect)).toHaveLength(1);
    // The reply to the submit behind the garbage could not be read: it went again, flagged.
    expect(ledger.submits(hit, part)).toBe(2);
    expect(acc.final.get(hit)!.message.possibleDuplicate).toBe(true);
  });
});

describe('a request with a command id nobody knows', () => {
  it('is answered generic_nack ESME_RINVCMDID with its sequence number; the link stays up', async () => {
    const { summary, acc, events, ledger, sim: s, hit } = await faultRun({
      n: 1,
      messages: 4,
      atSubmit: (s) => s.sendRaw(hex('00000010 00000077 00000000 00001234')),
    });
    expect(summary.exitCode).toBe(EXIT.ok);
    expect(acc.byState.accepted).toHaveLength(4);
    expect(eventsOf(events, 'link-lost')).toHaveLength(0);
    expect(s.stats.binds).toBe(1);
    const nack = s.received.find((p) => p.command === 'generic_nack');
    expect(nack).toMatchObject({ status: 0x03, seq: 0x1234, session: 1 });
    expect(ledger.submits(hit)).toBe(1);
  });
});

describe('generic_nack in answer to a submit_sm', () => {
  it('with ESME_RINVCMDID (permanent): that message is rejected, the others accepted (exit 6)', async () => {
    const { summary, acc, hit, ledger } = await faultRun({ n: 2, messages: 4, atSubmit: () => ({ reply: 'generic_nack' }) });
    expect(summary.exitCode).toBe(EXIT.rejected);
    expect(acc.byState.rejected).toEqual([hit]);
    expect(acc.final.get(hit)!.message.parts[0]).toMatchObject({ status: 'rejected', statusName: 'ESME_RINVCMDID' });
    expect(summary.byStatus).toEqual({ ESME_RINVCMDID: 1 });
    expect(ledger.submits(hit)).toBe(1);
  });

  it('with ESME_RSYSERR (temporary): retried and accepted', async () => {
    const { summary, acc, hit, ledger } = await faultRun({ n: 2, messages: 4, atSubmit: () => ({ reply: 'generic_nack', status: 0x08 }) });
    expect(summary.exitCode).toBe(EXIT.ok);
    expect(acc.byState.accepted).toHaveLength(4);
    expect(summary.counts.retries).toBe(1);
    expect([ledger.submits(hit), ledger.accepted(hit)]).toEqual([2, 1]);
    // A refused copy is no duplicate.
    expect(acc.final.get(hit)!.message.possibleDuplicate).toBe(false);
  });
});
