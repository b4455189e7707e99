import { describe, expect, it } from 'vitest';
import { splitBody } from '../../src/sms/user-data.js';
import type { Sim } from '../../src/sim/index.js';
import { startTestSim } from '../helpers/sim.js';
import { connectPeer, sm, type Peer } from './peer.js';

/** The running test's simulator (tests read what it received). */
let sim: Sim | undefined;

async function bound(): Promise<Peer> {
  sim = await startTestSim({ smscAlphabet: 'gsm7' });
  const peer = await connectPeer(sim.url);
  await peer.bind();
  return peer;
}

const hex = (h: string) => Buffer.from(h.replace(/\s/g, ''), 'hex');
const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('reassembly over TCP', () => {
  it('joins UDH 8-bit reference parts sent out of order, ids in part order', async () => {
    const p = await bound();
    const second = await p.request('submit_sm', sm({ esm_class: 0x40, short_message: hex('050003 42 02 02 776f726c64') })); // "world"
    expect(sim!.messages).toEqual([]);
    const first = await p.request('submit_sm', sm({ esm_class: 0x40, short_message: hex('050003 42 02 01 48656c6c6f20') })); // "Hello "
    expect(sim!.messages).toEqual([{
      session: 1, from: 'ACME', to: '447700900001', sourceTon: 5, sourceNpi: 0, destTon: 1, destNpi: 1,
      dataCoding: 0, esmClass: 0x40, text: 'Hello world', parts: 2,
      messageIds: [first.message_id, second.message_id], registeredDelivery: 0, complete: true,
    }]);
    expect(sim!.received.filter((r) => r.command === 'submit_sm').map((r) => r.text)).toEqual(['world', 'Hello ']);
  });

  it('joins UDH 16-bit reference parts of UCS2 text', async () => {
    const p = await bound();
    for (const [seq, text] of [[1, 'Привет, '], [2, 'мир '], [3, '😀']] as const) {
      const udh = hex(`060804 1234 03 0${seq}`);
      await p.request('submit_sm', sm({ esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([udh, ucs2(text)]) }));
    }
    expect(sim!.messages.map((m) => [m.text, m.parts, m.dataCoding])).toEqual([['Привет, мир 😀', 3, 8]]);
  });

  it('joins SAR parts (TLVs, no UDH) of Latin-1 text', async () => {
    const p = await bound();
    for (const [seq, text] of [[1, 'Grüße '], [2, 'aus Köln']] as const) {
      await p.request('submit_sm', sm({
        data_coding: 3, short_message: Buffer.from(text, 'latin1'),
        sar_msg_ref_num: 0x0101, sar_total_segments: 2, sar_segment_seqnum: seq,
      }));
    }
    expect(sim!.messages.map((m) => [m.text, m.parts, m.messageIds.length])).toEqual([['Grüße aus Köln', 2, 2]]);
  });

  it('reads message_payload as one message with one id', async () => {
    const p = await bound();
    const long = Buffer.concat([Buffer.from('x'.repeat(300)), hex('1b65')]); // ... + "€"
    const resp = await p.request('submit_sm', sm({ short_message: Buffer.alloc(0), message_payload: long }));
    expect(sim!.messages.map((m) => [m.text, m.parts, m.messageIds])).toEqual([[`${'x'.repeat(300)}€`, 1, [resp.message_id]]]);
  });

  it('keeps interleaved messages apart by reference', async () => {
    const p = await bound();
    const part = (ref: number, seq: number, t: string) =>
      p.request('submit_sm', sm({ esm_class: 0x40, short_message: Buffer.concat([Buffer.from([5, 0, 3, ref, 2, seq]), Buffer.from(t)]) }));
    await part(1, 1, 'a1');
    await part(2, 1, 'b1');
    await part(2, 2, 'b2');
    await part(1, 2, 'a2');
    expect(sim!.messages.map((m) => m.text)).toEqual(['b1b2', 'a1a2']);
  });

  it('takes a part sent twice once (the later copy wins), as after a resend', async () => {
    const p = await bound();
    const send = (seq: number, t: string) =>
      p.request('submit_sm', sm({ esm_class: 0x40, short_message: Buffer.concat([Buffer.from([5, 0, 3, 4, 2, seq]), Buffer.from(t)]) }));
    await send(1, 'old ');
    const again = await send(1, 'new ');
    expect(sim!.messages).toEqual([]);
    const last = await send(2, 'end');
    expect(sim!.messages.map((m) => [m.text, m.messageIds])).toEqual([['new end', [again.message_id, last.message_id]]]);
  });

  it('does not count a throttled part: the resent copy completes the message', async () => {
    const sim = await startTestSim({ onSubmit: (_, { index }) => (index === 1 ? { status: 0x58 } : undefined) });
    const peer = await connectPeer(sim.url);
    await peer.bind();
    const send = (seq: number) =>
      peer!.request('submit_sm', sm({ esm_class: 0x40, short_message: Buffer.concat([Buffer.from([5, 0, 3, 9, 2, seq]), Buffer.from(`p${seq}`)]) }));
    await send(1);
    expect((await send(2)).command_status).toBe(0x58);
    expect(sim.messages).toEqual([]);
    await send(2);
    expect(sim.messages.map((m) => [m.text, m.messageIds.length])).toEqual([['p1p2', 2]]);
  });
});

describe('splitBody', () => {
  it.each([
    ['plain text', { short_message: hex('6869') }, undefined, '6869', undefined],
    ['UDH-like bytes without esm_class 0x40', { short_message: hex('0500034202016869') }, undefined, '0500034202016869', undefined],
    ['8-bit concat', { esm_class: 0x40, short_message: hex('0500034202016869') }, '050003420201', '6869', { scheme: 'udh8', ref: 0x42, total: 2, seq: 1 }],
    ['16-bit concat', { esm_class: 0x40, short_message: hex('06080412340302 6869') }, '06080412340302', '6869', { scheme: 'udh16', ref: 0x1234, total: 3, seq: 2 }],
    ['concat after a port IE', { esm_class: 0x40, short_message: hex('0b 05040b8423f0 0003070201 6869') }, '0b05040b8423f00003070201', '6869', { scheme: 'udh8', ref: 7, total: 2, seq: 1 }],
    ['a UDH without concat', { esm_class: 0x40, short_message: hex('0605040b8423f0 6869') }, '0605040b8423f0', '6869', undefined],
    ['UDHL past the end', { esm_class: 0x40, short_message: hex('09000342') }, undefined, '09000342', undefined],
    ['an IE longer than the UDH', { esm_class: 0x40, short_message: hex('03000542 6869') }, '03000542', '6869', undefined],
    ['seq 0', { esm_class: 0x40, short_message: hex('050003420200 6869') }, '050003420200', '6869', undefined],
    ['seq past total', { esm_class: 0x40, short_message: hex('050003420203 6869') }, '050003420203', '6869', undefined],
    ['total 1', { esm_class: 0x40, short_message: hex('050003420101 6869') }, '050003420101', '6869', undefined],
    ['SAR', { short_message: hex('6869'), sar_msg_ref_num: 5, sar_total_segments: 2, sar_segment_seqnum: 2 }, undefined, '6869', { scheme: 'sar', ref: 5, total: 2, seq: 2 }],
    ['payload over an empty short_message', { short_message: Buffer.alloc(0), message_payload: hex('6869') }, undefined, '6869', undefined],
    ['no body at all', {}, undefined, '', undefined],
  ])('%s', (_, pdu, udh, payload, concat) => {
    const body = splitBody(pdu);
    expect([body.udh?.toString('hex'), body.payload.toString('hex'), body.concat]).toEqual([udh, payload, concat]);
  });
});
