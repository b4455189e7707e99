// Life of a bound link: answering the SMSC, our keepalive, the SMSC hanging up or unbinding,
// garbage on the wire, and our own unbind / destroy.
import { expect, it } from 'vitest';
import { LinkClosedError } from '../../src/errors.js';
import type { Sim } from '../../src/sim/index.js';
import { smpp, type RawPdu } from '../../src/smpp/codec.js';
import type { SmppSession } from '../../src/smpp/index.js';
import { until } from '../helpers/until.js';
import { boundSession, openTestSession, options, rawServer } from './helpers.js';


function closeEvent(s: SmppSession): Promise<Error | undefined> {
  return new Promise((resolve) => s.once('close', resolve));
}

const inCommands = (s: Sim) => s.received.map((p) => p.command);

it("answers the SMSC's enquire_link", async () => {
  const asked: number[] = []; // sequence numbers of the SMSC's enquire_link, in order
  const { sim, session } = await boundSession({
    enquireLinkMs: 10,
    onPdu: (p) => void (p.dir === 'out' && p.command === 'enquire_link' && asked.push(p.seq)),
  });
  await until(() => inCommands(sim).filter((c) => c === 'enquire_link_resp').length >= 2, 'two enquire_link_resp from us');
  // Each answer is ESME_ROK to the request it answers, in order, and the link stays up.
  const answers = sim.received.filter((p) => p.command === 'enquire_link_resp');
  expect(answers.map((p) => [p.seq, p.status])).toEqual(asked.slice(0, answers.length).map((seq) => [seq, 0]));
  expect(session.closed).toBe(false);
});

it('sends its own enquire_link and stays up while they are answered', async () => {
  const { sim, session } = await boundSession({}, { enquireLinkMs: 10, responseTimeoutMs: 500 });
  await until(() => inCommands(sim).filter((c) => c === 'enquire_link').length >= 3, 'three enquire_link from us');
  expect(session.closed).toBe(false);
});

it('declares the link dead when an enquire_link goes unanswered', async () => {
  const { sim, session } = await boundSession({}, { enquireLinkMs: 20, responseTimeoutMs: 100 });
  const closed = closeEvent(session);
  sim.stopAnswering(true);
  const err = await closed;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toBe('no enquire_link_resp within 0.1s: link dead');
  expect(inCommands(sim)).toContain('enquire_link');
  expect(session.closed).toBe(true);
  await until(() => sim.sessions() === 0, 'the dead link to close'); // and the socket is gone
});

it('answers an unbind from the SMSC, then reports the close', async () => {
  const { sim, session } = await boundSession();
  const closed = closeEvent(session);
  sim.sendUnbind();
  const err = await closed;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toMatch(/^the SMSC 127\.0\.0\.1:\d+ unbound the session \(sent unbind\)$/);
  await until(() => inCommands(sim).includes('unbind_resp'), 'our unbind_resp');
  await until(() => sim.sessions() === 0, 'the session to close');
});

it('garbage from the SMSC closes the link as a malformed PDU', async () => {
  const { sim, session } = await boundSession();
  const closed = closeEvent(session);
  sim.sendGarbage();
  const err = await closed;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toMatch(/^received a malformed PDU from the SMSC 127\.0\.0\.1:\d+: PDU length was too large/);
  expect(session.closed).toBe(true);
});

it('the SMSC hanging up is a close with LinkClosedError', async () => {
  const { sim, session } = await boundSession();
  const closed = closeEvent(session);
  sim.dropAll();
  const err = await closed;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toMatch(/^connection closed by the SMSC 127\.0\.0\.1:\d+$/);
});

it('emits deliver_sm, then answers it with deliver_sm_resp ROK', async () => {
  const { sim, session } = await boundSession();
  const delivered = new Promise<RawPdu>((resolve) => session.once('deliver', resolve));
  sim.deliver('447700900123', { source_addr: '447700900999', short_message: 'id:1 stat:DELIVRD', esm_class: 0x04 });
  const pdu = await delivered;
  expect(pdu.command).toBe('deliver_sm');
  expect(pdu.esm_class).toBe(0x04);
  expect(Buffer.isBuffer(pdu.short_message) && pdu.short_message.toString('latin1')).toBe('id:1 stat:DELIVRD');
  await until(() => inCommands(sim).includes('deliver_sm_resp'), 'our deliver_sm_resp');
  const resp = sim.received.find((p) => p.command === 'deliver_sm_resp')!;
  expect(resp.seq).toBe(pdu.sequence_number);
  expect(resp.status).toBe(0);
});

it('answers data_sm, generic_nacks what it does not serve, answers nothing to alert_notification', async () => {
  const raw = await rawServer();
  const session = await openTestSession(options(raw.port));
  const delivered: RawPdu[] = [];
  session.on('deliver', (p) => delivered.push(p));
  const smsc = raw.sessions[0]!;
  smsc.send(new smpp.PDU('data_sm', { source_addr: '1', destination_addr: '2', message_payload: Buffer.from('hi') }));
  smsc.send(new smpp.PDU('alert_notification', { source_addr: '1', esme_addr: '2' }));
  smsc.send(new smpp.PDU('query_sm', { message_id: '42' }));
  smsc.socket.write(Buffer.from('00000010' + '00000777' + '00000000' + '00000063', 'hex')); // unknown command id, seq 0x63
  await until(() => raw.received.length >= 4, 'four PDUs from us');
  expect(raw.received.slice(1).map((p) => [p.command, p.command_status])).toEqual([
    ['data_sm_resp', 0],
    ['generic_nack', 0x03],
    ['generic_nack', 0x03],
  ]);
  expect(raw.received[3]!.sequence_number).toBe(0x63);
  expect(delivered.map((p) => p.command)).toEqual(['data_sm']);
  expect(session.closed).toBe(false);
});

it('still answers a deliver_sm whose listener throws, and keeps reading', async () => {
  const raw = await rawServer();
  const session = await openTestSession(options(raw.port));
  const boom = new Error('listener bug');
  session.on('deliver', () => {
    throw boom;
  });
  // The listener's error is rethrown outside node-smpp's reader; catch it here instead of vitest.
  const saved = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  const thrown: unknown[] = [];
  process.on('uncaughtException', (e) => thrown.push(e));
  try {
    raw.sessions[0]!.send(new smpp.PDU('deliver_sm', { source_addr: '1', destination_addr: '2', short_message: Buffer.from('a') }));
    raw.sessions[0]!.send(new smpp.PDU('deliver_sm', { source_addr: '1', destination_addr: '2', short_message: Buffer.from('b') }));
    await until(() => raw.received.filter((p) => p.command === 'deliver_sm_resp').length === 2 && thrown.length === 2, 'two deliver_sm_resp and two rethrown listener errors');
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const l of saved) process.on('uncaughtException', l);
  }
  expect(thrown).toEqual([boom, boom]);
});

it('unbind sends unbind, gets unbind_resp, closes; close carries no error', async () => {
  const { sim, session } = await boundSession();
  const closed = closeEvent(session);
  await session.unbind();
  expect(inCommands(sim)).toContain('unbind');
  expect(session.closed).toBe(true);
  expect(await closed).toBeUndefined();
  await until(() => sim.sessions() === 0, 'the session to close');
  await expect(session.submit({ destination_addr: '1' })).rejects.toBeInstanceOf(LinkClosedError);
});

it('unbind is bounded when the SMSC never answers it, and fails what is in flight', async () => {
  const raw = await rawServer((pdu) => pdu.command === 'unbind' || pdu.command === 'submit_sm');
  const session = await openTestSession(options(raw.port));
  const pending = session.submit({ destination_addr: '1', short_message: Buffer.from('x') }).catch((e: unknown) => e);
  await until(() => raw.received.some((p) => p.command === 'submit_sm'), 'the submit_sm at the server');
  await session.unbind(100);
  expect(raw.received.map((p) => p.command)).toEqual(['bind_transceiver', 'submit_sm', 'unbind']);
  expect(await pending).toBeInstanceOf(LinkClosedError);
  await until(() => raw.sessions.length === 0, 'the server to see the socket close');
});

it('destroy closes at once, fails in-flight submits and emits close without error', async () => {
  const raw = await rawServer((pdu) => pdu.command === 'submit_sm');
  const session = await openTestSession(options(raw.port));
  const closed = closeEvent(session);
  const pending = session.submit({ destination_addr: '1' }).catch((e: unknown) => e);
  session.destroy();
  expect(session.closed).toBe(true);
  expect(await pending).toBeInstanceOf(LinkClosedError);
  expect(await closed).toBeUndefined();
  await session.unbind(); // harmless afterwards
});
