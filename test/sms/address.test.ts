import { describe, expect, it } from 'vitest';
import { AddressError } from '../../src/errors.js';
import { NPI, NPI_NAMES, parseAddress, TON, TON_NAMES, type AddressRole } from '../../src/sms/address.js';

describe('parseAddress: automatic TON/NPI', () => {
  it.each([
    ['+447700900123', 'destination', '447700900123', 1, 1],
    ['+44 7700 900-123', 'destination', '447700900123', 1, 1],
    ['+1 (555) 010.9999', 'destination', '15550109999', 1, 1],
    ['  +447700900123  ', 'source', '447700900123', 1, 1],
    ['+123456789012345', 'destination', '123456789012345', 1, 1], // 15 digits: the E.164 maximum
    ['00447700900123', 'destination', '447700900123', 1, 1], // 00 + country code: international
    ['0044 7700 900123', 'source', '447700900123', 1, 1],
    ['001 555 010 9999', 'destination', '15550109999', 1, 1],
    ['00123456', 'destination', '00123456', 3, 0], // 8 digits: still a short code
    ['+44 (0)7700-900123', 'destination', '447700900123', 1, 1], // "(0)" trunk prefix dropped
    ['+44(0)20 7946 0000', 'destination', '442079460000', 1, 1],
    ['+353 (0)1 555 0000', 'destination', '35315550000', 1, 1],
    ['0044 (0)7700 900123', 'destination', '447700900123', 1, 1],
    ['(0)7700 900123', 'destination', '07700900123', 0, 1], // national: "(0)" is a digit
    ['+6834002', 'destination', '6834002', 1, 1], // 7 digits: the shortest international numbers
    ['00447700900123456', 'destination', '447700900123456', 1, 1], // 17 typed, 15 after 00: E.164 maximum
    ['07700900123', 'destination', '07700900123', 0, 1], // national, the SMSC decides
    ['447700900123', 'destination', '447700900123', 0, 1],
    ['123', 'destination', '123', 3, 0], // short code
    ['12345678', 'source', '12345678', 3, 0],
    ['123456789', 'source', '123456789', 0, 1],
    ['MyShop', 'source', 'MyShop', 5, 0],
    ['Shop-1', 'source', 'Shop-1', 5, 0],
    ['A & B Ltd', 'source', 'A & B Ltd', 5, 0],
    ['Cafe\u0301', 'source', 'Café', 5, 0], // NFC: the decomposed é is the GSM é
    ['Info2Go', 'source', 'Info2Go', 5, 0],
    ['12345678901', 'source', '12345678901', 0, 1],
  ] as const)('%j as %s -> %s TON %i NPI %i', (raw, role, addr, ton, npi) => {
    expect(parseAddress(raw, role)).toEqual({ addr, ton, npi });
  });
});

describe('parseAddress: overrides always win', () => {
  it.each([
    ['+447700900123', 'destination', { ton: 0 }, { addr: '447700900123', ton: 0, npi: 1 }],
    ['12345', 'destination', { ton: 6, npi: 9 }, { addr: '12345', ton: 6, npi: 9 }],
    ['MyShop', 'source', { npi: 1 }, { addr: 'MyShop', ton: 5, npi: 1 }],
    ['447700900123', 'destination', { ton: 1 }, { addr: '447700900123', ton: 1, npi: 1 }],
    // "00" is dropped only for an international number: another TON sends it as typed
    ['00447700900123', 'destination', { ton: 0 }, { addr: '00447700900123', ton: 0, npi: 1 }],
    ['00447700900123', 'destination', { ton: 1 }, { addr: '447700900123', ton: 1, npi: 1 }],
    ['00447700900123', 'destination', { npi: 9 }, { addr: '447700900123', ton: 1, npi: 9 }],
  ] as const)('%j %s %o', (raw, role, override, expected) => {
    expect(parseAddress(raw, role, override)).toEqual(expected);
  });

  it.each([
    [{ ton: 7 }, '--to-ton 7: TON must be 0..6 (0 unknown, 1 international, 3 network-specific, 5 alphanumeric)'],
    [{ ton: -1 }, '--to-ton -1: TON must be 0..6 (0 unknown, 1 international, 3 network-specific, 5 alphanumeric)'],
    [{ npi: 19 }, '--to-npi 19: NPI must be 0..18 (0 unknown, 1 ISDN/E.164, 9 private)'],
    [{ npi: 1.5 }, '--to-npi 1.5: NPI must be 0..18 (0 unknown, 1 ISDN/E.164, 9 private)'],
  ])('refuses override %o', (override, message) => {
    expect(() => parseAddress('+447700900123', 'destination', override)).toThrow(new AddressError(message));
  });
});

describe('parseAddress: errors name the flag, the value and the fix', () => {
  it.each([
    ['', 'destination', '--to "": empty; give a number such as +447700900123'],
    ['   ', 'source', '--from "   ": empty; give a number such as +447700900123'],
    ['+', 'destination', '--to "+": no digits after +; give the full number, e.g. +447700900123'],
    ['+44abc', 'destination', '--to "+44abc": a destination must be a phone number (digits, optionally after +), not letters; e.g. +447700900123'],
    ['MyShop', 'destination', '--to "MyShop": a destination must be a phone number (digits, optionally after +), not letters; e.g. +447700900123'],
    ['+44abc', 'source', '--from "+44abc": only digits may follow +; e.g. +447700900123, or a name without + such as MyShop'],
    ['+1234567890123456', 'destination', '--to "+1234567890123456": too long (16 digits); a phone number has at most 15 (E.164)'],
    ['1234567890123456', 'source', '--from "1234567890123456": too long (16 digits); a phone number has at most 15 (E.164)'],
    ['+0447700900123', 'destination', '--to "+0447700900123": country codes never start with 0; write +<country code><number> (e.g. +447700900123), or drop the + for a national number'],
    ['12', 'destination', '--to "12": too short (2 digits); short codes have at least 3'],
    ['+44', 'destination', '--to "+44": too short for an international number (2 digits); with its country code it has at least 7, e.g. +447700900123'],
    ['+44 (0)', 'destination', '--to "+44 (0)": too short for an international number (2 digits); with its country code it has at least 7, e.g. +447700900123'],
    ['+447700', 'source', '--from "+447700": too short for an international number (6 digits); with its country code it has at least 7, e.g. +447700900123'],
    ['004477009001234567', 'destination', '--to "004477009001234567": too long (16 digits); a phone number has at most 15 (E.164)'],
    ['+44#123', 'destination', '--to "+44#123": "#" is not allowed in a number; use digits only, optionally after +'],
    ['*123#', 'destination', '--to "*123#": "*" is not allowed in a number; use digits only, optionally after +'],
    ['TwelveChars!', 'source', '--from "TwelveChars!": a sender name holds at most 11 characters, this one 12; shorten it'],
    ['Shop{2024}', 'source', '--from "Shop{2024}": a sender name holds at most 11 characters, this one 12 (^{}[]~|\\€ count 2); shorten it'],
    ['Caf`e', 'source', '--from "Caf`e": "`" at 4 cannot appear in a sender name; use letters, digits, spaces and GSM punctuation'],
    ['Ünïcodé', 'source', '--from "Ünïcodé": "ï" at 3 cannot appear in a sender name; use letters, digits, spaces and GSM punctuation'],
    ['Shop😀', 'source', '--from "Shop😀": "😀" at 5 cannot appear in a sender name; use letters, digits, spaces and GSM punctuation'],
  ] as const)('%j as %s', (raw, role: AddressRole, message) => {
    expect(() => parseAddress(raw, role)).toThrow(new AddressError(message));
  });

  it('"+44 020..." is accepted: only a country code starting with 0 is certainly wrong', () => {
    expect(parseAddress('+44 020 7946 0000', 'destination')).toEqual({ addr: '4402079460000', ton: 1, npi: 1 });
  });
});

describe('TON and NPI tables', () => {
  it('name every value of SMPP 3.4 §5.2.5 and §5.2.6', () => {
    expect(TON_NAMES).toEqual({
      0: 'unknown', 1: 'international', 2: 'national', 3: 'networkSpecific', 4: 'subscriber', 5: 'alphanumeric', 6: 'abbreviated',
    });
    expect(NPI_NAMES).toEqual({
      0: 'unknown', 1: 'isdn', 3: 'data', 4: 'telex', 6: 'landMobile', 8: 'national', 9: 'private', 10: 'ermes', 14: 'internet', 18: 'wapClientId',
    });
    expect([TON.international, NPI.isdn]).toEqual([1, 1]);
  });
});
