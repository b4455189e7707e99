// Issue 8, 1a: what the SMSC writes in the same TCP read as its bind_resp. Before the fix the
// session's close was emitted before anyone listened, the session was handed out "bound", and
// every submit failed at once, for ever. Now: a link that dies right after bind makes
// openSession reject (a failed connect, for the caller's reconnect budget); a later close
// reaches even a late listener; and what arrives behind the bind_resp (a receipt, a 64 KB MO)
// reaches the caller's listeners instead of being answered unseen.
import { expect, it } from 'vitest';
import { LinkClosedError } from '../../src/errors.js';
import type { RawPdu } from '../../src/smpp/codec.js';
import { openSession } from '../../src/smpp/index.js';
import { until } from '../helpers/until.js';
import { openTestSession, options } from './helpers.js';
import { bigMo, bindResp, bytes, peer, receiptWithBrokenTlv, type Script } from './peer.js';

/** A peer that answers the bind with bind_resp + `behind` in one write, and submits with ROK. */
function bindThen(behind: () => Buffer): Script {
  return (pdu) => {
    if (pdu.command.startsWith('bind_')) return Buffer.concat([bindResp(pdu), behind()]);
    if (pdu.command === 'submit_sm') return pdu.response({ message_id: `m${pdu.sequence_number}` }).toBuffer();
    return undefined;
  };
}

/** Opens a session the way the runner does: await, then attach listeners. Destroyed with the test. */
async function open(port: number) {
  const session = await openTestSession(options(port));
  const closed = new Promise<LinkClosedError | undefined>((resolve) => session.on('close', resolve));
  const delivered: RawPdu[] = [];
  session.on('deliver', (p) => delivered.push(p));
  return { session, closed, delivered };
}

it.each([
  ['an unbind', () => bytes('unbind', { sequence_number: 2 }), /lost right after bind: the SMSC 127\.0\.0\.1:\d+ unbound the session \(sent unbind\)$/],
  ['garbage', () => Buffer.from('ffffffff00000004', 'hex'), /lost right after bind: received a malformed PDU from the SMSC .*PDU length was too large/],
])('%s right behind the bind_resp: openSession rejects, never hands out a dead session', async (_name, behind, reason) => {
  const p = await peer(bindThen(behind));
  const err = await openSession(options(p.port)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LinkClosedError);
  expect((err as Error).message).toMatch(reason);
  expect((err as LinkClosedError).exitCode).toBe(4);
});

/** A peer that binds, then sends unbind 50 ms later. */
async function unbindSoon() {
  return peer((pdu, socket) => {
    if (pdu.command.startsWith('bind_')) {
      setTimeout(() => socket.write(bytes('unbind', { sequence_number: 2 })), 50);
      return bindResp(pdu);
    }
    return undefined;
  });
}

it('a close before the listener was attached still reaches it (onClose), with its reason', async () => {
  const p = await unbindSoon();
  const session = await openTestSession(options(p.port));
  await until(() => session.closed, 'the unbind to close the session');
  expect(session.closeReason?.message).toMatch(/unbound the session/);
  const err = await new Promise<LinkClosedError | undefined>((resolve) => session.onClose(resolve));
  expect(err).toBe(session.closeReason);
});

it('a submit on a closed session rejects with the reason, and not within the same turn', async () => {
  const p = await unbindSoon();
  const session = await openTestSession(options(p.port));
  await until(() => session.closed, 'the unbind to close the session');
  let settled = false;
  const submitted = session.submit({ destination_addr: '1' }).catch((e: unknown) => e).finally(() => (settled = true));
  for (let i = 0; i < 10; i++) await Promise.resolve(); // microtasks only: a tight resend loop
  expect(settled).toBe(false);
  const err = await submitted;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect((err as Error).message).toMatch(/is closed \(the SMSC .* unbound the session \(sent unbind\)\): cannot submit$/);
  expect(p.received.map((x) => x.command)).toEqual(['bind_transceiver', 'unbind_resp']);
});

it('a receipt with a broken TLV behind the bind_resp: refused alone, the link stays up', async () => {
  const p = await peer(bindThen(() => receiptWithBrokenTlv(7)));
  const { session, delivered } = await open(p.port);
  await until(() => p.received.some((x) => x.command === 'deliver_sm_resp'), 'our deliver_sm_resp');
  const resp = p.received.find((x) => x.command === 'deliver_sm_resp')!;
  expect([resp.sequence_number, resp.command_status]).toEqual([7, 0xc0]); // ESME_RINVOPTPARSTREAM
  expect(delivered).toEqual([]);
  expect(session.closed).toBe(false);
  expect(await session.submit({ destination_addr: '1', short_message: Buffer.from('hi') })).toEqual({ messageId: expect.stringMatching(/^m\d+$/) });
});

it('a 64 KB MO behind the bind_resp (a stored MO flushed at bind) reaches the listener', async () => {
  const p = await peer(bindThen(() => bigMo(9)));
  const { session, delivered } = await open(p.port);
  await until(() => delivered.length === 1, 'the MO delivered to our listener');
  expect((delivered[0]!.message_payload as Buffer).length).toBe(65_535);
  await until(() => p.received.some((x) => x.command === 'deliver_sm_resp'), 'our deliver_sm_resp');
  const resp = p.received.find((x) => x.command === 'deliver_sm_resp')!;
  expect([resp.sequence_number, resp.command_status]).toEqual([9, 0]);
  expect(session.closed).toBe(false);
});

it('bind_resp, unbind and FIN in one write: openSession rejects', async () => {
  const p = await peer((pdu, socket) => {
    if (pdu.command.startsWith('bind_')) socket.end(Buffer.concat([bindResp(pdu), bytes('unbind', { sequence_number: 2 })]));
    return undefined;
  });
  const err = await openSession(options(p.port)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LinkClosedError);
});

it('a receipt sent before the bind_resp (some SMSCs do) is held, then reaches the listener', async () => {
  const p = await peer((pdu) =>
    pdu.command.startsWith('bind_')
      ? Buffer.concat([bytes('deliver_sm', { sequence_number: 3, source_addr: '1', destination_addr: '2', esm_class: 4, short_message: Buffer.from('id:1 stat:DELIVRD') }), bindResp(pdu)])
      : undefined,
  );
  const { delivered } = await open(p.port);
  await until(() => delivered.length === 1, 'the PDU delivered to our listener');
  await until(() => p.received.some((x) => x.command === 'deliver_sm_resp'), 'our deliver_sm_resp');
  expect(p.received.find((x) => x.command === 'deliver_sm_resp')!.sequence_number).toBe(3);
});
