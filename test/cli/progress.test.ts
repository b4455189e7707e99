// The progress line on a terminal that reports 0×0, and beside --json: in-process through main(),
// since the terminal on stderr is the subject (a spawned child cannot be given one), against the
// simulator over real TCP.
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { jsonLines } from '../helpers/cli.js';
import { startTestSim } from '../helpers/sim.js';

async function run(extra: string[]) {
  const sim = await startTestSim({ responseDelayMs: 150 });
  let stdout = '';
  let stderr = '';
  const to = Array.from({ length: 6 }, (_, i) => `+44770090010${i}`).join(',');
  const code = await main({
    argv: ['--port', String(sim.port), '--system-id', sim.systemId, '--window', '1', '--to', to, '--text', 'hi', ...extra],
    env: { SMPP_PASSWORD: sim.password, HOME: '/nonexistent' }, cwd: '/', stdin: Readable.from([]), stdinIsTTY: true,
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t), isTTY: true, columns: 0, rows: 0 } as never,
  });
  return { code, stdout, stderr };
}

it('a terminal reporting 0×0 columns still gets the progress line (80 columns assumed)', async () => {
  const r = await run([]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/sent \d+\/6 · accepted \d+/);
});

it('with --json on stdout and a terminal on stderr, the progress line still shows on stderr', async () => {
  const r = await run(['--json']);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/sent \d+\/6 · accepted \d+/);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', accepted: 6 }); // stdout stays pure JSON
});
