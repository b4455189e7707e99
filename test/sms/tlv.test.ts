import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseTlvArg } from '../../src/sms/tlv.js';

describe('parseTlvArg', () => {
  it.each([
    ['0x1400=68656c6c6f', 0x1400, '68656c6c6f'],
    ['0X1400=68656C6C6F', 0x1400, '68656c6c6f'],
    ['5120=00ff', 0x1400, '00ff'],
    ['0x0424=0x0102', 0x0424, '0102'],
    ['0x1401=01:02 03', 0x1401, '010203'],
    ['0xffff=', 0xffff, ''], // an empty value is a valid TLV (a flag)
    ['0=01', 0, '01'],
  ])('%j -> tag 0x%s', (arg, tag, hex) => {
    const tlv = parseTlvArg(arg);
    expect(tlv.tag).toBe(tag);
    expect(tlv.value.toString('hex')).toBe(hex);
  });

  it.each([
    ['1400', '--tlv "1400": expected TAG=HEXVALUE; e.g. --tlv 0x1400=68656c6c6f'],
    ['foo=01', '--tlv "foo=01": the tag "foo" is not a number; give it as hex (0x1400) or decimal (5120)'],
    ['0x12345=01', '--tlv "0x12345=01": the tag "0x12345" is not a number; give it as hex (0x1400) or decimal (5120)'],
    ['65536=01', '--tlv "65536=01": the tag 65536 is above 0xFFFF (tags are 16 bits)'],
    ['0x1400=hello', '--tlv "0x1400=hello": "h" is not a hex digit; give the value as hex octets (text "hello" is 68656c6c6f)'],
    ['0x1400=abc', '--tlv "0x1400=abc": odd number of hex digits (3); give two digits per octet'],
  ])('refuses %j', (arg, message) => {
    expect(() => parseTlvArg(arg)).toThrow(new UsageError(message));
  });
});
