// Issue 8.1a on the receive side: an SMSC that ends the link in the same read as its bind_resp
// must not leave `listen` waiting for a close that was already emitted. It is a lost link at
// bind: exit 4, never a hang until --timeout.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runCli } from '../helpers/cli.js';
import { CMD, pdu, startRawSmsc } from '../helpers/raw-smsc.js';

it('listen: an unbind right behind every bind_resp ends the run with exit 4, not at --timeout', async () => {
  const smsc = await startRawSmsc({ onBind: () => ({ after: pdu(CMD.unbind, 1) }) });
  const r = await runCli(
    ['listen', '--host', '127.0.0.1', '--port', String(smsc.port), '--system-id', 'raw', '--timeout', '60s',
      '--connect-timeout', '1s', '--reconnect-delay', '50ms', '--reconnect-attempts', '2'],
    { env: { SMPP_PASSWORD: 'secret' }, timeoutMs: 15_000 },
  );
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(EXIT.connection);
  expect(r.stderr).toMatch(/^error: .*127\.0\.0\.1:\d+/m);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(smsc.connections).toBeLessThanOrEqual(3);
});
