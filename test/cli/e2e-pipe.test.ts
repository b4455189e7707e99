// Issue 9.1: `smpp-send --batch big.csv --json --journal j | head -1` used to die with
// "Error: write EPIPE" and a stack trace, exit 1, mid-batch, no unbind. A closed stdout now
// stops the run in order (nothing new taken, in flight settled, journal flushed, unbind) and
// exits 141 (`pipe`); rerunning with the same journal finishes the job.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runCli } from '../helpers/cli.js';
import { Ledger } from '../helpers/accounting.js';
import { journalRecords } from '../helpers/journal-records.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { testDir } from '../helpers/temp-dir.js';

it('stdout closed after the first line: exit 141, no stack trace, unbound, journal ended; a rerun finishes', async () => {
  const ledger = new Ledger();
  const sim = await startTestSim({ onPdu: ledger.onPdu, responseDelayMs: 2 });
  const dir = testDir();
  const batch = join(dir, 'b.csv');
  const to = recipients(2000);
  writeFileSync(batch, ['to,text', ...to.map((t) => `${t},hello`)].join('\n') + '\n');
  const journal = join(dir, 'j.jsonl');
  const args = ['--host', '127.0.0.1', '--port', String(sim.port), '--system-id', sim.systemId, '--batch', batch, '--journal', journal,
    '--json', '--no-progress', '--enquire-link', '0', '--window', '5'];
  const env = { SMPP_PASSWORD: sim.password };
  let closed = false;
  const r = await runCli(args, {
    env,
    onStdout: (_, child) => {
      if (closed) return;
      closed = true;
      child.stdout!.destroy(); // the reading end goes away, like `head -1` exiting
    },
  });
  expect(r.code, r.stderr).toBe(EXIT.pipe);
  expect(r.stderr).not.toMatch(/\n\s+at |EPIPE/);
  expect(sim.received.filter((p) => p.command === 'unbind')).toHaveLength(1);
  const records = await journalRecords(journal);
  expect(records.at(-1)?.ev).toBe('end');
  // The journal tells the same story as the exit status: output closed, not Ctrl-C.
  expect((records.at(-1) as { summary?: { exitCode?: number } }).summary?.exitCode).toBe(EXIT.pipe);
  const firstRun = ledger.totalAccepted;
  expect(firstRun).toBeLessThan(2000); // stopped early

  const again = await runCli(args, { env });
  expect(again.code, again.stderr).toBe(EXIT.ok);
  // Every message accepted exactly once over both runs: what was in flight was settled, not lost.
  expect(ledger.totalAccepted).toBe(2000);
  for (const t of to) expect(ledger.accepted(t)).toBe(1);
});
