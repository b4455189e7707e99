// Issue 8, 1a, end to end: the SMSC writes something fatal in the same TCP read as its
// bind_resp. Before the fix the run livelocked at 100% CPU, deaf to signals. Now every run ends
// by itself (exit 4, or done after a reconnect), and SIGTERM ends one that keeps reconnecting.
// Spawned on purpose: a regression livelocks the event loop, which only a separate process
// survives (runCli kills it at its timeout; in-process it would hang the test worker).
import type { RawPdu } from '../../src/smpp/codec.js';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runCli } from '../helpers/cli.js';
import { until } from '../helpers/until.js';
import { bigMo, bindResp, bytes, peer, type Peer } from '../smpp/peer.js';
import { expectOneLineError } from './harness.js';

const SEND = ['--to', '+447700900123', '--text', 'hi', '--no-progress'];
const FLAGS = ['--system-id', 'x', '--connect-timeout', '2s', '--response-timeout', '1s', '--enquire-link', '0', '--reconnect-delay', '10ms'];
const ENV = { SMPP_PASSWORD: 'pw' };
const at = (p: Peer) => ['--host', '127.0.0.1', '--port', String(p.port)];
const commands = (p: Peer) => p.received.map((x) => x.command);

/** Connection n (0-based) answers its bind with bind_resp + behind(n); submits get ROK unless `silent`. */
function scripted(behind: (n: number) => Buffer | undefined, silentOn: (n: number) => boolean = () => false) {
  return peer((pdu: RawPdu, socket, p) => {
    const n = p.sockets.indexOf(socket);
    if (pdu.command.startsWith('bind_')) return Buffer.concat([bindResp(pdu), behind(n) ?? Buffer.alloc(0)]);
    if (pdu.command === 'submit_sm') {
      if (silentOn(n)) {
        socket.destroy(); // the link drops with the submit unanswered
        return undefined;
      }
      return pdu.response({ message_id: `id-${n}-${pdu.sequence_number}` }).toBuffer();
    }
    if (pdu.command === 'unbind') return pdu.response().toBuffer();
    return undefined;
  });
}

const UNBIND = bytes('unbind', { sequence_number: 77 });

it('unbind in the bind_resp read at the first bind: exit 4 at once, nothing sent', async () => {
  const p = await scripted(() => UNBIND);
  const r = await runCli([...SEND, ...FLAGS, ...at(p), '--reconnect-attempts', '0'], { env: ENV, timeoutMs: 15_000 });
  expectOneLineError(r, EXIT.connection, /lost right after bind: the SMSC 127\.0\.0\.1:\d+ unbound the session \(sent unbind\)/);
  expect(commands(p)).not.toContain('submit_sm');
});

it('garbage in the bind_resp read at every reconnect: the run ends by itself with exit 4', async () => {
  const garbage = Buffer.from('ffffffff00000004', 'hex');
  const p = await scripted((n) => (n === 0 ? undefined : garbage), (n) => n === 0);
  const r = await runCli([...SEND, ...FLAGS, ...at(p), '--reconnect-attempts', '3'], { env: ENV, timeoutMs: 20_000 });
  expect(r.signal, r.stderr).toBeNull();
  expect([EXIT.connection, EXIT.unconfirmed], r.stderr).toContain(r.code);
  expect(r.stderr).toMatch(/lost right after bind: received a malformed PDU/);
  expect(p.sockets.length).toBe(4); // the first bind and 3 attempts, no more
});

it('a 64 KB MO in the bind_resp read of the reconnect: delivered, and the run completes (exit 0)', async () => {
  const p = await scripted((n) => (n === 0 ? undefined : bigMo(5)), (n) => n === 0);
  const r = await runCli([...SEND, ...FLAGS, ...at(p), '--reconnect-attempts', '2'], { env: ENV, timeoutMs: 20_000 });
  expect(r.code, r.stderr).toBe(EXIT.ok);
  await until(() => commands(p).includes('unbind'), 'our unbind at the peer'); // the peer may read the last bytes after the CLI exits
  const resp = p.received.find((x) => x.command === 'deliver_sm_resp');
  expect(resp && [resp.sequence_number, resp.command_status]).toEqual([5, 0]);
  expect(commands(p).filter((c) => c === 'submit_sm')).toHaveLength(2); // the dropped copy, then the resend
});

it('SIGTERM ends a run that keeps meeting an unbind right after each bind', async () => {
  const p = await scripted((n) => (n === 0 ? undefined : UNBIND), (n) => n === 0);
  let binds = 0;
  const r = await runCli([...SEND, ...FLAGS, ...at(p), '--reconnect-attempts', '1000', '--reconnect-delay', '200ms'], {
    env: ENV,
    timeoutMs: 20_000,
    onSpawn: (child) => {
      const poll = setInterval(() => {
        binds = commands(p).filter((c) => c.startsWith('bind_')).length;
        if (binds >= 3) {
          clearInterval(poll);
          child.kill('SIGTERM');
        }
      }, 20);
      child.on('exit', () => clearInterval(poll));
    },
  });
  expect(binds).toBeGreaterThanOrEqual(3);
  expect(r.signal, r.stderr).toBeNull(); // ended by itself after the signal, not killed by the test's timeout
  expect(r.code, r.stderr).toBe(EXIT.interrupted);
});
