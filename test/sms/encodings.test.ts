import { describe, expect, it } from 'vitest';
import {
  decodeOctets, decodeUcs2, encodeAscii, encodeLatin1, encodeUcs2, unencodableAscii, unencodableLatin1,
} from '../../src/sms/alphabets.js';
import { capacity, ENCODINGS, UDH16_OCTETS, UDH8_OCTETS } from '../../src/sms/encodings.js';
import { decodeText } from '../../src/sms/decode.js';

describe('ENCODINGS table agrees with the derivation in capacity()', () => {
  it.each(ENCODINGS)('$encoding: $single / $perPart8 / $perPart16 $unitName', (row) => {
    expect(capacity(row.encoding, 0)).toBe(row.single);
    expect(capacity(row.encoding, UDH8_OCTETS)).toBe(row.perPart8);
    expect(capacity(row.encoding, UDH16_OCTETS)).toBe(row.perPart16);
  });
  it('has the numbers of 3GPP TS 23.040', () => {
    const byName = Object.fromEntries(ENCODINGS.map((r) => [r.encoding, [r.single, r.perPart8, r.perPart16]]));
    expect(byName).toEqual({
      gsm7: [160, 153, 152],
      ucs2: [70, 67, 66],
      latin1: [140, 134, 133],
      ascii: [140, 134, 133],
      binary: [140, 134, 133],
    });
  });
});

describe('single-octet alphabets', () => {
  it.each([
    ['Hello', '48656c6c6f'],
    ['café ç `', '636166e920e7206' + '0'],
    ['ÿ§£', 'ffa7a3'],
  ])('latin1 %j <-> %s', (text, hex) => {
    expect(encodeLatin1(text).toString('hex')).toBe(hex);
    expect(decodeOctets('latin1', Buffer.from(hex, 'hex'))).toBe(text);
  });
  it.each([
    ['Hello_@`{}', '48656c6c6f5f40607b7d'],
  ])('ascii %j <-> %s', (text, hex) => {
    expect(encodeAscii(text).toString('hex')).toBe(hex);
    expect(decodeOctets('ascii', Buffer.from(hex, 'hex'))).toBe(text);
  });
  it('lists what Latin-1 and ASCII cannot carry', () => {
    expect(unencodableLatin1('a€Δé')).toEqual([{ char: '€', index: 1 }, { char: 'Δ', index: 2 }]);
    expect(unencodableAscii('a€Δé')).toEqual([
      { char: '€', index: 1 }, { char: 'Δ', index: 2 }, { char: 'é', index: 3 },
    ]);
    expect(() => encodeAscii('é')).toThrow(/not in ascii/);
  });
  it('ASCII decoding marks octets above 0x7F', () => {
    expect(decodeOctets('ascii', Buffer.from('41e9', 'hex'))).toBe('A\uFFFD');
  });
});

describe('UCS2 (UTF-16BE)', () => {
  it.each([
    ['Hi', '00480069'],
    ['€', '20ac'],
    ['😀', 'd83dde00'],
    ['Привет', '041f04400438043204350442'],
  ])('%j <-> %s', (text, hex) => {
    expect(encodeUcs2(text).toString('hex')).toBe(hex);
    expect(decodeUcs2(Buffer.from(hex, 'hex'))).toBe(text);
  });
  it('a dangling odd octet becomes U+FFFD', () => {
    expect(decodeUcs2(Buffer.from('004100', 'hex'))).toBe('A\uFFFD');
  });
});

describe('decodeText(bytes, data_coding, smscAlphabet)', () => {
  const hello = '48656c6c6f5f40'; // "Hello_@" in ASCII/Latin-1
  it.each([
    [hello, 0x00, 'latin1', 'Hello_@'],
    [hello, 0x00, 'ascii', 'Hello_@'],
    [hello, 0x00, 'gsm7', 'Hello§¡'], // the same octets read as GSM: why receipts are not read this way
    ['00111b65', 0x00, 'gsm7', '@_€'],
    [hello, 0x01, 'gsm7', 'Hello_@'], // IA5 whatever the SMSC default
    ['e7e9', 0x03, 'gsm7', 'çé'],
    ['d83dde00', 0x08, 'gsm7', '😀'],
    ['00111b65', 0x10, 'latin1', '@_€'], // flash names GSM explicitly
    ['d83dde00', 0x18, 'gsm7', '😀'], // flash UCS2
    ['0a0b', 0x04, 'gsm7', '0a0b'], // binary -> hex
    ['0a0b', 0x02, 'gsm7', '0a0b'],
    ['0a0b', 0x14, 'gsm7', '0a0b'], // general group, 8-bit data
    ['4142', 0xf0, 'latin1', 'AB'], // 1111 group, bit 2 clear: GSM
    ['4142', 0xf4, 'latin1', '4142'], // 1111 group, bit 2 set: 8-bit data
    ['4142', 0x30, 'gsm7', '4142'], // compressed: not decompressed
    ['00480069', 0xe0, 'gsm7', 'Hi'], // MWI store, UCS2
    ['bfe0', 0x06, 'gsm7', 'Пр'], // ISO-8859-5
  ] as const)('%s dc %i smsc %s -> %j', (hex, dc, smsc, text) => {
    expect(decodeText(Buffer.from(hex, 'hex'), dc, smsc)).toBe(text);
  });
});
