// kill -9 at arbitrary points of a journalled batch, then the same command again until it
// succeeds. The journal must make this safe: every row accepted at least once, a copy the SMSC
// got twice only where the journal shows a copy that never got its answer (no silent
// duplicate), every submit the SMSC saw preceded by its 'sending' record, and `report` agreeing.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { Ledger } from '../helpers/accounting.js';
import { writeBatch } from '../helpers/batch.js';
import { journalRecords, partHistories } from '../helpers/journal-records.js';
import { longText, recipients } from '../helpers/recipients.js';
import { seeded } from '../helpers/seeded.js';
import { testDir, testJournal } from '../helpers/temp-dir.js';

const cli = useCli();

/** Kills the running CLI with SIGKILL once the SMSC has seen `at` submits in total. */
class Killer {
  child: ChildProcess | undefined;
  at: number | undefined;
  kills = 0;
  readonly onSubmit = (index: number) => {
    if (this.at === undefined || index + 1 < this.at || !this.child) return;
    this.at = undefined;
    this.kills++;
    this.child.kill('SIGKILL');
  };
}

it.each([
  { seed: 1, startup: true },
  { seed: 2, startup: false },
  { seed: 3, startup: false },
])('seed $seed: SIGKILL three times at random points (the first during start-up: $startup), then resume until done', async ({ seed, startup }) => {
  const random = seeded(seed);
  const ledger = new Ledger();
  const killer = new Killer();
  const sim = await e2eSim({
    onPdu: ledger.onPdu,
    onSubmit: (_, ctx) => {
      killer.onSubmit(ctx.index);
      return undefined;
    },
  });
  const dir = testDir();
  const to = recipients(100);
  // Every fifth message is two parts long, so some kills land between parts.
  const rows = to.map((r, i) => ({ to: r, text: i % 5 === 4 ? longText(2) : `message ${i}` }));
  const batch = `${dir}/batch.csv`;
  const journal = `${dir}/j.jsonl`;
  writeBatch(batch, rows);
  const args = [...connArgs(sim), '--batch', batch, '--journal', journal, '--window', '10', '--tps', '200', '--json'];

  let last;
  let runs = 0;
  for (; runs < 8; runs++) {
    // A kill during start-up is timed (it may land before the bind or after the first
    // submits); the others land after a random number of further submits.
    const byTime = runs === 0 && startup ? 20 + Math.floor(random() * 200) : undefined;
    killer.at = runs < 3 && byTime === undefined ? sim.stats.submits + 1 + Math.floor(random() * 40) : undefined;
    last = await cli(args, {
      onSpawn: (child) => {
        killer.child = child;
        if (byTime !== undefined) setTimeout(() => child.kill('SIGKILL'), byTime);
      },
    });
    killer.at = undefined;
    if (last.code === 0) break;
    expect(last.signal, `run ${runs + 1}: killed, or exit 0\n${last.stderr}`).toBe('SIGKILL');
    // Whatever the kill left, the journal still reads (a torn last line is ignored); a kill
    // before it was created leaves none.
    if (existsSync(journal)) await journalRecords(journal);
  }
  expectExit(last!, EXIT.ok);
  expect(killer.kills).toBe(startup ? 2 : 3);

  const records = await journalRecords(journal);
  const histories = partHistories(records);
  const parts = rows.reduce((n, r) => n + (r.text.length > 160 ? 2 : 1), 0);
  expect(histories.size).toBe(parts);
  for (const [id, h] of histories) {
    const part = Number(id.split('#').at(-1));
    const smsc = ledger.accepted(h.to, part);
    const where = `${h.to} part ${part + 1}: SMSC accepted ${smsc}, journal ${JSON.stringify(h)}`;
    expect(smsc, where).toBeGreaterThanOrEqual(1);
    expect(h.accepted, where).toBe(1);
    // A second copy at the SMSC only where the journal shows a copy left without an answer.
    expect(smsc, where).toBeLessThanOrEqual(h.accepted + h.unanswered);
    // The 'sending' record is on disk before the PDU is on the wire.
    expect(ledger.submits(h.to, part), where).toBeLessThanOrEqual(h.sendings);
  }

  const summary = jsonLines(last!.stdout).at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', exitCode: 0, unsent: 0, unconfirmed: 0, rejected: 0 });
  expect(summary.messages + summary.resumed).toBe(rows.length);

  const report = await cli(['report', journal, '--json']);
  expectExit(report, EXIT.ok);
  expect(JSON.parse(report.stdout)).toMatchObject({
    type: 'report',
    finished: true,
    // A kill during start-up may come before the run wrote its first record.
    runs: records.filter((r) => r.ev === 'run').length,
    messages: { total: rows.length, accepted: rows.length, rejected: 0, unconfirmed: 0, unsent: 0 },
    parts,
  });
});

it('a long message killed between parts: the rerun sends only the missing parts, with the same reference', async () => {
  const ledger = new Ledger();
  let child: ChildProcess | undefined;
  const sim = await e2eSim({
    onPdu: ledger.onPdu,
    // Part 2 is never answered: the CLI is killed while it waits for that reply.
    onSubmit: (_, ctx) => {
      if (ctx.index !== 1) return undefined;
      child?.kill('SIGKILL');
      return { reply: 'none' };
    },
  });
  const journal = testJournal();
  const [to] = recipients(1);
  const text = longText(5);
  const args = [...connArgs(sim), '--to', to!, '--text', text, '--journal', journal, '--window', '1', '--json'];

  const first = await cli(args, { onSpawn: (c) => (child = c) });
  expect(first.signal).toBe('SIGKILL');
  expect(sim.messages).toHaveLength(0);
  const second = await cli(args);
  expectExit(second, EXIT.ok);

  // Part 1 was accepted and journalled: not sent again. Part 2 went twice (its first copy was
  // never answered, so never accepted); parts 3-5 once.
  expect([0, 1, 2, 3, 4].map((p) => ledger.submits(to!, p))).toEqual([1, 2, 1, 1, 1]);
  expect([0, 1, 2, 3, 4].map((p) => ledger.accepted(to!, p))).toEqual([1, 1, 1, 1, 1]);
  expect(ledger.refs.get(to!.slice(1))?.size, 'one concatenation reference for all parts').toBe(1);
  // The SMSC put the message back together, once, complete.
  expect(sim.messages).toHaveLength(1);
  expect(sim.messages[0]).toMatchObject({ to: to!.slice(1), parts: 5, text, complete: true });
  const submitted = jsonLines(second.stdout).filter((l) => l.type === 'submitted');
  expect(submitted).toHaveLength(1);
  expect(submitted[0]).toMatchObject({ possibleDuplicate: true, parts: 5 });
  expect(submitted[0]!.ids).toEqual([0, 1, 2, 3, 4].map((p) => ledger.ids(to!, p)[0]));
});
