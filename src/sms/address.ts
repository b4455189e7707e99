// A number or sender name as typed -> SMPP address with TON/NPI (SMPP 3.4 §5.2.5, §5.2.6).
//
// Automatic choice (always overridable with --from-ton/--from-npi, --to-ton/--to-npi):
// - `+` and 1-15 digits (E.164): TON 1 international, NPI 1 ISDN, sent without the `+`.
// - 3-8 digits: a short code, TON 3 network-specific, NPI 0 (SMPP-NOTES).
// - 9-15 digits: TON 0 unknown, NPI 1 ISDN: national or international, the SMSC decides.
// - `00` + a country code (more than 8 digits in all, so short codes stay short codes) is the
//   international prefix used in most of the world, as operators type it: sent as `+` would be
//   (TON 1, NPI 1, "00" dropped). A --to-ton/--from-ton other than 1 keeps the "00", since
//   only an international number may lose its prefix.
// - An international number has at least 7 digits with its country code (the shortest in use,
//   e.g. Niue +683 4002); "+44" alone is a country code, not a number.
// - Letters in a sender: alphanumeric, TON 5, NPI 0, at most 11 GSM characters (the sender
//   travels as packed GSM 7-bit in 10 octets, 3GPP TS 23.040 §9.1.2.5). Letters in a
//   destination are an error.
// - Spaces, dashes, dots and parentheses inside numbers are dropped. A "(0)" right after the
//   country code ("+44 (0)20 7946 0000") is the national trunk prefix, which is never dialled
//   from abroad: it is dropped too. Elsewhere "(0)" stays a digit (a national "(0)20..." keeps it).
import { AddressError } from '../errors.js';
import { gsm7Septets } from './gsm7.js';
import { showChar } from './visible.js';

export interface Address {
  addr: string;
  ton: number;
  npi: number;
}

export type AddressRole = 'source' | 'destination';

/** Type of number (SMPP 3.4 §5.2.5). */
export const TON = {
  unknown: 0,
  international: 1,
  national: 2,
  networkSpecific: 3,
  subscriber: 4,
  alphanumeric: 5,
  abbreviated: 6,
} as const;

/** Numbering plan indicator (SMPP 3.4 §5.2.6). */
export const NPI = {
  unknown: 0,
  isdn: 1, // E.163/E.164
  data: 3, // X.121
  telex: 4, // F.69
  landMobile: 6, // E.212
  national: 8,
  private: 9,
  ermes: 10,
  internet: 14, // IP (SMPP 3.4 table: 14)
  wapClientId: 18,
} as const;

export const TON_NAMES: Readonly<Record<number, string>> = invert(TON);
export const NPI_NAMES: Readonly<Record<number, string>> = invert(NPI);

const MAX_TON = 6;
const MAX_NPI = 18;
const MAX_DIGITS = 15; // E.164
const MIN_INTERNATIONAL_DIGITS = 7; // country code included: Niue, Tokelau (+683 4002)
const SHORT_CODE = { min: 3, max: 8 };
const MAX_ALNUM_SEPTETS = 11;

function invert(table: Record<string, number>): Record<number, string> {
  return Object.fromEntries(Object.entries(table).map(([name, n]) => [n, name]));
}

export function parseAddress(
  raw: string,
  role: AddressRole,
  override?: { ton?: number; npi?: number },
): Address {
  const field = role === 'source' ? 'from' : 'to';
  const bad: Refuse = (reason) => new AddressError({ field, value: raw, reason });
  const value = raw.trim();
  if (value === '') throw bad('empty; give a number such as +447700900123');
  const auto = numberOrName(value, role, bad);
  const { ton, npi } = applyOverride(auto, override, `--${field}`);
  // "00" was dropped because the number goes as international; told otherwise, send it as typed.
  const addr = auto.typedPrefix !== undefined && ton !== TON.international ? auto.typedPrefix + auto.addr : auto.addr;
  return { addr, ton, npi };
}

/** The error for what is wrong with the address as typed; the edge says where it was typed. */
type Refuse = (reason: string) => AddressError;

/** The automatic address, and the "00" it dropped, if any. */
type AutoAddress = Address & { typedPrefix?: string };

/** "+44 (0)7700..." / "0044(0)7700..." -> without the "(0)" trunk prefix; anything else unchanged. */
function dropTrunkPrefix(compact: string): string {
  return compact.replace(/^(\+|00)([1-9][0-9]{0,2})\(0\)/, '$1$2');
}

/** Digits, with an optional + before them: nothing to clean up, no letters (most numbers, one per row of a batch). */
const PLAIN_NUMBER = /^\+?[0-9]+$/;

function numberOrName(value: string, role: AddressRole, bad: Refuse): AutoAddress {
  const plain = PLAIN_NUMBER.test(value);
  const compact = plain ? value : dropTrunkPrefix(value.replace(/[\s\-.]/g, '')).replace(/[()]/g, '');
  const hasLetters = !plain && /\p{L}/u.test(compact);
  if (hasLetters && role === 'destination') {
    throw bad('a destination must be a phone number (digits, optionally after +), not letters; e.g. +447700900123');
  }
  if (hasLetters && value.startsWith('+')) {
    throw bad('only digits may follow +; e.g. +447700900123, or a name without + such as MyShop');
  }
  // A sender that is not a plain number is a name (it may hold punctuation: "Shop-1", "A&B").
  if (role === 'source' && !value.startsWith('+') && !/^[0-9]*$/.test(compact)) return alphanumeric(value, bad);

  const international = compact.startsWith('+');
  const digits = international ? compact.slice(1) : compact;
  if (!/^[0-9]*$/.test(digits)) {
    const char = /[^0-9]/.exec(digits)![0];
    throw bad(`${JSON.stringify(char)} is not allowed in a number; use digits only, optionally after +`);
  }
  if (digits === '') {
    throw bad('no digits after +; give the full number, e.g. +447700900123');
  }
  if (!international && /^00[1-9]/.test(digits) && digits.length > SHORT_CODE.max) {
    return { ...internationalNumber(digits.slice(2), bad), typedPrefix: '00' };
  }
  if (digits.length > MAX_DIGITS) throw tooLong(digits, bad);
  if (international) {
    if (digits.startsWith('0')) {
      throw bad('country codes never start with 0; write +<country code><number> (e.g. +447700900123), or drop the + for a national number');
    }
    return internationalNumber(digits, bad);
  }
  if (digits.length < SHORT_CODE.min) {
    throw bad(`too short (${digits.length} digits); short codes have at least ${SHORT_CODE.min}`);
  }
  if (digits.length <= SHORT_CODE.max) return { addr: digits, ton: TON.networkSpecific, npi: NPI.unknown };
  return { addr: digits, ton: TON.unknown, npi: NPI.isdn };
}

function tooLong(digits: string, bad: Refuse): AddressError {
  return bad(`too long (${digits.length} digits); a phone number has at most ${MAX_DIGITS} (E.164)`);
}

/** Digits after + or 00: country code and number. */
function internationalNumber(digits: string, bad: Refuse): Address {
  if (digits.length > MAX_DIGITS) throw tooLong(digits, bad);
  if (digits.length < MIN_INTERNATIONAL_DIGITS) {
    throw bad(
      `too short for an international number (${digits.length} digits); with its country code it has at least ${MIN_INTERNATIONAL_DIGITS}, e.g. +447700900123`,
    );
  }
  return { addr: digits, ton: TON.international, npi: NPI.isdn };
}

function alphanumeric(value: string, bad: Refuse): Address {
  let septets = 0;
  let index = 0;
  for (const ch of value.normalize('NFC')) {
    const n = gsm7Septets(ch);
    if (n === undefined || ch === '\n' || ch === '\r') {
      throw bad(`${showChar(ch)} at ${index + 1} cannot appear in a sender name; use letters, digits, spaces and GSM punctuation`);
    }
    septets += n;
    index++;
  }
  if (septets > MAX_ALNUM_SEPTETS) {
    throw bad(
      `a sender name holds at most ${MAX_ALNUM_SEPTETS} characters, this one ${septets}${septets !== index ? ' (^{}[]~|\\€ count 2)' : ''}; shorten it`,
    );
  }
  return { addr: value.normalize('NFC'), ton: TON.alphanumeric, npi: NPI.unknown };
}

function applyOverride(auto: Address, override: { ton?: number; npi?: number } | undefined, flag: string) {
  const ton = override?.ton ?? auto.ton;
  const npi = override?.npi ?? auto.npi;
  if (!Number.isInteger(ton) || ton < 0 || ton > MAX_TON) {
    throw new AddressError(`${flag}-ton ${ton}: TON must be 0..${MAX_TON} (0 unknown, 1 international, 3 network-specific, 5 alphanumeric)`);
  }
  if (!Number.isInteger(npi) || npi < 0 || npi > MAX_NPI) {
    throw new AddressError(`${flag}-npi ${npi}: NPI must be 0..${MAX_NPI} (0 unknown, 1 ISDN/E.164, 9 private)`);
  }
  return { ton, npi };
}
