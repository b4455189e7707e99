// MO or receipt? Table of deliver_sm shapes as SMSCs send them.
import { describe, expect, it } from 'vitest';
import { classify, flaggedAsReceipt } from '../../src/receive/incoming.js';
import { seeded } from '../helpers/seeded.js';

const base = { source_addr: '447700900123', source_addr_ton: 1, source_addr_npi: 1, destination_addr: '12345', dest_addr_ton: 3, dest_addr_npi: 0 };
const text = (s: string) => Buffer.from(s, 'latin1');
const RECEIPT_TEXT = 'id:1234 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:hi';

describe('classify', () => {
  it.each([
    ['esm_class 0x04 with receipt text', { esm_class: 0x04, short_message: text(RECEIPT_TEXT) }, 'receipt'],
    ['esm_class 0x04 with TLVs only', { esm_class: 0x04, short_message: Buffer.alloc(0), receipted_message_id: 'abc', message_state: 2 }, 'receipt'],
    ['esm_class 0 but receipt TLVs', { esm_class: 0, short_message: text('whatever'), receipted_message_id: 'abc', message_state: 5 }, 'receipt'],
    ['esm_class 0, receipt text (SMSC sends receipts as MO)', { esm_class: 0, short_message: text(RECEIPT_TEXT) }, 'receipt'],
    ['esm_class 0, Id: in another case', { esm_class: 0, short_message: text(' Id:77 Stat:UNDELIV err:001') }, 'receipt'],
    ['an MO that merely contains id:', { esm_class: 0, short_message: text('my id: 42 please') }, 'mo'],
    ['an MO with id: and stat: not at the start', { esm_class: 0, short_message: text('hello, id:42 stat:DELIVRD is what I got') }, 'mo'],
    ['an MO starting with id: but no stat:', { esm_class: 0, short_message: text('id: 42') }, 'mo'],
    ['plain STOP', { esm_class: 0, short_message: text('STOP') }, 'mo'],
    ['UCS2 receipt text', { esm_class: 0, data_coding: 8, short_message: Buffer.from(Buffer.from(RECEIPT_TEXT, 'utf16le')).swap16() }, 'receipt'],
    ['UCS2 MO of odd length (hostile)', { esm_class: 0, data_coding: 8, short_message: Buffer.from([0x00]) }, 'mo'],
  ])('%s -> %s', (_name, fields, want) => {
    expect(classify({ ...base, ...fields }, 0).type).toBe(want);
  });

  it('reads addresses, TON/NPI and the receipt id', () => {
    const got = classify({ ...base, esm_class: 0x04, short_message: text(RECEIPT_TEXT) }, 5);
    expect(got).toMatchObject({ type: 'receipt', value: { from: { addr: '447700900123', ton: 1, npi: 1 }, to: { addr: '12345', ton: 3 }, receipt: { messageId: '1234', state: 'DELIVRD' }, receivedAt: 5 } });
  });

  it.each([
    ['UDH IE 0x00', { esm_class: 0x40, short_message: Buffer.from('050003aa0302' + '6869', 'hex') }, { scheme: 'udh8', ref: 0xaa, total: 3, seq: 2 }],
    ['UDH IE 0x08', { esm_class: 0x40, short_message: Buffer.from('06080412340201' + '6869', 'hex') }, { scheme: 'udh16', ref: 0x1234, total: 2, seq: 1 }],
    ['SAR TLVs', { esm_class: 0, short_message: text('hi'), sar_msg_ref_num: 7, sar_total_segments: 2, sar_segment_seqnum: 2 }, { scheme: 'sar', ref: 7, total: 2, seq: 2 }],
  ])('MO part with %s', (_n, fields, concat) => {
    const got = classify({ ...base, ...fields }, 0);
    expect(got.type).toBe('mo');
    if (got.type !== 'mo') return;
    expect(got.part.concat).toEqual(concat);
    expect(got.part.bytes.toString('latin1')).toBe('hi');
  });

  it('prefers message_payload over an empty short_message', () => {
    const got = classify({ ...base, esm_class: 0, short_message: Buffer.alloc(0), message_payload: text('long text') }, 0);
    expect(got.type === 'mo' && got.part.bytes.toString()).toBe('long text');
  });
});

describe('flaggedAsReceipt', () => {
  // MoInbox skips classify for these: it must be what classify would say, for any body.
  it('is true only when classify reads a receipt, for any bytes under a receipt esm_class', () => {
    const next = seeded(13);
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
    for (let i = 0; i < 2000; i++) {
      const esm = [0x04, 0x08, 0x10, 0x20, 0x44, 0x48, 0x00, 0x40, 0x18][i % 9]!;
      const pdu: Record<string, unknown> = { ...base, esm_class: esm, data_coding: [0, 8, 4, 0xf5][i % 4], short_message: bytes(Math.floor(next() * 40)) };
      if (i % 3 === 0) pdu.message_payload = bytes(Math.floor(next() * 20));
      if (i % 5 === 0) pdu.network_error_code = bytes(Math.floor(next() * 4));
      if (i % 7 === 0) pdu.receipted_message_id = i % 2 ? bytes(5) : 'x';
      if (flaggedAsReceipt(pdu)) expect(classify(pdu, 0).type).toBe('receipt');
      else expect([0x00, 0x40, 0x18]).toContain(esm);
    }
  });
});
