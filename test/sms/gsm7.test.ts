import { describe, expect, it } from 'vitest';
import { decodeGsm7, encodeGsm7, gsm7Length, unencodableGsm7 } from '../../src/sms/gsm7.js';

// One table drives encoder and decoder: text <-> unpacked septets (one per octet).
const VECTORS: [text: string, hex: string, septets: number][] = [
  ['@', '00', 1],
  ['£$¥', '010203', 3],
  ['Ç', '09', 1],
  ['§', '5f', 1], // 0x5F is §; a padded lookup string would send a backtick here
  ['¤', '24', 1],
  ['_', '11', 1],
  ['¡¿', '4060', 2],
  ['ΔΦΓΛΩΠΨΣΘΞ', '1012131415161718191a', 10],
  ['ÆæßÉ', '1c1d1e1f', 4],
  ['ÄÖÑÜäöñüà', '5b5c5d5e7b7c7d7e7f', 9],
  ['Hello', '48656c6c6f', 5],
  ['\r\n', '0d0a', 2],
  ['€', '1b65', 2],
  ['{}', '1b281b29', 4],
  ['[~]', '1b3c1b3d1b3e', 6],
  ['^|\\', '1b141b401b2f', 6],
  ['\f', '1b0a', 2],
  ['a€b', '611b6562', 4],
];

describe('GSM 7-bit vectors', () => {
  it.each(VECTORS)('encode %j -> %s', (text, hex) => {
    expect(encodeGsm7(text).toString('hex')).toBe(hex);
  });
  it.each(VECTORS)('decode %j <- %s', (text, hex) => {
    expect(decodeGsm7(Buffer.from(hex, 'hex'))).toBe(text);
  });
  it.each(VECTORS)('length of %j (%s) is %i septets', (text, _hex, septets) => {
    expect(gsm7Length(text)).toBe(septets);
  });

  it('round-trips all 127 basic characters and 10 extension characters', () => {
    const all = Buffer.from([...Array(128).keys()].filter((c) => c !== 0x1b));
    const text = decodeGsm7(all);
    expect([...text]).toHaveLength(127);
    expect(encodeGsm7(text)).toEqual(all);
    const ext = Buffer.from('1b0a1b141b281b291b2f1b3c1b3d1b3e1b401b65', 'hex');
    expect(encodeGsm7(decodeGsm7(ext))).toEqual(ext);
  });
});

describe('refusals', () => {
  it.each([
    ['`', 0],
    ['ç', 0],
    ['😀', 0],
    ['\t', 0],
    ['á', 0],
    ['δ', 0], // lower-case Greek: only ten capitals are in GSM
    ['Α', 0], // Greek capital alpha is not Latin A
  ])('%j is not GSM', (char, index) => {
    expect(unencodableGsm7(char)).toEqual([{ char, index }]);
    expect(() => encodeGsm7(char)).toThrow(/not in the GSM 7-bit alphabet/);
    expect(() => gsm7Length(char)).toThrow(RangeError);
  });

  it('lists each offender with its code-point index', () => {
    // the emoji is two UTF-16 units but one code point, so the backtick is at index 4
    expect(unencodableGsm7('a😀bç`')).toEqual([
      { char: '😀', index: 1 },
      { char: 'ç', index: 3 },
      { char: '`', index: 4 },
    ]);
  });

  it('NFC first: a decomposed é (e + U+0301) is the GSM é', () => {
    const decomposed = 'caf\u0065\u0301';
    expect(decomposed).toHaveLength(5);
    expect(unencodableGsm7(decomposed)).toEqual([]);
    expect(encodeGsm7(decomposed).toString('hex')).toBe('63616605');
    expect(gsm7Length(decomposed)).toBe(4);
  });
});

describe('decoding what the table does not define (23.038 §6.2.1.1)', () => {
  it.each([
    ['1b41', 'A', 'ESC + a code without extension character: the basic character'],
    ['1b1b41', ' A', 'ESC ESC (reserved further extension): a space'],
    ['411b', 'A ', 'a lone ESC at the end: a space'],
    ['c1', 'A', 'an octet above 0x7F: its low 7 bits'],
    ['1b0d', '\r', 'ESC CR2 (no symbol): the basic CR'],
  ])('%s -> %j (%s)', (hex, text) => {
    expect(decodeGsm7(Buffer.from(hex, 'hex'))).toBe(text);
  });
});
