// Issue 8.11: a submit the SMSC never answers, on a link that stays up. The user is told what
// happened (copies, each after --response-timeout), as it happens, never "the link dropped" or
// "--at-most-once" when neither is true; and one message costs two timeouts, not three.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runCli, jsonLines } from '../helpers/cli.js';
import { startTestSim } from '../helpers/sim.js';

it('one message, a silent SMSC: two copies, announced, then one line saying what happened (exit 8)', async () => {
  const sim = await startTestSim({ onSubmit: () => ({ reply: 'none' }) });
  const args = ['--host', '127.0.0.1', '--port', String(sim.port), '--system-id', sim.systemId, '--to', '+447700900123', '--text', 'hi',
    '--response-timeout', '300ms', '--enquire-link', '0', '--no-progress'];
  const r = await runCli(args, { env: { SMPP_PASSWORD: sim.password } });
  expect(r.code, r.stderr).toBe(EXIT.unconfirmed);
  expect(sim.received.filter((p) => p.command === 'submit_sm')).toHaveLength(2);
  expect(r.stderr).toMatch(/no submit_sm_resp within 0\.3s \(--response-timeout\), sending it again \(possible duplicate\)/);
  expect(r.stdout).toMatch(/unconfirmed: no submit_sm_resp to any of 2 copies sent \(2 timed out after 0\.3s each, --response-timeout\)/);
  expect(r.stdout + r.stderr).not.toMatch(/link dropped|at-most-once/);

  const json = await runCli([...args, '--json'], { env: { SMPP_PASSWORD: sim.password } });
  const unconfirmed = jsonLines(json.stdout).find((l) => l.type === 'unconfirmed');
  expect(unconfirmed?.reason).toMatch(/^no submit_sm_resp to any of 2 copies sent/);
});
