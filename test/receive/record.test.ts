// The mo / receipt records: every data_coding a handset or SMSC uses, parts joined before
// decoding, and the human line.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/receive/incoming.js';
import type { MoMessage } from '../../src/receive/reassembly.js';
import { humanLine, moRecord, receiptRecord } from '../../src/receive/record.js';

function msg(dataCoding: number, parts: (Buffer | undefined)[], complete = true): MoMessage {
  return {
    from: { addr: '447700900123', ton: 1, npi: 1 }, to: { addr: '12345', ton: 3, npi: 0 }, dataCoding, esmClass: 0,
    parts, complete, firstAt: 0, lastAt: Date.UTC(2030, 0, 1),
  };
}
const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('moRecord decodes', () => {
  it.each([
    ['dc 0 as GSM (default alphabet gsm7)', 0x00, 'gsm7', Buffer.from([0x00, 0x11, 0x1b, 0x65, 0x41]), '@_€A', 'gsm7'],
    ['dc 0 when the SMSC default is Latin-1', 0x00, 'latin1', Buffer.from('café', 'latin1'), 'café', 'latin1'],
    ['dc 1 IA5', 0x01, 'gsm7', Buffer.from('a_b@c'), 'a_b@c', 'ascii'],
    ['dc 3 Latin-1', 0x03, 'gsm7', Buffer.from('Grüße', 'latin1'), 'Grüße', 'latin1'],
    ['dc 8 UCS2 with an emoji', 0x08, 'gsm7', ucs2('Привет 😀'), 'Привет 😀', 'ucs2'],
    ['dc 0x10 GSM flash', 0x10, 'latin1', Buffer.from([0x48, 0x00]), 'H@', 'gsm7'],
    ['dc 0x18 UCS2 flash', 0x18, 'gsm7', ucs2('Ω'), 'Ω', 'ucs2'],
    ['dc 0xF0 GSM class 0', 0xf0, 'gsm7', Buffer.from('Hi'), 'Hi', 'gsm7'],
    ['dc 0xF1 GSM class 1', 0xf1, 'gsm7', Buffer.from([0x11]), '_', 'gsm7'],
    ['dc 0xF4 8-bit data class 0: hex', 0xf4, 'gsm7', Buffer.from([0xde, 0xad]), 'dead', 'binary'],
    ['dc 4 binary: hex', 0x04, 'gsm7', Buffer.from([0x01, 0xff]), '01ff', 'binary'],
    ['dc 2 binary: hex', 0x02, 'gsm7', Buffer.from([0x0a]), '0a', 'binary'],
    ['dc 6 Cyrillic (ISO-8859-5)', 0x06, 'gsm7', Buffer.from([0xbf]), 'П', 'iso-8859-5'],
  ] as const)('%s', (_n, dc, alphabet, bytes, text, encoding) => {
    const r = moRecord(msg(dc, [bytes]), alphabet);
    expect(r).toMatchObject({ text, encoding, dataCoding: dc, parts: 1, partsReceived: 1, complete: true });
  });

  it('joins the bytes before decoding: a surrogate pair or ESC pair split by the handset survives', () => {
    const smile = ucs2('a😀');
    expect(moRecord(msg(8, [smile.subarray(0, 4), smile.subarray(4)]), 'gsm7').text).toBe('a😀');
    expect(moRecord(msg(0, [Buffer.from([0x41, 0x1b]), Buffer.from([0x65])]), 'gsm7').text).toBe('A€');
  });

  it('an incomplete message names its missing parts', () => {
    const r = moRecord(msg(0, [Buffer.from('ab'), undefined, Buffer.from('ef')], false), 'gsm7');
    expect(r).toMatchObject({ text: 'abef', parts: 3, partsReceived: 2, complete: false, missing: [2] });
    expect(humanLine(r)).toBe('mo       +447700900123 -> 12345: "abef" (gsm7, 2/3 parts, INCOMPLETE: missing part 2)');
  });

  it('message_payload (no UDH) decodes like short_message', () => {
    const c = classify({ source_addr: '1', destination_addr: '2', data_coding: 8, short_message: Buffer.alloc(0), message_payload: ucs2('long ü') }, 0);
    if (c.type !== 'mo') throw new Error('not an mo');
    expect(moRecord({ ...msg(8, [c.part.bytes]) }, 'gsm7').text).toBe('long ü');
  });

  it('a newline in the text cannot forge a second line', () => {
    const line = humanLine(moRecord(msg(1, [Buffer.from('STOP\nreceipt 1 DELIVRD')]), 'gsm7'));
    expect(line.split('\n')).toHaveLength(1);
  });
});

describe('receiptRecord', () => {
  it('carries the send run receipt fields, with to = the handset', () => {
    const c = classify({
      source_addr: '447700900123', source_addr_ton: 1, source_addr_npi: 1, destination_addr: 'ACME', dest_addr_ton: 5,
      esm_class: 4, short_message: Buffer.from('id:00ab sub:001 dlvrd:000 submit date:2401011200 done date:2401011201 stat:UNDELIV err:034 text:'),
      network_error_code: Buffer.from([3, 0, 34]),
    }, Date.UTC(2030, 0, 1));
    if (c.type !== 'receipt') throw new Error('not a receipt');
    const r = receiptRecord(c.value);
    expect(r).toEqual({
      type: 'receipt', id: '00ab', to: '447700900123', toTon: 1, toNpi: 1, from: 'ACME', fromTon: 5, fromNpi: 0,
      state: 'UNDELIV', final: true, delivered: false, err: '034', networkError: { type: 3, code: 34 },
      submitDate: '2401011200', doneDate: '2401011201', receivedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(humanLine(r)).toBe('receipt  00ab UNDELIV err:034 to +447700900123');
  });
});
