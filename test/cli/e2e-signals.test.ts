// End to end: Ctrl-C. The first SIGINT stops taking messages, waits briefly for replies already
// due, unbinds and prints the summary (exit 130); a second one leaves at once (exit 130).
import type { ChildProcess } from 'node:child_process';
import { expect, it } from 'vitest';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { commands, submits } from '../helpers/submits.js';

const cli = useCli();

const RECIPIENTS = Array.from({ length: 40 }, (_, i) => `+4477009001${String(i).padStart(2, '0')}`).join(',');

/** Calls `act` once, on the first stdout output. */
function onFirstOutput(act: (child: ChildProcess) => void) {
  let done = false;
  return (_: string, child: ChildProcess) => {
    if (done) return;
    done = true;
    act(child);
  };
}

it('first SIGINT: stops sending, unbinds, prints the summary, exits 130', async () => {
  const sim = await e2eSim({ responseDelayMs: 100 });
  const r = await cli([...connArgs(sim), '--json', '--window', '2', '--to', RECIPIENTS, '--text', 'hi'], {
    onStdout: onFirstOutput((child) => child.kill('SIGINT')),
  });
  expectExit(r, 130);
  const lines = jsonLines(r.stdout);
  const summary = lines.at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', interrupted: true, exitCode: 130 });
  // Stopped early: not all 40 went out, and every one that went out was answered and reported.
  const sent = submits(sim).length;
  expect(sent).toBeLessThan(40);
  expect(summary.accepted).toBe(sent);
  expect(lines.filter((l) => l.type === 'submitted')).toHaveLength(sent);
  expect(commands(sim).at(-1)).toBe('unbind');
});

it('a plain run prints the summary marked interrupted', async () => {
  const sim = await e2eSim({ responseDelayMs: 100 });
  const r = await cli([...connArgs(sim), '--window', '2', '--to', RECIPIENTS, '--text', 'hi'], {
    onStdout: onFirstOutput((child) => child.kill('SIGINT')),
  });
  expectExit(r, 130);
  expect(r.stdout).toMatch(/^Summary: .* · interrupted$/m);
  expect(commands(sim).at(-1)).toBe('unbind');
});

it('first SIGINT with the window full and no replies coming: sends nothing more, unbinds, exits 130', async () => {
  // The first submit is answered (its line is the cue), the next ten fill the window and are
  // never answered, the twelfth waits for a window slot when the SIGINT comes.
  const sim = await e2eSim({ onSubmit: (_, { index }) => (index === 0 ? undefined : { reply: 'none' }) });
  const r = await cli(
    [...connArgs(sim), '--json', '--window', '10', '--response-timeout', '2s', '--to', RECIPIENTS, '--text', 'hi'],
    { onStdout: onFirstOutput((child) => child.kill('SIGINT')) },
  );
  expectExit(r, 130);
  expect(submits(sim)).toHaveLength(11);
  const summary = jsonLines(r.stdout).at(-1)!;
  // The twelfth is reported as not sent rather than silently dropped.
  expect(summary).toMatchObject({ type: 'summary', accepted: 1, unconfirmed: 10, unsent: 1, interrupted: true, exitCode: 130 });
  expect(commands(sim).at(-1)).toBe('unbind');
});

it('second SIGINT: exits 130 at once, without waiting for replies that never come', async () => {
  // Only the first submit is answered: after one SIGINT the run would wait for the others.
  const sim = await e2eSim({ onSubmit: (_, { index }) => (index === 0 ? undefined : { reply: 'none' }) });
  let timer: NodeJS.Timeout | undefined;
  const r = await cli([...connArgs(sim), '--json', '--response-timeout', '30s', '--to', RECIPIENTS, '--text', 'hi'], {
    // Repeat until it exits: signals sent back to back could merge into one.
    onStdout: onFirstOutput((child) => {
      child.kill('SIGINT');
      timer = setInterval(() => child.exitCode === null && child.signalCode === null && child.kill('SIGINT'), 100);
    }),
  });
  clearInterval(timer);
  expectExit(r, 130);
  // No summary: it did not take the graceful path, which would end with one.
  const types = jsonLines(r.stdout).map((l) => l.type);
  expect(types[0]).toBe('submitted');
  expect(types).not.toContain('summary');
});
