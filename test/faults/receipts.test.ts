// Receipts that do not arrive the tidy way: for ids we never sent, twice, before the
// submit_sm_resp they belong to, or after a reconnect. Each is answered, none confuses the count.
import { expect, it } from 'vitest';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { longText, recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { testJournal } from '../helpers/temp-dir.js';

async function receiptRun(opts: SimOptions & { messages: number; parts?: number }, fault?: (s: Sim, index: number) => void) {
  const ledger = new Ledger();
  const { messages, parts = 1, ...simOpts } = opts;
  const hooked = simOpts.onSubmit;
  const sim: Sim = await startTestSim({
    ...simOpts,
    onPdu: ledger.onPdu,
    onSubmit: (p, ctx) => {
      fault?.(sim, ctx.index);
      return hooked?.(p, ctx);
    },
  });
  const journal = testJournal();
  const to = recipients(messages);
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to, text: longText(parts), journal, wait: 5_000, reconnectDelayMs: 20 }), deps);
  const acc = await expectAccountedFor({ to, summary, events: deps.events, ledger, journal });
  const state = await loadResumeState(journal);
  // Every part has a final receipt, and the journal says the same.
  for (const [to, { message }] of acc.final) {
    expect(message.parts.every((p) => p.receipt?.final), `${to}: final receipts`).toBe(true);
    const outcomes = message.parts.map((p) => (p.receipt!.delivered ? 'delivered' : 'failed'));
    expect(state.get(message.key)!.parts.map((p) => p.receipt), `${to}: journal receipts`).toEqual(outcomes);
  }
  return { summary, acc, events: deps.events, sim, ledger };
}

const receiptFor = (id: string) => ({
  esm_class: 0x04,
  receipted_message_id: id,
  message_state: 2,
  short_message: `id:${id} sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:x`,
});

it('receipts for ids never sent, and a plain MO message: answered, counted as unmatched, nothing else changes', async () => {
  const { summary, sim: s } = await receiptRun({ messages: 5 }, (s, index) => {
    if (index === 2) {
      s.deliver('447700900999', receiptFor('no-such-id'));
      s.deliver('447700900999', receiptFor('424242'));
      s.deliver('447700900999', { short_message: 'hello from a phone' });
    }
  });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(summary.counts).toMatchObject({ accepted: 5, delivered: 5, unmatchedReceipts: 2, receiptsPending: 0 });
  // Every deliver_sm got its deliver_sm_resp (5 receipts + 3 deliveries of ours).
  expect(s.received.filter((p) => p.command === 'deliver_sm_resp' && p.status === 0)).toHaveLength(8);
});

it('every receipt sent twice: each part counted delivered once', async () => {
  const { summary, events, sim: s } = await receiptRun({
    messages: 4,
    parts: 2,
    onSubmit: () => ({ receipt: { stat: 'DELIVRD', duplicate: true } }),
  });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(summary.counts).toMatchObject({ accepted: 4, delivered: 4, unmatchedReceipts: 0 });
  expect(summary.byReceiptState).toEqual({ DELIVRD: 8 });
  expect(eventsOf(events, 'receipt')).toHaveLength(8);
  expect(s.received.filter((p) => p.command === 'deliver_sm_resp')).toHaveLength(16);
});

it.each([
  ['DELIVRD', EXIT.ok, { delivered: 6, failed: 0 }],
  ['UNDELIV', EXIT.receipts, { delivered: 0, failed: 6 }],
])('receipts (%s) that overtake their submit_sm_resp are matched', async (stat, exit, counts) => {
  const { summary } = await receiptRun({ messages: 6, onSubmit: () => ({ receipt: { stat, beforeResp: true } }) });
  expect(summary.exitCode).toBe(exit);
  expect(summary.counts).toMatchObject({ accepted: 6, unmatchedReceipts: 0, receiptsPending: 0, ...counts });
});

it('receipts for messages sent before a reconnect arrive over the new link and are matched', async () => {
  // Receipts leave 150 ms after each submit; the link drops before any has left.
  const { summary, events, sim: s } = await receiptRun(
    { messages: 6, receiptDelayMs: 150, onSubmit: (_, ctx) => (ctx.index === 3 ? { drop: 'after-reply' } : undefined) },
  );
  expect(summary.counts).toMatchObject({ accepted: 6, delivered: 6, unmatchedReceipts: 0, receiptsPending: 0 });
  expect(eventsOf(events, 'link-lost')).toHaveLength(1);
  expect(s.stats.binds).toBe(2);
  // The receipts for the first session's messages came over the second one.
  expect(s.received.filter((p) => p.command === 'deliver_sm_resp' && p.session === 2).length).toBeGreaterThanOrEqual(4);
  expect(summary.exitCode).toBe(EXIT.ok);
});
