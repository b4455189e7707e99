// Binding against the simulator: what goes on the wire and what a refusal looks like.
import { describe, expect, it } from 'vitest';
import { BindError } from '../../src/errors.js';
import { notSmppError } from '../../src/smpp/bind.js';
import { startTestSim } from '../helpers/sim.js';
import { until } from '../helpers/until.js';
import { openTestSession, simOptions } from './helpers.js';

it.each([
  ['transceiver', 0x34, 'bind_transceiver'],
  ['transmitter', 0x34, 'bind_transmitter'],
  ['transceiver', 0x50, 'bind_transceiver'],
] as const)('binds as %s with interface_version %i', async (bindMode, interfaceVersion, command) => {
  const sim = await startTestSim();
  const session = await openTestSession(simOptions(sim, { bindMode, interfaceVersion, systemType: 'VMA', addrTon: 1, addrNpi: 1, addressRange: '^44' }));
  expect(session.closed).toBe(false);
  expect(sim.received).toHaveLength(1);
  expect(sim.received[0]!.command).toBe(command);
  expect(sim.received[0]!.fields).toMatchObject({
    system_id: sim.systemId,
    system_type: 'VMA',
    interface_version: interfaceVersion,
    addr_ton: 1,
    addr_npi: 1,
    address_range: '^44',
  });
});

it('a wrong password is a BindError naming the status and the fix', async () => {
  const sim = await startTestSim();
  const err = await openTestSession(simOptions(sim, { password: 'wrong' })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BindError);
  expect((err as BindError).status).toBe(0x0e);
  expect((err as BindError).message).toMatch(/^bind refused by 127\.0\.0\.1:\d+: ESME_RINVPASWD \(0x0E\): invalid password$/);
  expect((err as BindError).fix).toMatch(/--password/);
  await until(() => sim.sessions() === 0, 'the refused session to close'); // and the socket was closed
});

it('a wrong system id is a BindError pointing at --system-id', async () => {
  const sim = await startTestSim();
  const err = await openTestSession(simOptions(sim, { systemId: 'nobody' })).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BindError);
  expect((err as BindError).message).toMatch(/ESME_RINVSYSID/);
  expect((err as BindError).fix).toMatch(/--system-id/);
});

describe('what a non-SMPP peer said', () => {
  const opts = { host: 'smsc.example', port: 2775, tls: false, insecure: false, connectTimeoutMs: 1000 };
  it.each([
    ['HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', "smsc.example:2775 does not speak SMPP (got 'HTTP/1.1 400 Bad Request')"],
    ['SSH-2.0-OpenSSH_9.6\r\n', "smsc.example:2775 does not speak SMPP (got 'SSH-2.0-OpenSSH_9.6')"],
    ['\u0000\u0000\u0000\u0005\u00ff', 'smsc.example:2775 does not speak SMPP (got bytes 00000005ff)'],
    ['', 'smsc.example:2775 does not speak SMPP (got nothing readable)'],
    ['\u0015\u0003\u0003\u0000\u0002\u0002\u0032', 'smsc.example:2775 does not speak plain SMPP (got a TLS record)'],
  ])('%j', (bytes, message) => {
    expect(notSmppError(opts, Buffer.from(bytes, 'latin1')).message).toBe(message);
  });
});
