// Issue 8.5: a journal write that fails mid-run (here EFBIG: the file-size limit of `ulimit -f`)
// used to be thrown from inside setImmediate: a stack trace, exit 1, no unbind. Now: one line,
// nothing more sent, what is in flight settled, the session unbound, exit 11 (`journal`).
import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { BIN, cleanEnv, jsonLines } from '../helpers/cli.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { testDir } from '../helpers/temp-dir.js';

function runLimited(limitKb: number, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // dash and bash both take `ulimit -f` in blocks; 512 bytes (POSIX) or 1024 (bash): either way small.
    const child = spawn('/bin/sh', ['-c', `ulimit -f ${limitKb * 2} && exec "$0" "$@"`, process.execPath, BIN, ...args], {
      env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

it('a journal that hits the file-size limit mid-run: one line, exit 11, nothing more sent, unbound', async () => {
  const sim = await startTestSim();
  const dir = testDir();
  const batch = join(dir, 'b.csv');
  writeFileSync(batch, ['to,text', ...recipients(2000).map((t) => `${t},hello`)].join('\n') + '\n');
  const journal = join(dir, 'j.jsonl');
  const r = await runLimited(
    16,
    ['--host', '127.0.0.1', '--port', String(sim.port), '--system-id', sim.systemId, '--batch', batch, '--journal', journal,
      '--json', '--no-progress', '--enquire-link', '0'],
    { SMPP_PASSWORD: sim.password },
  );
  expect(r.code, r.stderr).toBe(EXIT.journal);
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/--journal .*j\.jsonl: cannot write \(file too large\)/);
  const summary = jsonLines(r.stdout).at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', exitCode: EXIT.journal });
  // Stopped early: most of the batch was not sent, every row is accounted for.
  expect(summary.unsent).toBeGreaterThan(1000);
  expect(summary.accepted + summary.unsent + summary.unconfirmed + summary.rejected).toBe(2000);
  const submits = sim.received.filter((p) => p.command === 'submit_sm').length;
  expect(submits).toBe(summary.accepted + summary.unconfirmed);
  expect(sim.received.filter((p) => p.command === 'unbind')).toHaveLength(1);
  expect(statSync(journal).size).toBeLessThanOrEqual(32 * 1024);
});
