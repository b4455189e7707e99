// Issue 9.9: --binds N on an account that allows fewer sessions. The first bind proves the
// credentials; a later bind refused (ESME_RBINDFAIL) is a session limit: go on with the binds
// that worked and warn once, instead of exit 5 with nothing sent and a hint about the password.
import { expect, it } from 'vitest';
import { runSend } from '../../src/send/run.js';
import { EXIT } from '../../src/exit-codes.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { expectAccountedFor, Ledger } from '../helpers/accounting.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { runCli, jsonLines } from '../helpers/cli.js';

it.each([
  { binds: 3, allowed: 1 },
  { binds: 4, allowed: 2 },
])('--binds $binds on an account allowing $allowed: all sent over $allowed, one warning', async ({ binds, allowed }) => {
  const ledger = new Ledger();
  let bound = 0;
  const sim = await startTestSim({ onPdu: ledger.onPdu, onBind: () => (++bound > allowed ? { status: 0x0d } : undefined) });
  const to = recipients(30);
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to, binds, window: 2 }), deps);
  await expectAccountedFor({ to, summary, events: deps.events, ledger });
  expect(summary.exitCode).toBe(EXIT.ok);
  expect(summary.counts.accepted).toBe(30);
  expect(new Set(sim.received.filter((p) => p.command === 'submit_sm').map((p) => p.session)).size).toBe(allowed);
  const warnings = eventsOf(deps.events, 'warning');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.message).toMatch(new RegExp(`--binds ${binds}: the SMSC refused ${binds - allowed} of the extra binds .*ESME_RBINDFAIL.*fewer sessions; going on with ${allowed}`));
  expect(warnings[0]!.message).not.toMatch(/password/);
});

it('the CLI prints the warning once on stderr (and as a JSON warning), exit 0', async () => {
  let bound = 0;
  const sim = await startTestSim({ onBind: () => (++bound > 1 ? { status: 0x0d } : undefined) });
  const args = ['--host', '127.0.0.1', '--port', String(sim.port), '--system-id', sim.systemId, '--binds', '3', '--to', '+447700900123', '--text', 'hi', '--no-progress', '--enquire-link', '0'];
  const plain = await runCli(args, { env: { SMPP_PASSWORD: sim.password } });
  expect(plain.code, plain.stderr).toBe(EXIT.ok);
  expect(plain.stderr.match(/warning:/g)).toHaveLength(1);
  expect(plain.stderr).toMatch(/refused 2 of the extra binds/);
  bound = 0;
  const json = await runCli([...args, '--json'], { env: { SMPP_PASSWORD: sim.password } });
  expect(json.code).toBe(EXIT.ok);
  expect(jsonLines(json.stdout).filter((l) => l.type === 'warning')).toHaveLength(1);
});

it('a refused first bind is still a bind error (exit 5): nothing proves the credentials', async () => {
  const sim = await startTestSim({ onBind: () => ({ status: 0x0d }) });
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, binds: 3 }), deps);
  expect(summary.exitCode).toBe(EXIT.bind);
});
