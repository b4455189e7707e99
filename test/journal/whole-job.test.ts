// The summary of a rerun speaks for the whole job (issues 8.19, 9.11, 12): receipts journaled by
// earlier runs count (a finished job with failed receipts still exits 7), deliveries of the first
// run are not left out, and a message rejected earlier is counted rejected, not "already sent".
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { writeBatch } from '../helpers/batch.js';
import { recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const cli = useCli();

function batch(n: number) {
  const dir = testDir();
  const rows = recipients(n).map((to, i) => ({ to, text: `message ${i}` }));
  writeBatch(`${dir}/b.csv`, rows);
  return { dir, rows, args: ['--batch', `${dir}/b.csv`, '--journal', `${dir}/j.jsonl`] };
}

describe('a rerun of a job', () => {
  it('finished with failed receipts still exits 7 and counts them (8.19)', async () => {
    const sim = await e2eSim({ onSubmit: () => ({ receipt: { stat: 'UNDELIV', err: '001' } }) });
    const { args } = batch(3);
    const all = [...connArgs(sim), ...args, '--wait', '5s', '--json'];
    const first = await cli(all);
    expectExit(first, EXIT.receipts);
    const again = await cli(all);
    expectExit(again, EXIT.receipts);
    expect(jsonLines(again.stdout).at(-1)).toMatchObject({ type: 'summary', resumed: 3, failed: 3, delivered: 0, byReceiptState: { UNDELIV: 3 } });
    expect(sim.stats.submits).toBe(3);
  });

  it('interrupted, then resumed: delivered counts the first run too; this run is told apart (9.11)', async () => {
    const sim = await e2eSim({ responseDelayMs: 30, receiptDelayMs: 5 });
    const { args } = batch(12);
    const all = [...connArgs(sim), ...args, '--window', '1', '--wait', '5s', '--json'];
    const first = await cli(all, {
      onSpawn: (c) => void until(() => sim.stats.submits >= 5, 'sending').then(() => c.kill('SIGINT')),
    });
    expectExit(first, EXIT.interrupted);
    const s1 = jsonLines(first.stdout).at(-1)!;
    expect(s1.accepted).toBeGreaterThan(0);
    expect(s1.accepted).toBeLessThan(12);
    const second = await cli(all);
    const s2 = jsonLines(second.stdout).at(-1)!;
    // A receipt the interrupted run did not wait for may not come again: then it is still
    // pending, for the whole job, and the exit is 7.
    expectExit(second, s2.receiptsPending ? EXIT.receipts : EXIT.ok);
    // Whole job: the first run's deliveries are in, and every message is delivered or pending.
    expect(s1.delivered).toBeGreaterThan(0);
    // (A receipt the first run missed may arrive in this one, held by the SMSC for the next bind.)
    expect(s2.delivered).toBeGreaterThanOrEqual(s1.delivered + s2.accepted);
    expect(s2.delivered + s2.receiptsPending).toBe(12);
    expect(s2.byReceiptState).toEqual({ DELIVRD: s2.delivered });
    // This run's share: accepted now, the rest already accepted (journal).
    expect(s2.accepted + s2.resumed).toBe(12);
    expect(s2.resumed).toBe(s1.accepted);
  });

  it('a message rejected earlier is counted rejected, with its status, not "already sent" (12)', async () => {
    const sim = await e2eSim({ onSubmit: (_, ctx) => (ctx.index === 0 ? { status: 0x0b } : undefined) });
    const { args } = batch(3);
    const first = await cli([...connArgs(sim), ...args]);
    expectExit(first, EXIT.rejected);
    const again = await cli([...connArgs(sim), ...args, '--json']);
    expectExit(again, EXIT.rejected);
    const lines = jsonLines(again.stdout);
    expect(lines.at(-1)).toMatchObject({ rejected: 1, resumed: 2, messages: 1, byStatus: { ESME_RINVDSTADR: 1 } });
    expect(lines.find((l) => l.type === 'rejected')).toMatchObject({ statusName: 'ESME_RINVDSTADR', error: expect.stringMatching(/earlier run/) });
    const pretty = await cli([...connArgs(sim), ...args]);
    expect(pretty.stdout).toMatch(/1 rejected/);
    expect(pretty.stdout).toMatch(/2 already accepted \(journal\)/);
    expect(pretty.stdout).not.toMatch(/already sent/);
    expect(sim.stats.submits).toBe(3);
  });
});
