// Issue 8, 1a: what the SMSC writes in the same TCP read as its bind_resp. Before the fix the
// session's close was emitted before anyone listened, the session was handed out "bound", and
// every submit failed at once, for ever. Now: a link that dies right after bind is seen as lost
// by whoever holds the session (or openSession rejects), and what arrives behind the bind_resp
// (a receipt, a 64 KB MO) reaches the caller's listeners instead of being answered unseen.
import { afterEach, expect, it } from 'vitest';
import { LinkClosedError } from '../../src/errors.js';
import type { RawPdu } from '../../src/smpp/codec.js';
import { openSession, type SmppSession } from '../../src/smpp/index.js';
import { options, until } from './helpers.js';
import { bigMo, bindResp, bytes, peer, receiptWithBrokenTlv, type Script } from './peer.js';

/** A peer that answers the bind with bind_resp + `behind` in one write, and submits with ROK. */
function bindThen(behind: () => Buffer): Script {
  return (pdu) => {
    if (pdu.command.startsWith('bind_')) return Buffer.concat([bindResp(pdu), behind()]);
    if (pdu.command === 'submit_sm') return pdu.response({ message_id: `m${pdu.sequence_number}` }).toBuffer();
    return undefined;
  };
}

/** Opens a session the way the runner does: await, then attach listeners. */
async function openAndListen(port: number) {
  const session = await openSession(options(port));
  const closed = new Promise<LinkClosedError | undefined>((resolve) => session.on('close', resolve));
  const delivered: RawPdu[] = [];
  session.on('deliver', (p) => delivered.push(p));
  return { session, closed, delivered };
}

const sessions: SmppSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});
const open = async (port: number) => {
  const r = await openAndListen(port);
  sessions.push(r.session);
  return r;
};

it.each([
  ['an unbind', () => bytes('unbind', { sequence_number: 2 }), /unbound the session \(sent unbind\)/],
  ['garbage', () => Buffer.from('ffffffff00000004', 'hex'), /malformed PDU from the SMSC .*PDU length was too large/],
])('%s right behind the bind_resp: the caller hears the close, submits reject later', async (_name, behind, reason) => {
  const p = await peer(bindThen(behind));
  const { session, closed } = await open(p.port);
  const err = await closed;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toMatch(reason);
  expect(session.closed).toBe(true);
  expect(session.closeReason).toBe(err);
  // A submit on the closed session rejects, and not within the same turn of the event loop.
  let settled = false;
  const submitted = session.submit({ destination_addr: '1' }).catch((e: unknown) => e).finally(() => (settled = true));
  await Promise.resolve();
  await Promise.resolve();
  expect(settled).toBe(false);
  expect(await submitted).toBeInstanceOf(LinkClosedError);
  expect(p.received.map((x) => x.command).filter((c) => c === 'submit_sm')).toEqual([]);
});

it('a late close listener (onClose) still learns of a close that came before it', async () => {
  const p = await peer(bindThen(() => bytes('unbind', { sequence_number: 2 })));
  const session = await openSession(options(p.port));
  sessions.push(session);
  await until(() => session.closed);
  const err = await new Promise<LinkClosedError | undefined>((resolve) => session.onClose(resolve));
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toMatch(/unbound the session/);
});

it('a receipt with a broken TLV behind the bind_resp: refused alone, the link stays up', async () => {
  const p = await peer(bindThen(() => receiptWithBrokenTlv(7)));
  const { session, delivered } = await open(p.port);
  await until(() => p.received.some((x) => x.command === 'deliver_sm_resp'));
  const resp = p.received.find((x) => x.command === 'deliver_sm_resp')!;
  expect([resp.sequence_number, resp.command_status]).toEqual([7, 0xc0]); // ESME_RINVOPTPARSTREAM
  expect(delivered).toEqual([]);
  expect(session.closed).toBe(false);
  expect(await session.submit({ destination_addr: '1', short_message: Buffer.from('hi') })).toEqual({ messageId: expect.stringMatching(/^m\d+$/) });
});

it('a 64 KB MO behind the bind_resp (a stored MO flushed at bind) reaches the listener', async () => {
  const p = await peer(bindThen(() => bigMo(9)));
  const { session, delivered } = await open(p.port);
  await until(() => delivered.length === 1);
  expect((delivered[0]!.message_payload as Buffer).length).toBe(65_535);
  await until(() => p.received.some((x) => x.command === 'deliver_sm_resp'));
  const resp = p.received.find((x) => x.command === 'deliver_sm_resp')!;
  expect([resp.sequence_number, resp.command_status]).toEqual([9, 0]);
  expect(session.closed).toBe(false);
});

it('openSession rejects when the link is already gone by the time the bind resolves', async () => {
  // bind_resp, then the peer hangs up at once: whatever the timing, the caller never gets a
  // session that looks bound but is closed without having been told.
  const p = await peer((pdu, socket) => {
    if (pdu.command.startsWith('bind_')) socket.end(Buffer.concat([bindResp(pdu), bytes('unbind', { sequence_number: 2 })]));
    return undefined;
  });
  const outcome = await openAndListen(p.port).then(
    async (r) => {
      sessions.push(r.session);
      return r.closed;
    },
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(LinkClosedError);
});
