// Delivery receipts matched back to the parts they report on: one per part of a long message,
// a failed part failing the message, receipts that overtake their submit_sm_resp, duplicates,
// strangers, and ids written in another form (hex vs decimal, zero-padded) than the SMSC issued.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runSend } from '../../src/send/run.js';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { startTestSim } from '../helpers/sim.js';

/** The running test's simulator, for onSubmit hooks that deliver through it. */
let sim: Sim | undefined;

const LONG = 'A long message that needs three parts. '.repeat(10).trim(); // 389 septets

async function run(simOptions: SimOptions, text = LONG) {
  sim = await startTestSim({ receiptDelayMs: 5, ...simOptions });
  const deps = collectingDeps();
  // The message record is live; keep its state as each receipt event saw it.
  const states: string[] = [];
  const emit = deps.emit;
  deps.emit = (e) => {
    if (e.type === 'receipt') states.push(e.message.state);
    emit(e);
  };
  const summary = await runSend(makeSettings({ sim, text, wait: 5_000 }), deps);
  const receipts = eventsOf(deps.events, 'receipt');
  return { summary, deps, receipts, states, sim };
}

/** "part/parts state" per receipt event, in arrival order of the parts. */
function shown(receipts: ReturnType<typeof eventsOf<'receipt'>>): string[] {
  return receipts
    .map((e) => `${e.part.index + 1}/${e.message.parts.length} ${e.receipt.state}`)
    .sort();
}

describe('receipts', () => {
  it('a message waiting for its receipts has let go of its encoded parts and addresses', async () => {
    // What sending takes; kept, they made each waiting message a fifth bigger (100,000 messages
    // with receipts promoted 143 MB into V8's old generation, 113 MB without: bench/README.md).
    sim = await startTestSim({ receiptDelayMs: 5 });
    const deps = collectingDeps();
    const atAccepted: Record<string, unknown>[] = [];
    const emit = deps.emit;
    deps.emit = (e) => {
      if (e.type === 'accepted') atAccepted.push({ ...e.message });
      emit(e);
    };
    const summary = await runSend(makeSettings({ sim, text: LONG, wait: 5_000 }), deps);
    expect(atAccepted).toHaveLength(1);
    expect(atAccepted[0]).toMatchObject({ state: 'accepted', plan: undefined, dest: undefined });
    expect(Object.keys(atAccepted[0]!)).toContain('plan'); // set to undefined, not deleted (same shape)
    // The receipts still find their parts.
    expect(shown(eventsOf(deps.events, 'receipt'))).toEqual(['1/3 DELIVRD', '2/3 DELIVRD', '3/3 DELIVRD']);
    expect(summary.exitCode).toBe(EXIT.ok);
  });

  it('matches one receipt per part of a 3-part message and marks it delivered', async () => {
    const { summary, receipts, states, sim } = await run({});
    expect(sim.messages[0]?.parts).toBe(3);
    expect(shown(receipts)).toEqual(['1/3 DELIVRD', '2/3 DELIVRD', '3/3 DELIVRD']);
    expect(states).toEqual(['accepted', 'accepted', 'delivered']); // delivered with the last part only
    // Each receipt landed on the part whose id it names.
    expect(receipts.map((e) => e.part.messageId)).toEqual(receipts.map((e) => e.receipt.messageId));
    expect(receipts.at(-1)?.message.state).toBe('delivered');
    expect(summary.counts).toMatchObject({ accepted: 1, parts: 3, delivered: 1, failed: 0, receiptsPending: 0, unmatchedReceipts: 0 });
    expect(summary.byReceiptState).toEqual({ DELIVRD: 3 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });

  it('fails the message when one part is undeliverable', async () => {
    const { summary, receipts, states } = await run({
      onSubmit: (_pdu, { index }) => (index === 1 ? { receipt: { stat: 'UNDELIV', err: '001' } } : undefined),
    });
    // The failed part may come second or third; from then on the message is failed.
    const failedAt = receipts.findIndex((e) => e.receipt.state === 'UNDELIV');
    expect(receipts[failedAt]?.part.index).toBe(1);
    expect(states.slice(failedAt)).toEqual(Array(states.length - failedAt).fill('failed'));
    expect(receipts.at(-1)?.message.state).toBe('failed');
    expect(summary.counts).toMatchObject({ accepted: 1, delivered: 0, failed: 1 });
    expect(summary.exitCode).toBe(EXIT.receipts);
  });

  it('matches receipts that arrive before their submit_sm_resp', async () => {
    const { summary, receipts } = await run({ onSubmit: () => ({ receipt: { stat: 'DELIVRD', beforeResp: true } }) });
    expect(shown(receipts)).toEqual(['1/3 DELIVRD', '2/3 DELIVRD', '3/3 DELIVRD']);
    expect(summary.counts).toMatchObject({ delivered: 1, receiptsPending: 0, unmatchedReceipts: 0 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });

  it('counts a receipt sent twice once', async () => {
    // Both copies leave the sim in one write, so the run reads the second before it can finish.
    let sent = 0;
    const { summary, receipts } = await run({
      onSubmit: () => ({ receipt: { stat: 'DELIVRD', duplicate: true } }),
      onPdu: (p) => void (p.dir === 'out' && p.command === 'deliver_sm' && sent++),
    });
    expect(sent).toBe(6);
    expect(shown(receipts)).toEqual(['1/3 DELIVRD', '2/3 DELIVRD', '3/3 DELIVRD']);
    expect(summary.counts).toMatchObject({ delivered: 1, failed: 0, unmatchedReceipts: 0 });
    expect(summary.byReceiptState).toEqual({ DELIVRD: 3 });
  });

  it('reports a receipt for an id it never sent as unmatched', async () => {
    const { summary } = await run({
      onSubmit: (_pdu, { index }) => {
        if (index === 0) {
          sim!.deliver('', { esm_class: 0x04, receipted_message_id: 'ffff0000', message_state: 2,
            short_message: 'id:ffff0000 sub:001 dlvrd:001 submit date:2401010000 done date:2401010000 stat:DELIVRD err:000 text:' });
        }
      },
    }, 'short');
    expect(summary.counts).toMatchObject({ accepted: 1, delivered: 1, unmatchedReceipts: 1 });
  });

  it.each([
    ['hex', 'decimal'],
    ['decimal', 'hex'],
    ['decimal', 'zero-padded-decimal'],
    ['hex', 'zero-padded-decimal'],
  ] as const)('matches ids issued in %s and written in receipts as %s', async (idFormat, receiptIdFormat) => {
    // The first id has letters in hex, so the two forms differ as text.
    const { summary, receipts } = await run({ idFormat, receiptIdFormat, firstId: 0xabcde0 });
    expect(receipts.map((e) => e.receipt.messageId)).not.toEqual(receipts.map((e) => e.part.messageId));
    expect(shown(receipts)).toEqual(['1/3 DELIVRD', '2/3 DELIVRD', '3/3 DELIVRD']);
    expect(summary.counts).toMatchObject({ delivered: 1, unmatchedReceipts: 0 });
  });
});

