// The words a person reads: what the CLI says when asked nothing, a flag is mistyped, a number is
// given twice, or the run is stopped. In-process through main(io); a terminal on stdin is given
// to main() directly, Ctrl-C is the stop signal bin/smpp-send raises on SIGINT.
import { expect, it } from 'vitest';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { submits } from '../helpers/submits.js';
import { runMain, type RunningMain } from '../helpers/in-process.js';

const cli = useCli(runMain);

it('no arguments on a terminal: the help, exit 0 (as git and gh do)', async () => {
  const r = await cli([], { stdinIsTTY: true });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Usage: smpp-send /);
  expect(r.stderr).toBe('');
});

it('no arguments with input piped in: a run as before (config recipients may exist), here "no recipient"', async () => {
  const r = await cli([]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^error: no recipient/);
});

it('-v suggests -V/--version', async () => {
  const r = await cli(['-v']);
  expectExit(r, 2);
  expect(r.stderr.trim()).toBe("error: unknown option '-v' (did you mean -V/--version?)");
});

it('--help mentions smpp-sim', async () => {
  const r = await cli(['--help']);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/smpp-sim runs a local one/);
});

it('--to A,A: "recipient A given twice", sent once', async () => {
  const sim = await e2eSim();
  const r = await cli([...connArgs(sim), '--to', '+447700900123,+447700900123', '--text', 'hi']);
  expectExit(r, 0);
  expect(r.stderr.trim()).toBe('! --to: recipient +447700900123 given twice: sent once (--allow-duplicates sends it again)');
  expect(submits(sim)).toHaveLength(1);
});

it('after Ctrl-C a message not yet sent is not marked as a failure', async () => {
  // The first submit is answered (its line is the cue), the next two fill the window and are
  // never answered; the fourth waits for a window slot when the SIGINT comes.
  const sim = await e2eSim({ onSubmit: (_, { index }) => (index === 0 ? undefined : { reply: 'none' }) });
  const to = Array.from({ length: 6 }, (_, i) => `+44770090010${i}`).join(',');
  let sent = false;
  const r = await cli([...connArgs(sim), '--window', '2', '--response-timeout', '2s', '--to', to, '--text', 'hi'], {
    onStdout: (_: string, child: RunningMain) => {
      if (!sent) child.kill('SIGINT');
      sent = true;
    },
  });
  expectExit(r, 130);
  const unsent = r.stdout.split('\n').filter((l) => l.includes('not sent') && !l.startsWith('Summary'));
  expect(unsent.length, r.stdout).toBeGreaterThan(0);
  for (const l of unsent) expect(l).toMatch(/^- \+4477009001\d+ not sent: the run was interrupted/);
  expect(r.stdout).not.toMatch(/✖/);
});
