// Issue 8, item 12: protocol violations are named as such (a ProtocolError: exit 4), never as
// "ESME_ROK (0x00): no error" nor as a silent wait for a bind response that already came.
import { describe, expect, it } from 'vitest';
import { BindError, LinkClosedError, SmscStatusError } from '../../src/errors.js';
import { smpp, type RawPdu } from '../../src/smpp/codec.js';
import { ProtocolError, SubmitUnconfirmedError } from '../../src/smpp/index.js';
import { AnsweredSubmits, judgeBindAnswer, judgeSubmitAnswer } from '../../src/smpp/protocol.js';
import { openTestSession, options } from './helpers.js';
import { bindResp, bytes, peer } from './peer.js';

const pdu = (command: string, fields: Record<string, unknown> = {}) => new smpp.PDU(command, { sequence_number: 5, ...fields });
const BIND = pdu('bind_transceiver');

describe('judgeBindAnswer', () => {
  it.each([
    ['bind_transceiver_resp', 0, 'bound'],
    ['bind_transceiver_resp', 0x0e, 'refused'],
    ['generic_nack', 0x03, 'refused'],
    ['generic_nack', 0, 'violation: answered bind_transceiver with a generic_nack without an error status'],
    ['submit_sm_resp', 0, 'violation: answered bind_transceiver with submit_sm_resp (expected bind_transceiver_resp)'],
    ['bind_transmitter_resp', 0, 'violation: answered bind_transceiver with bind_transmitter_resp (expected bind_transceiver_resp)'],
  ])('%s status %i: %s', (command, status, expected) => {
    const a = judgeBindAnswer(pdu(command, { command_status: status }), BIND);
    expect(a.kind === 'violation' ? `violation: ${a.what}` : a.kind).toBe(expected);
  });
});

describe('judgeSubmitAnswer', () => {
  it.each([
    ['submit_sm_resp', 0, 'accepted'],
    ['submit_sm_resp', 0x58, 'refused: ESME_RTHROTTLED (0x58): throttling error: message rate limit exceeded'],
    ['generic_nack', 0x03, 'refused: ESME_RINVCMDID (0x03): invalid command id'],
    ['generic_nack', 0, 'violation: answered submit_sm seq=5 with a generic_nack without an error status'],
    ['data_sm_resp', 0, 'violation: answered submit_sm seq=5 with data_sm_resp (expected submit_sm_resp)'],
  ])('%s status %i: %s', (command, status, expected) => {
    const a = judgeSubmitAnswer(pdu(command, { command_status: status }));
    const got = a.kind === 'violation' ? `violation: ${a.what}` : a.kind === 'refused' ? `refused: ${a.error.message}` : a.kind;
    expect(got).toBe(expected);
  });
});

describe('AnsweredSubmits', () => {
  it('names a second answer only when it contradicts the first', () => {
    const seen = new AnsweredSubmits(2);
    seen.remember(pdu('generic_nack', { command_status: 0x08, sequence_number: 1 }));
    seen.remember(pdu('submit_sm_resp', { sequence_number: 2 }));
    expect(seen.contradiction(pdu('generic_nack', { command_status: 0x08, sequence_number: 1 }))).toBeUndefined();
    expect(seen.contradiction(pdu('submit_sm_resp', { sequence_number: 1 }))).toBe(
      'answered submit_sm seq=1 twice: generic_nack seq=1 ESME_RSYSERR, then submit_sm_resp seq=1 ESME_ROK',
    );
    expect(seen.contradiction(pdu('submit_sm_resp', { command_status: 0x45, sequence_number: 2 }))).toMatch(/twice: submit_sm_resp seq=2 ESME_ROK, then/);
    seen.remember(pdu('submit_sm_resp', { sequence_number: 3 })); // bounded: seq 1 is forgotten
    expect(seen.contradiction(pdu('submit_sm_resp', { sequence_number: 1 }))).toBeUndefined();
  });

  it('keeps exactly the last `size` answers, however many came before', () => {
    const seen = new AnsweredSubmits(100);
    for (let seq = 1; seq <= 1050; seq++) seen.remember(pdu('generic_nack', { command_status: 0x08, sequence_number: seq }));
    const contradicts = (seq: number) => seen.contradiction(pdu('submit_sm_resp', { sequence_number: seq })) !== undefined;
    expect(contradicts(950)).toBe(false); // forgotten
    expect([951, 1000, 1050].map(contradicts)).toEqual([true, true, true]);
  });
});

// ---- on the wire --------------------------------------------------------------------------

const open = (port: number, over = {}) => openTestSession(options(port, over));

it('a bind answered by a submit_sm_resp is a protocol violation, not "ESME_ROK"', async () => {
  const p = await peer((x) => (x.command.startsWith('bind_') ? bytes('submit_sm_resp', { sequence_number: x.sequence_number, message_id: '1' }) : undefined));
  const err = await open(p.port).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProtocolError);
  expect(err).not.toBeInstanceOf(BindError);
  expect((err as Error).message).toMatch(
    /^protocol violation by the SMSC 127\.0\.0\.1:\d+: answered bind_transceiver with submit_sm_resp \(expected bind_transceiver_resp\)$/,
  );
  expect((err as ProtocolError).exitCode).toBe(4);
});

it('a bind answered by a generic_nack with status 0 is a protocol violation', async () => {
  const p = await peer((x) => (x.command.startsWith('bind_') ? bytes('generic_nack', { sequence_number: x.sequence_number }) : undefined));
  const err = await open(p.port).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProtocolError);
  expect((err as Error).message).toMatch(/answered bind_transceiver with a generic_nack without an error status$/);
});

it('a bind_resp with the wrong sequence number is named at once, not waited out as "no bind response"', async () => {
  const p = await peer((x) => (x.command.startsWith('bind_') ? bytes('bind_transceiver_resp', { sequence_number: x.sequence_number + 41, system_id: 'peer' }) : undefined));
  const started = Date.now();
  const err = await open(p.port, { connectTimeoutMs: 10_000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProtocolError);
  expect((err as Error).message).toMatch(/answered with bind_transceiver_resp seq=42 ESME_ROK while our bind \(seq=1\) was unanswered$/);
  expect(Date.now() - started).toBeLessThan(10_000); // not the --connect-timeout
});

/** A peer that binds, then answers each submit_sm through `answer`. */
async function submitPeer(answer: (submit: RawPdu) => Buffer) {
  return peer((x) => (x.command.startsWith('bind_') ? bindResp(x) : x.command === 'submit_sm' ? answer(x) : undefined));
}

it('a generic_nack with status 0 to a submit: unconfirmed, and the link ends as a protocol violation', async () => {
  const p = await submitPeer((x) => bytes('generic_nack', { sequence_number: x.sequence_number }));
  const s = await open(p.port);
  const closed = new Promise<LinkClosedError | undefined>((r) => s.once('close', r));
  const err = await s.submit({ destination_addr: '1' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SubmitUnconfirmedError);
  expect(err).not.toBeInstanceOf(SmscStatusError);
  expect((err as Error).message).toMatch(/^protocol violation by the SMSC .*: answered submit_sm seq=2 with a generic_nack without an error status; the SMSC may or may not have the message$/);
  expect(await closed).toBeInstanceOf(ProtocolError);
});

it('a generic_nack that rejects a submit the SMSC then accepts: named, and the link ends', async () => {
  const p = await submitPeer((x) =>
    Buffer.concat([
      bytes('generic_nack', { sequence_number: x.sequence_number, command_status: 0x08 }),
      bytes('submit_sm_resp', { sequence_number: x.sequence_number, message_id: 'accepted-after-all' }),
    ]),
  );
  const s = await open(p.port);
  const closed = new Promise<LinkClosedError | undefined>((r) => s.once('close', r));
  const err = await s.submit({ destination_addr: '1' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SmscStatusError);
  const reason = await closed;
  expect(reason).toBeInstanceOf(ProtocolError);
  expect(reason!.message).toMatch(/answered submit_sm seq=2 twice: generic_nack seq=2 ESME_RSYSERR, then submit_sm_resp seq=2 ESME_ROK$/);
});

it('a repeated, agreeing answer (a late duplicate) is ignored: the link stays up', async () => {
  const p = await submitPeer((x) => Buffer.concat([0, 1].map(() => bytes('submit_sm_resp', { sequence_number: x.sequence_number, message_id: 'x' }))));
  const s = await open(p.port);
  expect(await s.submit({ destination_addr: '1' })).toEqual({ messageId: 'x' });
  expect(await s.submit({ destination_addr: '1' })).toEqual({ messageId: 'x' });
  expect(s.closed).toBe(false);
});
