import { describe, expect, it } from 'vitest';
import { idKeys, sameMessageId } from '../../src/sms/message-id.js';
import {
  anyReceiptText, isFinalState, MESSAGE_STATES, parseReceiptDate, parseReceiptText, receiptFromPdu, receiptOutcome, type ReceiptPdu,
} from '../../src/sms/receipt.js';

const APPENDIX_B =
  'id:0123456789 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:Hello world';

describe('parseReceiptText', () => {
  it.each([
    ['SMPP 3.4 Appendix B', APPENDIX_B, {
      id: '0123456789', sub: '001', dlvrd: '001', submitDate: '2501011200', doneDate: '2501011201',
      stat: 'DELIVRD', err: '000', text: 'Hello world',
    }],
    ['capital Text: and 12-digit dates',
      'id:abc123 sub:001 dlvrd:000 submit date:250101120000 done date:250101120105 stat:UNDELIV err:034 Text:Hi',
      { id: 'abc123', sub: '001', dlvrd: '000', submitDate: '250101120000', doneDate: '250101120105', stat: 'UNDELIV', err: '034', text: 'Hi' }],
    ['other order, upper-case keys, 14-digit dates',
      'STAT:EXPIRED ERR:000 ID:7f3a9c2e-1b4d-4e8f-9a6b-0c1d2e3f4a5b SUBMIT DATE:20250101120000 DONE DATE:20250102120000',
      { stat: 'EXPIRED', err: '000', id: '7f3a9c2e-1b4d-4e8f-9a6b-0c1d2e3f4a5b', submitDate: '20250101120000', doneDate: '20250102120000' }],
    ['text with spaces and colons, last',
      'id:42 stat:DELIVRD err:0 text:Meeting at 10:30: room id: 5',
      { id: '42', stat: 'DELIVRD', err: '0', text: 'Meeting at 10:30: room id: 5' }],
    ['submit_date spelling and no text', 'id:FFEE01 submit_date:2501011200 done_date:2501011201 stat:REJECTD err:001',
      { id: 'FFEE01', submitDate: '2501011200', doneDate: '2501011201', stat: 'REJECTD', err: '001' }],
    ['empty text', 'id:1 stat:DELIVRD text:', { id: '1', stat: 'DELIVRD', text: '' }],
    ['_ and @ in the text', 'id:1 stat:DELIVRD text:user_name@example', { id: '1', stat: 'DELIVRD', text: 'user_name@example' }],
  ])('%s', (_name, text, expected) => {
    expect(parseReceiptText(text)).toEqual(expected);
  });

  it.each([['Hello, see you at 10:30'], [''], ['identity: none'], ['subtitle:x']])('not a receipt: %j', (text) => {
    expect(parseReceiptText(text)).toBeUndefined();
  });
});

describe('parseReceiptDate', () => {
  it.each([
    ['2501311259', '2025-01-31T12:59:00'],
    ['250131125907', '2025-01-31T12:59:07'],
    ['20250131125907', '2025-01-31T12:59:07'],
    ['2513011200', undefined], // month 13
    ['25013112', undefined], // 8 digits
    ['abcdefghij', undefined],
  ])('%s -> %s', (digits, iso) => {
    expect(parseReceiptDate(digits)).toBe(iso);
  });
});

const net = (type: number, code: number) => Buffer.from([type, code >> 8, code & 0xff]);

describe('receiptFromPdu', () => {
  it('text only (esm_class 0x04), read from the raw octets: _ and @ survive', () => {
    const pdu: ReceiptPdu = {
      esm_class: 0x04, data_coding: 0, short_message: Buffer.from('id:a_b@c sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:x_y@z', 'latin1'),
    };
    expect(receiptFromPdu(pdu)).toEqual({
      messageId: 'a_b@c', state: 'DELIVRD', final: true, delivered: true, kind: 'smsc-receipt',
      err: '000', sub: '001', dlvrd: '001', submitDate: '2501011200', doneDate: '2501011201', text: 'x_y@z',
    });
  });

  it('TLVs only', () => {
    const r = receiptFromPdu({
      esm_class: 0x04, short_message: Buffer.alloc(0), receipted_message_id: 'ABC123', message_state: 5,
      network_error_code: net(3, 0x0101),
    });
    expect(r).toEqual({
      messageId: 'ABC123', state: 'UNDELIV', final: true, delivered: false, kind: 'smsc-receipt',
      networkError: { type: 3, code: 0x0101 },
    });
  });

  it('both: TLVs win for id and state, the text gives the rest', () => {
    const r = receiptFromPdu({
      esm_class: 0x04, short_message: Buffer.from(APPENDIX_B), receipted_message_id: '75bcd15', message_state: 2,
    });
    expect(r).toMatchObject({ messageId: '75bcd15', state: 'DELIVRD', delivered: true, err: '000', text: 'Hello world' });
    expect(receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from(APPENDIX_B), message_state: 3 }))
      .toMatchObject({ messageId: '0123456789', state: 'EXPIRED', final: true, delivered: false });
  });

  it('message_payload instead of short_message', () => {
    expect(receiptFromPdu({ esm_class: 0x04, short_message: Buffer.alloc(0), message_payload: Buffer.from(APPENDIX_B) }))
      .toMatchObject({ messageId: '0123456789', state: 'DELIVRD' });
  });

  it('a UDH before the text is skipped (esm_class 0x40)', () => {
    const sm = Buffer.concat([Buffer.from('050003010101', 'hex'), Buffer.from(APPENDIX_B)]);
    expect(receiptFromPdu({ esm_class: 0x44, short_message: sm })).toMatchObject({ messageId: '0123456789', sub: '001' });
  });

  it('a UCS2 receipt text', () => {
    const sm = Buffer.from('id:9 stat:DELIVRD', 'utf16le').swap16();
    expect(receiptFromPdu({ esm_class: 0x04, data_coding: 8, short_message: sm })).toMatchObject({ messageId: '9', state: 'DELIVRD' });
  });

  it.each([
    [0x04, 'smsc-receipt', ''], // unparseable, below
    [0x08, 'sme-delivery-ack', 'DELIVRD'],
    [0x10, 'sme-manual-ack', 'DELIVRD'],
    [0x20, 'intermediate', 'ENROUTE'],
  ])('esm_class 0x%s is a receipt (%s), state without TLV or text: %s', (esm, kind, state) => {
    expect(receiptFromPdu({ esm_class: esm, short_message: Buffer.alloc(0), receipted_message_id: '1' }))
      .toMatchObject({ kind, state, messageId: '1' });
  });

  it('a receipt sent as a plain MO is recognised by its text', () => {
    expect(receiptFromPdu({ esm_class: 0, short_message: Buffer.from(APPENDIX_B) }))
      .toMatchObject({ kind: 'text', messageId: '0123456789', state: 'DELIVRD' });
  });

  it.each([
    ['a plain MO', { esm_class: 0, short_message: Buffer.from('Hello there') }],
    ['an MO with only id:', { esm_class: 0, short_message: Buffer.from('id:5 is my id') }],
    ['conversation abort (0x18)', { esm_class: 0x18, short_message: Buffer.from('bye') }],
    ['an MO with a UDH', { esm_class: 0x40, short_message: Buffer.from('050003010201414243', 'hex') }],
  ])('not a receipt: %s', (_name, pdu) => {
    expect(receiptFromPdu(pdu)).toBeUndefined();
  });

  it('a receipt-typed PDU with no id at all still is a receipt (messageId "")', () => {
    expect(receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from('stat:DELIVRD') }))
      .toMatchObject({ messageId: '', state: 'DELIVRD' });
  });

  it('a receipt id in hex matches the decimal id submit_sm_resp gave (and back)', () => {
    const r = receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from('id:75BCD15 stat:DELIVRD err:000') })!;
    expect(sameMessageId(r.messageId, '123456789')).toBe(true);
    const back = receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from('id:0123456789 stat:DELIVRD') })!;
    expect(sameMessageId(back.messageId, '75bcd15')).toBe(true);
  });
});

describe('states', () => {
  it('message_state names (SMPP 3.4 §5.3.2.35, 0 and 9 from 5.0)', () => {
    expect(MESSAGE_STATES).toEqual({
      0: 'SCHEDULED', 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD', 9: 'SKIPPED',
    });
  });
  it.each([
    ['DELIVRD', true, true], ['delivered', true, true], ['UNDELIV', true, false], ['EXPIRED', true, false],
    ['DELETED', true, false], ['REJECTD', true, false], ['UNKNOWN', true, false], ['SKIPPED', true, false], ['FAILED', true, false],
    ['ACCEPTD', true, false], ['accepted', true, false], // final (SMPP 3.4 §5.2.28), not delivered
    ['ENROUTE', false, false], ['ACKED', false, false],
    ['BUFFRED', false, false], ['SCHEDULED', false, false],
  ])('stat:%s -> final %s, delivered %s', (stat, final, delivered) => {
    const r = receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from(`id:1 stat:${stat}`) })!;
    expect([r.final, r.delivered, isFinalState(stat)]).toEqual([final, delivered, final]);
  });
});

describe('a receipt without any state is unparseable, not a final UNKNOWN', () => {
  it.each([
    ['empty stat:', { esm_class: 0x04, short_message: Buffer.from('id:77 sub:001 dlvrd:000 stat: err:000 text:x') }],
    ['blank stat:', { esm_class: 0x04, short_message: Buffer.from('id:77 stat:   err:000') }],
    ['no stat: at all', { esm_class: 0x04, short_message: Buffer.from('id:77 err:000') }],
    ['TLV id only', { esm_class: 0x04, short_message: Buffer.alloc(0), receipted_message_id: '77' }],
    ['message_state out of range, empty stat:', { esm_class: 0x04, short_message: Buffer.from('id:77 stat:'), message_state: 42 }],
  ])('%s', (_name, pdu) => {
    expect(receiptFromPdu(pdu)).toMatchObject({ messageId: '77', state: '', final: false, delivered: false, unparseable: true });
  });

  it.each([
    ['stat:UNKNOWN', { esm_class: 0x04, short_message: Buffer.from('id:77 stat:UNKNOWN') }],
    ['message_state 7 with an empty stat:', { esm_class: 0x04, short_message: Buffer.from('id:77 stat:'), message_state: 7 }],
  ])('a real UNKNOWN stays a final failure: %s', (_name, pdu) => {
    const r = receiptFromPdu(pdu)!;
    expect(r).toMatchObject({ state: 'UNKNOWN', final: true, delivered: false });
    expect(r.unparseable).toBeUndefined();
  });
});

describe('ACCEPTD', () => {
  const acceptd = (opts?: { acceptd?: 'final' | 'intermediate' }) =>
    receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from('id:5 stat:ACCEPTD err:000'), message_state: 6 }, opts)!;

  it('is final by default, and its own outcome: neither delivered nor failed', () => {
    expect(acceptd()).toMatchObject({ state: 'ACCEPTD', final: true, delivered: false });
    expect(receiptOutcome(acceptd())).toBe('accepted');
  });

  it("is intermediate when the user says so (a gateway's early acknowledgement)", () => {
    expect(acceptd({ acceptd: 'intermediate' })).toMatchObject({ state: 'ACCEPTD', final: false });
    expect(receiptOutcome(acceptd({ acceptd: 'intermediate' }))).toBe('pending');
    expect(isFinalState('accepted', { acceptd: 'intermediate' })).toBe(false);
  });

  it.each([
    ['DELIVRD', 'delivered'], ['ACCEPTD', 'accepted'], ['UNDELIV', 'failed'], ['EXPIRED', 'failed'],
    ['DELETED', 'failed'], ['REJECTD', 'failed'], ['UNKNOWN', 'failed'], ['SKIPPED', 'failed'],
    ['ENROUTE', 'pending'], ['BUFFRED', 'pending'], ['SCHEDULED', 'pending'],
  ])('stat:%s -> %s', (stat, outcome) => {
    expect(receiptOutcome(receiptFromPdu({ esm_class: 0x04, short_message: Buffer.from(`id:1 stat:${stat}`) })!)).toBe(outcome);
  });

  it.each(Object.entries(MESSAGE_STATES))('message_state %s (%s): final unless ENROUTE or SCHEDULED (SMPP 3.4 §5.2.28)', (n, name) => {
    const r = receiptFromPdu({ esm_class: 0x04, short_message: Buffer.alloc(0), receipted_message_id: '1', message_state: Number(n) })!;
    expect(r.final).toBe(!['ENROUTE', 'SCHEDULED'].includes(name));
  });
});

describe('idKeys / sameMessageId', () => {
  it.each([
    ['  0123456789 ', ['123456789', '75bcd15', '4886718345']], // literal, hex rendering, decimal of the hex reading
    ['ABC123', ['abc123', '11256099']],
    ['0x1A', ['1a', '26']],
    ['7f3a9c2e-1b4d-4e8f-9a6b-0c1d2e3f4a5b', ['7f3a9c2e-1b4d-4e8f-9a6b-0c1d2e3f4a5b']],
    ['000', ['0']],
    ['', []],
  ])('%j -> %o', (id, keys) => {
    expect(idKeys(id)).toEqual(keys);
  });

  it.each([
    ['123456789', '75bcd15', true], // decimal one side, hex the other
    ['75BCD15', '123456789', true],
    ['00042', '42', true], // leading zeros
    ['AbC', 'abc', true], // case
    ['18446744073709551615', 'ffffffffffffffff', true], // beyond 2^53: exact with BigInt
    ['18446744073709551614', 'ffffffffffffffff', false],
    ['msg-1', 'MSG-1', true],
    ['msg-1', 'msg-2', false],
    ['22', '10', false], // 22|0x22 vs 10|0x10: no reading in common, though both derive "16"
    ['', '', false],
    ['10', '16', true], // 0x10 = 16: the ambiguity the tracker resolves by trying exact keys first
  ])('%j ~ %j: %s', (a, b, same) => {
    expect(sameMessageId(a, b)).toBe(same);
    expect(sameMessageId(b, a)).toBe(same);
  });
});

describe('receiptFromPdu on a deliver_sm decoded by node-smpp (filters stripped)', () => {
  it('reads the TLVs and raw text as node-smpp hands them over', async () => {
    const { smpp } = await import('../../src/smpp/codec.js');
    const sent = new smpp.PDU('deliver_sm', {
      source_addr: '447700900123', destination_addr: 'MyShop', esm_class: 0x04, data_coding: 0,
      short_message: Buffer.from('id:75BCD15 sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:UNDELIV err:034 text:a_b@c'),
      receipted_message_id: '75BCD15', message_state: 5, network_error_code: Buffer.from([3, 0x00, 0x22]),
    });
    const decoded = smpp.PDU.fromBuffer(sent.toBuffer());
    if (decoded === false) throw new Error('node-smpp could not decode its own deliver_sm');
    expect(receiptFromPdu(decoded)).toEqual({
      messageId: '75BCD15', state: 'UNDELIV', final: true, delivered: false, kind: 'smsc-receipt',
      err: '034', sub: '001', dlvrd: '001', submitDate: '2501011200', doneDate: '2501011201', text: 'a_b@c',
      networkError: { type: 3, code: 0x22 },
    });
  });
});

describe('the Appendix B fast path reads as the general reader does', () => {
  // parseReceiptText reads the exact Appendix B layout with one regular expression and falls
  // back to anyReceiptText for anything else: same fields, same values, same key order.
  const values = ['', '0', '001', 'abc_DEF-9', '7f3a9c2e-1b4d', 'x\0', 'id:5', 'a:b:c'];
  const texts = ['', 'Hello world', ' two  blanks ', 'Meeting at 10:30: room id: 5', 'x\0\0', 'text:inner stat:X'];
  const cases: string[] = [];
  for (const v of values) {
    const head = `id:${v} sub:${v || '001'} dlvrd:001 submit date:2501011200 done date:${v} stat:DELIVRD err:${v}`;
    cases.push(head, `${head} text:`, ...texts.map((t) => `${head} text:${t}`));
  }
  cases.push(APPENDIX_B, `${APPENDIX_B}\n`, ` ${APPENDIX_B}`, APPENDIX_B.replace('id:', 'ID:'), APPENDIX_B.replace(' sub', '  sub'));
  it.each(cases.map((c) => [c]))('%j', (text) => {
    expect(JSON.stringify(parseReceiptText(text))).toBe(JSON.stringify(anyReceiptText(text)));
  });
});
