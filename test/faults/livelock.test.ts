// Issue 8.1 and 8.4: an SMSC that kills the link during or right after the bind, resets it
// mid-batch, or binds and never answers must not hang the run, spin the CPU, grow the journal
// or make it deaf to signals. Each case spawns the built CLI against a scripted raw SMSC, so a
// livelock cannot freeze the test itself: it would show as a kill at the timeout instead.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runCli, type CliOptions, type CliResult } from '../helpers/cli.js';
import { CMD, pdu, startRawSmsc, type RawScript, type RawSmsc } from '../helpers/raw-smsc.js';
import { recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';

const STACK = /\n\s+at /;

async function run(script: RawScript, flags: string[], opts: { rows?: number; timeoutMs?: number; onSpawn?: (child: Parameters<NonNullable<CliOptions['onSpawn']>>[0], smsc: RawSmsc) => void } = {}) {
  const smsc = await startRawSmsc(script);
  const dir = testDir();
  const batch = join(dir, 'b.csv');
  writeFileSync(batch, ['to,text', ...recipients(opts.rows ?? 300).map((t) => `${t},hello`)].join('\n') + '\n');
  const journal = join(dir, 'j.jsonl');
  const t0 = Date.now();
  const r: CliResult = await runCli(
    ['--host', '127.0.0.1', '--port', String(smsc.port), '--system-id', 'raw', '--batch', batch, '--journal', journal,
      '--no-progress', '--connect-timeout', '1s', '--reconnect-delay', '50ms', ...flags],
    { env: { SMPP_PASSWORD: 'secret' }, timeoutMs: opts.timeoutMs ?? 12_000, ...(opts.onSpawn ? { onSpawn: (child) => opts.onSpawn!(child, smsc) } : {}) },
  );
  return { r, smsc, journalBytes: statSync(journal).size, ms: Date.now() - t0 };
}

/** Ended by itself (not killed at the timeout), with a journal that did not balloon and no stack trace. */
function expectEndedInOrder(x: { r: CliResult; journalBytes: number }) {
  expect(x.r.signal, `killed: ${x.r.stderr.slice(0, 400)}`).toBeNull();
  expect(x.journalBytes).toBeLessThan(1_000_000);
  expect(x.r.stderr + x.r.stdout).not.toMatch(STACK);
}

it.each([
  ['an unbind', pdu(CMD.unbind, 1)],
  ['a PDU with a broken length', Buffer.from('0000000400', 'hex')],
])('8.1a: %s in the same read as the bind_resp is a lost link at every bind: exit 4, bounded', async (_, after) => {
  const x = await run({ onBind: () => ({ after }) }, ['--reconnect-attempts', '2']);
  expectEndedInOrder(x);
  expect(x.r.code).toBe(EXIT.connection);
  // The first bind and at most --reconnect-attempts more (whether the death is seen at bind time
  // or one turn later, as a link lost at once).
  expect(x.smsc.connections).toBeLessThanOrEqual(3);
  expect(x.r.stderr).toMatch(/^error: link to 127\.0\.0\.1:\d+ .*(unbound the session|malformed PDU|right after (the )?bind)/m);
});

it('8.1a: after a good start, binds that die at once are reconnected within the budget, then exit 4 with the rest unsent', async () => {
  const x = await run(
    { onBind: (c) => (c.index === 0 ? {} : { after: pdu(CMD.unbind, 1) }), onSubmit: (c) => (c.submits <= 10 ? 'answer' : 'close') },
    ['--reconnect-attempts', '3', '--json'],
  );
  expectEndedInOrder(x);
  expect(x.r.code).toBe(EXIT.connection);
  expect(x.smsc.connections).toBe(4); // the first bind and three reconnects
  const summary = JSON.parse(x.r.stdout.trim().split('\n').at(-1)!);
  expect(summary.accepted).toBe(10);
  expect(summary.accepted + summary.unsent + summary.unconfirmed).toBe(300);
});

it.each([1, 2, 3, 4])('8.1b: the SMSC closes the link instead of answering the 11th submit, at every bind (run %i): the run ends by itself', async () => {
  const x = await run({ onSubmit: (c) => (c.submits <= 10 ? 'answer' : c.submits === 11 ? 'close' : 'silent') }, [
    '--enquire-link', '0', '--response-timeout', '2s', '--reconnect-attempts', '30',
  ]);
  expectEndedInOrder(x);
  expect(x.r.code).toBe(EXIT.ok);
});

it('8.1b: resets (RST) after 10 answers, at every bind: the run ends by itself', async () => {
  const x = await run({ onSubmit: (c) => (c.submits <= 10 ? 'answer' : c.submits === 11 ? 'reset' : 'silent') }, [
    '--enquire-link', '0', '--response-timeout', '2s', '--reconnect-attempts', '30',
  ]);
  expectEndedInOrder(x);
  expect([EXIT.ok, EXIT.unconfirmed]).toContain(x.r.code);
});

it('8.1: a signal ends a run whose every bind dies at once', async () => {
  const x = await run({ onBind: (c) => (c.index === 0 ? {} : { after: pdu(CMD.unbind, 1) }), onSubmit: (c) => (c.submits <= 10 ? 'answer' : 'close') }, [
    '--reconnect-attempts', '1000', '--reconnect-delay', '10ms',
  ], {
    // Once it is busy reconnecting to binds that die at once.
    onSpawn: (child, smsc) => {
      const poll = setInterval(() => {
        if (smsc.connections < 3) return;
        clearInterval(poll);
        child.kill('SIGTERM');
      }, 10);
      child.on('exit', () => clearInterval(poll));
    },
  });
  expect(x.smsc.connections).toBeGreaterThanOrEqual(3);
  expectEndedInOrder(x);
  expect(x.r.code).toBe(EXIT.interrupted);
});

it('8.4: a server that binds and then never reads is given up on after --reconnect-attempts lost links without an answer: exit 4', async () => {
  const x = await run({ stopReadingAfterBind: true }, ['--enquire-link', '200ms', '--response-timeout', '300ms', '--reconnect-attempts', '3', '--json'], {
    rows: 2000,
  });
  expectEndedInOrder(x);
  expect(x.r.code).toBe(EXIT.connection);
  expect(x.smsc.binds).toBe(4);
  expect(x.r.stderr).toMatch(/not restored after 3 attempts since the SMSC last answered a submit/);
  const summary = JSON.parse(x.r.stdout.trim().split('\n').at(-1)!);
  expect(summary.accepted).toBe(0);
  expect(summary.unsent + summary.unconfirmed).toBe(2000);
});
