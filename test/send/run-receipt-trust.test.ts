// Receipts that must never fool the run (issues 8.13-8.15, 9.4-9.6), over real TCP against the
// simulator: a stateless receipt is not final, ids the SMSC gave twice (or empty) credit nobody,
// every unmatched receipt is counted, ACCEPTD is final and not a failure, and with only failure
// receipts asked for, silence to the end of the wait is "no failure reported".
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runSend } from '../../src/send/run.js';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import type { Settings } from '../../src/config/settings.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { startTestSim } from '../helpers/sim.js';
import { testDir } from '../helpers/temp-dir.js';

/** The running test's simulator, for onSubmit hooks that deliver through it. */
let sim: Sim | undefined;

async function run(simOptions: SimOptions, settings: Partial<Settings> = {}) {
  sim = await startTestSim({ receiptDelayMs: 5, ...simOptions });
  const deps = collectingDeps();
  const traced: string[] = [];
  const summary = await runSend(makeSettings({ sim, wait: 3_000, ...settings }), { ...deps, trace: (l) => traced.push(l) });
  return { summary, events: deps.events, traced, sim };
}

/** A receipt deliver_sm as an SMSC writes it: Appendix B text, TLVs only when given. */
function receiptFields(id: string, stat: string, tlvState?: number): Record<string, unknown> {
  return {
    esm_class: 0x04,
    short_message: `id:${id} sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:${stat} err:000 text:`,
    ...(tlvState !== undefined ? { receipted_message_id: id, message_state: tlvState } : {}),
  };
}

describe('a receipt without a state (8.14)', () => {
  it('is not final: the DELIVRD that follows 100 ms later decides', async () => {
    const { summary, events } = await run({
      receiptStyle: 'text',
      onSubmit: () => {
        setTimeout(() => sim!.deliver('', receiptFields('S1', 'DELIVRD', 2)), 100);
        return { messageId: 'S1', receipt: { stat: '' } }; // "stat: err:000", no message_state
      },
    });
    expect(eventsOf(events, 'receipt').map((e) => e.receipt.state)).toEqual(['DELIVRD']);
    expect(summary.counts).toMatchObject({ accepted: 1, delivered: 1, failed: 0, receiptsPending: 0 });
    expect(summary.byReceiptState).toEqual({ DELIVRD: 1 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });
});

describe('ids the SMSC gave badly (8.13)', () => {
  it('two messages given one id: receipts are credited to neither, with a warning, and not waited for', async () => {
    // +4477... gets UNDELIV, +4478... DELIVRD: crediting by the shared id would mix them up.
    const { summary, events, traced } = await run({
      receiptDelayMs: 200, // both accepted before either receipt (an id reused later is not shared)
      outcomes: [{ to: '4477', stat: 'UNDELIV', err: '001' }],
      onSubmit: () => ({ messageId: 'SAME-ID' }),
    }, { to: ['+447700900001', '+447800900002'] });
    expect(eventsOf(events, 'receipt')).toEqual([]);
    const warnings = eventsOf(events, 'warning').map((e) => e.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/message_id "SAME-ID" to more than one message/);
    expect(traced.filter((l) => l.includes('"SAME-ID"') && l.includes('also given to another message'))).toHaveLength(2);
    expect(eventsOf(events, 'waiting')).toEqual([]); // nothing left that could be matched
    expect(summary.counts).toMatchObject({ accepted: 2, delivered: 0, failed: 0, receiptsPending: 2, unmatchedReceipts: 0 });
    expect(summary.exitCode).toBe(EXIT.receipts);
  });

  it('an empty message_id: the receipt with an empty id is credited to nobody', async () => {
    const { summary, events } = await run({ onSubmit: () => ({ messageId: '' }) }, { to: ['+447700900001', '+447700900002'] });
    expect(eventsOf(events, 'receipt')).toEqual([]);
    expect(eventsOf(events, 'warning').map((e) => e.message)).toEqual([expect.stringMatching(/empty message_id/)]);
    expect(summary.counts).toMatchObject({ accepted: 2, delivered: 0, receiptsPending: 2 });
    expect(summary.exitCode).toBe(EXIT.receipts);
  });

  it('other messages with their own ids still match', async () => {
    const { summary } = await run({
      receiptDelayMs: 200,
      onSubmit: (_p, { index }) => (index < 2 ? { messageId: 'DUP' } : undefined),
    }, { to: ['+447700900001', '+447700900002', '+447700900003'] });
    expect(summary.counts).toMatchObject({ accepted: 3, delivered: 1, receiptsPending: 2 });
  });
});

describe('unmatched receipts (8.15, 9.6)', () => {
  it('are all counted, beyond the 10,000 the early cache holds, and each is traced', async () => {
    const N = 10_300;
    const { summary, traced } = await run({
      onSubmit: (_p, { index }) => {
        // Written before the submit_sm_resp (and so before our own receipt): all read by the end.
        if (index === 0) for (let i = 0; i < N; i++) sim!.deliver('', receiptFields(`stranger-${i}`, 'DELIVRD', 2));
      },
    }, { responseTimeoutMs: 15_000 }); // the reply waits behind them: no resent copy, please
    expect(summary.counts).toMatchObject({ accepted: 1, delivered: 1, unmatchedReceipts: N });
    const lines = traced.filter((l) => l.startsWith('unmatched receipt:'));
    expect(lines).toHaveLength(N);
    expect(lines[0]).toBe('unmatched receipt: id "stranger-0" state "DELIVRD" (not an id this run sent)');
  }, 20_000);
});

describe('ACCEPTD (9.4)', () => {
  it('is final: the wait ends, the message is acceptd (not delivered, not failed), exit 0', async () => {
    const { summary, events } = await run({ outcomes: [{ to: '', stat: 'ACCEPTD' }] });
    const receipts = eventsOf(events, 'receipt');
    expect(receipts.map((e) => [e.receipt.state, e.receipt.final, e.receipt.delivered])).toEqual([['ACCEPTD', true, false]]);
    expect(receipts[0]!.message.state).toBe('acceptd');
    expect(summary.counts).toMatchObject({ accepted: 1, delivered: 0, acceptd: 1, failed: 0, receiptsPending: 0 });
    expect(summary.byReceiptState).toEqual({ ACCEPTD: 1 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });

  it('a failed part still fails a message whose other part is ACCEPTD', async () => {
    const { summary } = await run({
      onSubmit: (_p, { index }) => ({ receipt: { stat: index === 0 ? 'ACCEPTD' : 'UNDELIV' } }),
    }, { text: 'x'.repeat(200) });
    expect(summary.counts).toMatchObject({ parts: 2, acceptd: 0, failed: 1 });
    expect(summary.exitCode).toBe(EXIT.receipts);
  });

  it('--acceptd intermediate: an early ACCEPTD from a gateway, then the real DELIVRD', async () => {
    const { summary, events } = await run({
      onSubmit: () => {
        setTimeout(() => sim!.deliver('', receiptFields('J1', 'DELIVRD', 2)), 100);
        return { messageId: 'J1', receipt: { stat: 'ACCEPTD' } };
      },
    }, { acceptd: 'intermediate' });
    expect(eventsOf(events, 'receipt').map((e) => [e.receipt.state, e.receipt.final])).toEqual([['ACCEPTD', false], ['DELIVRD', true]]);
    expect(summary.counts).toMatchObject({ delivered: 1, acceptd: 0 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });
});

describe('--receipt failure --wait (9.5)', () => {
  it('silence until the end of the wait: no failure reported, exit 0', async () => {
    const { summary, sim } = await run({}, { receipt: 'failure', wait: 300 });
    expect(sim.received.find((p) => p.command === 'submit_sm')?.fields.registered_delivery).toBe(2);
    expect(summary.counts).toMatchObject({ accepted: 1, noFailureReported: 1, receiptsPending: 0, delivered: 0, failed: 0 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });

  it('a failure receipt still exits 7', async () => {
    const { summary } = await run({ outcomes: [{ to: '', stat: 'UNDELIV' }] }, { receipt: 'failure', wait: 3_000 });
    expect(summary.counts).toMatchObject({ failed: 1, noFailureReported: 0 });
    expect(summary.exitCode).toBe(EXIT.receipts);
  });

  it('without --wait nothing is claimed', async () => {
    const { summary } = await run({}, { receipt: 'failure', wait: false });
    expect(summary.counts).toMatchObject({ noFailureReported: 0 });
    expect(summary.exitCode).toBe(EXIT.ok);
  });
});

describe('ACCEPTD in a journal (9.4 with --journal)', () => {
  it('a rerun of a finished job counts it as acceptd, not failed, and exits 0', async () => {
    const { join } = await import('node:path');
    const journal = join(testDir(), 'job.jsonl');
    const sim = await startTestSim({ receiptDelayMs: 5, outcomes: [{ to: '', stat: 'ACCEPTD' }] });
    const first = await runSend(makeSettings({ sim, wait: 3_000, journal }), collectingDeps());
    expect(first.counts).toMatchObject({ acceptd: 1, failed: 0 });
    const again = await runSend(makeSettings({ sim, wait: 3_000, journal }), collectingDeps());
    expect(again.counts).toMatchObject({ resumed: 1, acceptd: 1, failed: 0 });
    expect(again.exitCode).toBe(EXIT.ok);
  });
});
