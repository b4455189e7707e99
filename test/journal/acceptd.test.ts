// A journaled ACCEPTD receipt (issue 9.4 loose ends): `report` counts it as its own final outcome
// (not failed: human, --json, exit code, --failed CSV), and a rerun reads it as its own
// --acceptd says (intermediate: not final, still waiting for the real outcome).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { JournalState } from '../../src/journal/journal-state.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { writeBatch } from '../helpers/batch.js';
import { recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

const K = 'aaaaaaaaaaaaaaaa#1';
const t = '2025-01-01T10:00:00.000Z';
function stateOf(receipts: string[], opts: ConstructorParameters<typeof JournalState>[0], run: object = {}): JournalState {
  const s = new JournalState(opts);
  for (const r of [
    { v: 1, ev: 'run', t, argv: [], pid: 1, ...run },
    { ev: 'queued', key: K, to: '+1', parts: 1, ref: 1, t },
    { ev: 'accepted', key: K, part: 0, id: 'm1', t },
    ...receipts.map((state) => ({ ev: 'receipt', key: K, part: 0, id: 'm1', state, t })),
  ]) s.apply(r as never);
  return s;
}

describe('JournalState reads ACCEPTD as asked', () => {
  it.each([
    // receipts in journal order, --acceptd, outcome, state shown, still awaited
    [['ACCEPTD'], 'final', 'acceptd', 'ACCEPTD', false],
    [['ACCEPTD'], 'intermediate', 'enroute', 'ACCEPTD', true],
    [['ACCEPTD', 'DELIVRD'], 'final', 'acceptd', 'ACCEPTD', false], // final: the first word stands
    [['ACCEPTD', 'DELIVRD'], 'intermediate', 'delivered', 'DELIVRD', false],
    [['ACCEPTD', 'UNDELIV'], 'intermediate', 'failed', 'UNDELIV', false],
    [['ACCEPTD', 'ENROUTE'], 'final', 'acceptd', 'ACCEPTD', false],
    [['ENROUTE', 'ACCEPTD'], 'intermediate', 'enroute', 'ACCEPTD', true],
    [['UNDELIV', 'ACCEPTD'], 'intermediate', 'failed', 'UNDELIV', false], // a final receipt is the last word
    [['DELIVRD', 'ACCEPTD'], 'final', 'delivered', 'DELIVRD', false],
  ] as const)('%j with --acceptd %s: %s', (receipts, acceptd, outcome, shown, awaited) => {
    const s = stateOf([...receipts], { acceptd });
    expect(s.get(K)!.parts[0]).toMatchObject({ state: 'accepted', receipt: outcome, receiptState: shown });
    expect([...s.pendingReceipts()].length).toBe(awaited ? 1 : 0);
  });

  it("'as-recorded' follows the last run record (report)", () => {
    expect(stateOf(['ACCEPTD'], { acceptd: 'as-recorded' }).get(K)!.parts[0]!.receipt).toBe('acceptd');
    expect(stateOf(['ACCEPTD'], { acceptd: 'as-recorded' }, { acceptd: 'intermediate' }).get(K)!.parts[0]!.receipt).toBe('enroute');
  });
});

describe('a campaign with ACCEPTD receipts (spawned, over TCP)', () => {
  // Row 2 gets ACCEPTD, row 3 UNDELIV, the others DELIVRD.
  async function campaign(extra: string[] = []) {
    const sim = await e2eSim({
      onSubmit: (_, ctx) => (ctx.index === 1 ? { receipt: { stat: 'ACCEPTD' } } : ctx.index === 2 ? { receipt: { stat: 'UNDELIV', err: '001' } } : undefined),
    });
    const dir = testDir();
    const rows = recipients(4).map((to, i) => ({ to, text: `message ${i}` }));
    writeBatch(`${dir}/b.csv`, rows);
    const journal = `${dir}/j.jsonl`;
    const args = [...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', journal, '--window', '1', '--wait', '5s', ...extra];
    return { sim, dir, journal, rows, args };
  }

  it('report: ACCEPTD is its own final outcome, not a failure (human, --json, exit code, --failed)', async () => {
    const { dir, journal, rows, args } = await campaign();
    expectExit(await cli(args), EXIT.receipts); // the UNDELIV
    const human = await cli(['report', journal]);
    expectExit(human, EXIT.receipts);
    expect(human.stdout).toMatch(/^Receipts delivered 2, ACCEPTD 1 \(final, not confirmed delivered\), failed 1, awaiting 0$/m);
    expect(human.stdout).not.toContain(`${rows[1]!.to} line`);
    const out = `${dir}/failed.csv`;
    const json = JSON.parse((await cli(['report', journal, '--json', '--failed', out])).stdout);
    expect(json.receipts).toEqual({ recorded: 4, delivered: 2, failed: 1, acceptd: 1, missing: 0, byState: { DELIVRD: 2, ACCEPTD: 1, UNDELIV: 1 } });
    expect(json.failures.map((e: { to: string }) => e.to)).toEqual([rows[2]!.to]);
    expect(json.missingReceipts).toEqual([]);
    expect(readFileSync(out, 'utf8').trim().split('\n').slice(1)).toEqual([`${rows[2]!.to},,4,failed,receipt UNDELIV (err 001)`]);
  });

  it('report: only ACCEPTD and DELIVRD exits 0', async () => {
    const sim = await e2eSim({ onSubmit: (_, ctx) => (ctx.index === 0 ? { receipt: { stat: 'ACCEPTD' } } : undefined) });
    const dir = testDir();
    const journal = `${dir}/j.jsonl`;
    expectExit(await cli([...connArgs(sim), '--to', recipients(2).join(','), '--text', 'hi', '--journal', journal, '--wait', '5s']), EXIT.ok);
    const r = await cli(['report', journal, '--json']);
    expectExit(r, EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, receipts: { delivered: 1, acceptd: 1, failed: 0, missing: 0 }, failures: [] });
  });

  it('report: a run with --acceptd intermediate left ACCEPTD awaiting its real outcome (exit 7 after --wait)', async () => {
    const { journal, rows, args } = await campaign(['--acceptd', 'intermediate', '--wait', '1s']);
    expectExit(await cli(args), EXIT.receipts);
    const r = await cli(['report', journal, '--json']);
    expectExit(r, EXIT.receipts);
    const json = JSON.parse(r.stdout);
    expect(json.receipts).toMatchObject({ delivered: 2, failed: 1, acceptd: 0, missing: 1 });
    expect(json.missingReceipts).toMatchObject([{ to: rows[1]!.to, outcome: 'awaiting-receipt', reason: 'last receipt ACCEPTD, no final one yet' }]);
  });

  it('a rerun with --acceptd intermediate treats a journaled ACCEPTD as not final: it waits for it', async () => {
    const { sim, journal, args } = await campaign();
    expectExit(await cli(args), EXIT.receipts);
    const submits = sim.stats.submits;
    // Same job, final (default): nothing to send, nothing to wait for; ACCEPTD counted as such.
    const again = await cli([...args, '--json']);
    expectExit(again, EXIT.receipts);
    const summary = (r: { stdout: string }) => JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(summary(again)).toMatchObject({ resumed: 4, acceptd: 1, failed: 1, delivered: 2, receiptsPending: 0 });
    // intermediate: the ACCEPTD message is still waiting; the wait ends without its receipt.
    const waiting = await cli([...args, '--json', '--acceptd', 'intermediate', '--wait', '1s']);
    expectExit(waiting, EXIT.receipts);
    expect(summary(waiting)).toMatchObject({ resumed: 4, acceptd: 0, failed: 1, delivered: 2, receiptsPending: 1 });
    expect(sim.stats.submits).toBe(submits); // nothing resent
  });
});
