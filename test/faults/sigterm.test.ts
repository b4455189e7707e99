// A graceful stop: SIGTERM in the middle of a journalled batch. The run stops taking messages,
// waits for the replies already due, unbinds, closes the journal with its 'end' record and
// exits 130; a rerun sends the rest and nothing that was accepted.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { Ledger } from '../helpers/accounting.js';
import { writeBatch } from '../helpers/batch.js';
import { journalRecords } from '../helpers/journal-records.js';
import { longText, recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

it.each([5, 25])('SIGTERM after %i submits: exit 130, a consistent journal, a rerun finishes without resending', async (after) => {
  const ledger = new Ledger();
  let stop: (() => void) | undefined;
  const sim = await e2eSim({
    onPdu: ledger.onPdu,
    // Replies take a moment, so some are due when the signal comes.
    responseDelayMs: 20,
    onSubmit: (_, ctx) => {
      if (ctx.index + 1 === after) stop?.();
      return undefined;
    },
  });
  const dir = testDir();
  const to = recipients(60);
  const rows = to.map((r, i) => ({ to: r, text: i % 4 === 3 ? longText(3) : `message ${i}` }));
  const batch = `${dir}/batch.csv`;
  const journal = `${dir}/j.jsonl`;
  writeBatch(batch, rows);
  const args = [...connArgs(sim), '--batch', batch, '--journal', journal, '--window', '5', '--tps', '100', '--json'];

  const first = await cli(args, { onSpawn: (child) => (stop = () => child.kill('SIGTERM')) });
  expectExit(first, EXIT.interrupted);
  const s1 = jsonLines(first.stdout).at(-1)!;
  expect(s1).toMatchObject({ type: 'summary', interrupted: true, exitCode: EXIT.interrupted, unconfirmed: 0 });
  expect(s1.accepted).toBeLessThan(rows.length);
  expect(sim.received.filter((p) => p.command === 'unbind').map((p) => p.session)).toEqual([1]);

  // The journal reads back and ends with the run's own 'end' record.
  const records = await journalRecords(journal);
  expect(records.at(-1)).toMatchObject({ ev: 'end', summary: { exitCode: EXIT.interrupted, accepted: s1.accepted } });
  const state = await loadResumeState(journal);
  const done = [...state.messages()].filter((m) => m.done);
  expect(done).toHaveLength(s1.accepted);
  expect([...state.messages()].every((m) => m.done || m.parts.every((p) => p.state === 'pending' || p.state === 'accepted'))).toBe(true);

  const second = await cli(args);
  expectExit(second, EXIT.ok);
  const s2 = jsonLines(second.stdout).at(-1)!;
  expect(s2).toMatchObject({ resumed: s1.accepted, accepted: rows.length - s1.accepted, possibleDuplicates: 0 });
  // Every part went to the SMSC once: nothing accepted was sent again, nothing was lost.
  for (const [i, r] of rows.entries()) {
    const parts = r.text.length > 160 ? 3 : 1;
    for (let p = 0; p < parts; p++) expect([ledger.submits(to[i]!, p), ledger.accepted(to[i]!, p)], `${to[i]} part ${p + 1}`).toEqual([1, 1]);
  }

  const report = await cli(['report', journal, '--json']);
  expect(JSON.parse(report.stdout)).toMatchObject({
    finished: true,
    runs: 2,
    messages: { total: rows.length, accepted: rows.length, unconfirmed: 0, unsent: 0, rejected: 0 },
  });
});
