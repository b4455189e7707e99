import { describe, expect, it } from 'vitest';
import type { PDU } from '../../src/smpp/codec.js';
import { until } from '../helpers/until.js';
import { sm, useSimPeers } from './peer.js';

const t = useSimPeers({ receiptDelayMs: 1 });
const bound = t.bound;

const TEXT = /^id:(\S+) sub:001 dlvrd:(\d{3}) submit date:(\d{10}) done date:(\d{10}) stat:(\w+) err:(\d{3}) text:(.*)$/;

function text(pdu: PDU): string {
  return (pdu.short_message as Buffer).toString('latin1');
}

describe('receipts', () => {
  it('sends a deliver_sm receipt with TLVs and the Appendix B text, addressed back to the sender', async () => {
    const p = await bound();
    const resp = await p.request('submit_sm', sm({ registered_delivery: 1, short_message: Buffer.from('The quick brown fox jumps') }));
    const r = await p.next('deliver_sm');
    expect(r).toMatchObject({
      esm_class: 0x04, data_coding: 0,
      source_addr: '447700900001', source_addr_ton: 1, source_addr_npi: 1,
      destination_addr: 'ACME', dest_addr_ton: 5, dest_addr_npi: 0,
      receipted_message_id: resp.message_id, message_state: 2,
    });
    expect(r.network_error_code).toBeUndefined();
    const m = TEXT.exec(text(r));
    expect(m?.slice(1)).toEqual([resp.message_id, '001', expect.any(String), expect.any(String), 'DELIVRD', '000', 'The quick brown fox ']);
  });

  it('sends no receipt unless registered_delivery asks', async () => {
    const p = await bound();
    await p.request('submit_sm', sm({ registered_delivery: 0 }));
    await p.request('submit_sm', sm({ registered_delivery: 1, short_message: Buffer.from('marker') }));
    const r = await p.next('deliver_sm');
    expect(text(r)).toContain('text:marker');
    expect(p.pdus.filter((x) => x.command === 'deliver_sm')).toHaveLength(1);
  });

  it.each([
    ['same', 'hex', 0xabc, 'abc'],
    ['decimal', 'hex', 0xabc, '2748'],
    ['hex', 'decimal', 2748, 'abc'],
    ['zero-padded-decimal', 'decimal', 2748, '0000002748'],
  ] as const)('writes receiptIdFormat %s (submit ids in %s)', async (receiptIdFormat, idFormat, firstId, expected) => {
    const p = await bound({ receiptIdFormat, idFormat, firstId });
    await p.request('submit_sm', sm({ registered_delivery: 1 }));
    const r = await p.next('deliver_sm');
    expect(r.receipted_message_id).toBe(expected);
    expect(TEXT.exec(text(r))?.[1]).toBe(expected);
  });

  it('picks the outcome by destination: first match, prefix or RegExp, else DELIVRD', async () => {
    const p = await bound({
      outcomes: [
        { to: '4477009001', stat: 'UNDELIV', err: '001' },
        { to: /^33/, stat: 'EXPIRED' },
        { to: '44', stat: 'REJECTD', err: '011' },
      ],
    });
    const got: Record<string, [string | undefined, number, string]> = {};
    for (const to of ['447700900123', '33612345678', '447911123456', '15550001111']) {
      await p.request('submit_sm', sm({ destination_addr: to, registered_delivery: 1 }));
      const r = await p.next('deliver_sm');
      const m = TEXT.exec(text(r))!;
      got[to] = [m[5], r.message_state as number, `${m[2]} ${m[6]}`];
    }
    expect(got).toEqual({
      '447700900123': ['UNDELIV', 5, '000 001'],
      '33612345678': ['EXPIRED', 3, '000 000'],
      '447911123456': ['REJECTD', 8, '000 011'],
      '15550001111': ['DELIVRD', 2, '001 000'],
    });
  });

  it('adds network_error_code (type 3, code big-endian) to failure receipts', async () => {
    const p = await bound({ outcomes: [{ to: '', stat: 'UNDELIV', err: '258' }] });
    await p.request('submit_sm', sm({ registered_delivery: 1 }));
    expect((await p.next('deliver_sm')).network_error_code).toEqual(Buffer.from([3, 1, 2]));
  });

  it.each([
    ['text', true, false],
    ['tlv', false, true],
    ['tlv+text', true, true],
  ] as const)('receiptStyle %s', async (receiptStyle, hasText, hasTlv) => {
    const p = await bound({ receiptStyle });
    await p.request('submit_sm', sm({ registered_delivery: 1 }));
    const r = await p.next('deliver_sm');
    expect(TEXT.test(text(r))).toBe(hasText);
    expect(r.receipted_message_id !== undefined && r.message_state !== undefined).toBe(hasTlv);
  });

  it('sends a scripted receipt before the submit_sm_resp, and twice when asked', async () => {
    const p = await bound({ onSubmit: () => ({ receipt: { stat: 'DELIVRD', beforeResp: true, duplicate: true } }) });
    const resp = await p.request('submit_sm', sm({ registered_delivery: 1 }));
    const commands = p.pdus.map((x) => x.command);
    expect(commands).toEqual(['bind_transceiver_resp', 'deliver_sm', 'deliver_sm', 'submit_sm_resp']);
    expect(p.pdus[1].receipted_message_id).toBe(resp.message_id);
  });

  it('sends no receipt when onSubmit says receipt: false', async () => {
    const p = await bound({ onSubmit: (_, { index }) => (index === 0 ? { receipt: false } : undefined) });
    await p.request('submit_sm', sm({ registered_delivery: 1, short_message: Buffer.from('first') }));
    await p.request('submit_sm', sm({ registered_delivery: 1, short_message: Buffer.from('second') }));
    expect(text(await p.next('deliver_sm'))).toContain('text:second');
    expect(p.pdus.filter((x) => x.command === 'deliver_sm')).toHaveLength(1);
  });

  it('routes a transmitter\'s receipts to a receiver bound with the same system id', async () => {
    const tx = await bound({}, 'transmitter');
    const rx = await bound({}, 'receiver');
    const resp = await tx.request('submit_sm', sm({ registered_delivery: 1 }));
    expect((await rx.next('deliver_sm')).receipted_message_id).toBe(resp.message_id);
    expect(tx.pdus.some((x) => x.command === 'deliver_sm')).toBe(false);
  });

  it('keeps receipts nobody can take and delivers them when a receiver binds (reconnect)', async () => {
    const p = await bound({ onSubmit: () => ({ drop: 'after-reply' }) });
    const resp = await p.request('submit_sm', sm({ registered_delivery: 1 }));
    await p.closed;
    await until(() => t.sim.stats.held === 1, 'the receipt to be held');
    t.sim.set({ onSubmit: undefined });
    const again = await bound();
    expect((await again.next('deliver_sm')).receipted_message_id).toBe(resp.message_id);
  });

  it('sends one receipt per part of a long message', async () => {
    const p = await bound();
    const ids = [];
    for (const seq of [1, 2]) {
      const part = Buffer.concat([Buffer.from([5, 0, 3, 7, 2, seq]), Buffer.from(`part${seq}`)]);
      ids.push((await p.request('submit_sm', sm({ esm_class: 0x40, short_message: part, registered_delivery: 1 }))).message_id);
    }
    const receipts = [await p.next('deliver_sm'), await p.next('deliver_sm')];
    expect(receipts.map((r) => r.receipted_message_id).sort()).toEqual([...ids].sort());
  });

  it('deliver() pushes a hand-made deliver_sm to a bound receiver', async () => {
    const p = await bound();
    t.sim.deliver('ACME', { source_addr: '447700900001', esm_class: 0x04, short_message: 'id:XYZ stat:DELIVRD', receipted_message_id: 'XYZ' });
    const d = await p.next('deliver_sm');
    expect([d.destination_addr, text(d), d.receipted_message_id]).toEqual(['ACME', 'id:XYZ stat:DELIVRD', 'XYZ']);
    await until(() => t.sim.received.some((r) => r.command === 'deliver_sm_resp'), 'deliver_sm_resp');
  });
});
