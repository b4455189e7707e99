// Hostile clients and scripted SMSC faults. The simulator must survive anything a client sends:
// the offending session is destroyed, every other session carries on.
import { describe, expect, it } from 'vitest';
import { smpp } from '../../src/smpp/codec.js';
import { until } from '../helpers/until.js';
import { sm, useSimPeers } from './peer.js';

const t = useSimPeers();

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');

/** Deterministic pseudo-random bytes (LCG), so a failure can be replayed. */
function noise(seed: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('garbage from a client', () => {
  it.each([
    ['a 4 GiB command_length', hex('ffffffff 00000004 00000000 00000001')],
    ['a command_length of 0', hex('00000000 00000004 00000000 00000001')],
    ['a command_length of 2 (node-smpp would wait forever)', hex('00000002 0000')],
    ['a command_length of 10', hex('0000000a 00000004 0000')],
    ['text instead of SMPP', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['noise (seed 1)', noise(1, 600)],
    ['noise (seed 2)', noise(2, 600)],
  ])('%s: that session is closed, the sim and other sessions carry on', async (_, bytes) => {
    const good = await t.bound();
    const bad = await t.connect();
    bad.session.socket.write(bytes);
    await bad.closed;
    await until(() => t.sim.sessions() === 1, 'the bad session to be destroyed');
    expect((await good.request('submit_sm', sm())).command_status).toBe(0);
    const again = await t.bound();
    expect((await again.request('enquire_link')).command).toBe('enquire_link_resp');
    expect(t.sim.events.some((e) => e.session === 2 && e.type === 'error')).toBe(true);
  });

  it.each([
    ['no body at all', hex('00000010 00000004 00000000 00000005')],
    ['a short_message length past the end', hex(`00000023 00000004 00000000 00000005 ${'00'.repeat(16)} c8 6869`)],
  ])('answers a truncated submit_sm (%s) instead of choking on it', async (_, bytes) => {
    const p = await t.bound();
    p.session.socket.write(bytes);
    const resp = await p.next('submit_sm_resp');
    expect([resp.command_status, resp.sequence_number]).toEqual([0, 5]);
    expect((await p.request('enquire_link')).command).toBe('enquire_link_resp');
  });

  it('answers an unknown command id with generic_nack ESME_RINVCMDID and the same sequence', async () => {
    const p = await t.bound();
    p.session.socket.write(hex('00000010 00000099 00000000 00000777'));
    const nack = await p.next('generic_nack');
    expect([nack.command_status, nack.sequence_number]).toEqual([0x03, 0x777]);
    expect(t.sim.received.at(-1)?.command).toBe('unknown');
    expect((await p.request('submit_sm', sm())).command_status).toBe(0);
  });

  it.each(['data_sm', 'submit_multi'])('answers unsupported %s with generic_nack ESME_RINVCMDID', async (command) => { // query_sm, cancel_sm, replace_sm: test/receive/followup.test.ts
    const p = await t.bound();
    const resp = await p.request(command, command === 'submit_multi' ? { dest_address: [] } : {});
    expect([resp.command, resp.command_status]).toEqual(['generic_nack', 0x03]);
  });
});

describe('requests a client makes', () => {
  it('answers enquire_link', async () => {
    const p = await t.connect();
    expect((await p.request('enquire_link')).command).toBe('enquire_link_resp');
  });

  it('answers unbind, then closes the socket', async () => {
    const p = await t.bound();
    expect((await p.request('unbind')).command).toBe('unbind_resp');
    await p.closed;
    await until(() => t.sim.sessions() === 0, 'the session to close');
    expect(t.sim.events.map((e) => e.type)).toEqual(['connect', 'bind', 'unbind', 'close']);
  });
});

describe('scripted faults', () => {
  it('sendUnbind: every session gets unbind and closes after answering', async () => {
    const [a, b] = [await t.bound(), await t.bound()];
    t.sim.sendUnbind();
    for (const p of [a, b]) {
      const unbind = await p.next('unbind');
      p.session.send(unbind.response());
      await p.closed;
    }
    expect(t.sim.received.filter((r) => r.command === 'unbind_resp')).toHaveLength(2);
  });

  it('sendGarbage: the client\'s parser fails on what the sim writes', async () => {
    const p = await t.bound();
    const failed = new Promise<Error>((resolve) => p.session.once('error', resolve));
    t.sim.sendGarbage();
    expect((await failed).message).toMatch(/PDU length was too large/);
  });

  it('sendRaw: the client receives exactly those bytes', async () => {
    const p = await t.bound();
    t.sim.sendRaw(new smpp.PDU('enquire_link', { sequence_number: 42 }).toBuffer());
    expect((await p.next('enquire_link')).sequence_number).toBe(42);
  });

  it('dropAll: every socket closes', async () => {
    const [a, b] = [await t.bound(), await t.bound()];
    t.sim.dropAll();
    await Promise.all([a.closed, b.closed]);
    await until(() => t.sim.sessions() === 0, 'no sessions');
    // A network failure, not a goodbye: neither peer got an unbind, and the sim saw both go.
    expect([...a.pdus, ...b.pdus].map((x) => x.command)).toEqual(['bind_transceiver_resp', 'bind_transceiver_resp']);
    expect(t.sim.events.filter((e) => e.type === 'close').map((e) => e.session).sort()).toEqual([1, 2]);
  });

  it('stopAnswering: requests are read but not answered until it is turned off', async () => {
    const p = await t.bound();
    t.sim.stopAnswering(true);
    void p.request('enquire_link');
    void p.request('submit_sm', sm());
    await until(() => t.sim.received.filter((r) => r.command !== 'bind_transceiver').length === 2, 'both requests read');
    t.sim.stopAnswering(false);
    const later = await p.request('enquire_link');
    // One TCP stream: an answer to the earlier requests would have arrived before this one.
    expect(p.pdus.map((x) => x.command)).toEqual(['bind_transceiver_resp', 'enquire_link_resp']);
    expect(later.sequence_number).toBe(4);
    expect(t.sim.stats.outstanding).toBe(1);
  });

  it('enquireLinkMs: the sim sends its own enquire_link and reads the answer', async () => {
    const p = await t.bound({ enquireLinkMs: 10 });
    const asked = await p.next('enquire_link');
    await until(() => t.sim.received.some((r) => r.command === 'enquire_link_resp'), 'enquire_link_resp');
    t.sim.set({ enquireLinkMs: 0 });
    // The answer read is the one to its own request, taken as an answer: no generic_nack, still bound.
    expect(t.sim.received.find((r) => r.command === 'enquire_link_resp')?.seq).toBe(asked.sequence_number);
    expect(p.pdus.map((x) => x.command)).not.toContain('generic_nack');
    expect(t.sim.sessions()).toBe(1);
  });
});
