// Which encoding a text goes out in, and its data_coding. Pure.
//
// Decisions, for the record:
// - The caller NFC-normalises the text first: a decomposed `é` (e + U+0301) is the GSM `é`.
// - `auto` picks GSM 7-bit when every character is in the basic or extension table, else UCS2,
//   listing the characters that forced UCS2. With `transliterate`, look-alikes are tried first;
//   when the text still needs UCS2, the ORIGINAL text is sent (UCS2 carries it faithfully, so
//   a lossy replacement would buy nothing).
// - smscAlphabet is what data_coding 0 means at the SMSC. GSM text goes out with dc 0:
//   * smscAlphabet gsm7: GSM table octets;
//   * smscAlphabet latin1/ascii: the same characters as Latin-1/ASCII octets. The SMSC turns
//     them into GSM 7-bit for the air, so the parts are still counted in GSM septets (`^{}[]~|\`
//     cost two), and a GSM character the SMSC's alphabet lacks (`€`, Greek capitals; for ASCII
//     also `£ é ...`) cannot go with dc 0: auto then picks UCS2, forced gsm7 is an error.
//   Latin-1 and IA5 are used only on request (SMPP-NOTES: many SMSCs mishandle them): `latin1`
//   sends dc 3 and `ascii` dc 1, or dc 0 when that is the SMSC's default alphabet anyway.
// - Flash (message class 0) uses dc 0x10 / 0x18 (23.038 §4 general data coding), which name the
//   GSM 7-bit alphabet explicitly, so flash GSM text is always GSM table octets.
import { TextError } from '../errors.js';
import { inAlphabet } from './alphabets.js';
import { encodingRow, type Encoding } from './encodings.js';
import { isGsm7Char } from './gsm7.js';
import { canTransliterate, transliterate } from './transliterate.js';
import { showChar } from './visible.js';

export type Coding = 'auto' | 'gsm7' | 'ucs2' | 'latin1' | 'ascii' | 'binary';
export type SmscAlphabet = 'gsm7' | 'latin1' | 'ascii';

/** The options that decide the encoding. */
export interface EncodingOptions {
  coding: Coding;
  smscAlphabet: SmscAlphabet;
  flash: boolean;
  transliterate: boolean;
}

/** A character that does not fit the encoding, at its index in the NFC text (0-based). */
export type Offender = { char: string; index: number };
export type Transliterated = { from: string; to: string; index: number }[];

/** Single-octet alphabet GSM text travels in (dc 0 at a Latin-1/ASCII SMSC). */
export type OctetAlphabet = 'latin1' | 'ascii';

export interface ChosenEncoding {
  text: string; // the text to encode: transliterated when that made it fit
  encoding: Exclude<Encoding, 'binary'>;
  dataCoding: number; // includes the flash class bits when flash
  octets?: OctetAlphabet;
  ucs2Because?: Offender[];
  transliterated?: Transliterated;
}

const FLASH_DC = { gsm7: 0x10, ucs2: 0x18 } as const;

/** Throws a TextError when a forced encoding cannot carry the text. */
export function chooseEncoding(text: string, opts: EncodingOptions): ChosenEncoding {
  const { coding, smscAlphabet, flash } = opts;
  if (coding === 'ucs2') return { text, encoding: 'ucs2', dataCoding: flash ? FLASH_DC.ucs2 : 0x08 };

  if (coding === 'latin1' || coding === 'ascii') {
    const fits = (ch: string) => inAlphabet(coding, ch);
    const t = fitText(text, fits, opts.transliterate);
    if (t.offenders.length) throw unencodable(coding, t.offenders, fits, opts, '; use --coding ucs2');
    const dataCoding = smscAlphabet === coding ? 0x00 : encodingRow(coding).dataCoding;
    return { text: t.text, encoding: coding, dataCoding, transliterated: t.changes };
  }

  // auto or gsm7: GSM characters, in the SMSC's default alphabet unless flash names GSM.
  const octets = flash || smscAlphabet === 'gsm7' ? undefined : smscAlphabet;
  const fits = (ch: string) => isGsm7Char(ch) && (!octets || inAlphabet(octets, ch));
  const t = fitText(text, fits, opts.transliterate);
  if (t.offenders.length === 0) {
    const chosen: ChosenEncoding = { text: t.text, encoding: 'gsm7', dataCoding: flash ? FLASH_DC.gsm7 : 0x00 };
    if (octets) chosen.octets = octets;
    if (t.changes.length) chosen.transliterated = t.changes;
    return chosen;
  }
  if (coding === 'gsm7') {
    const where = octets ? ` through an SMSC whose default alphabet is ${octets} (--smsc-alphabet)` : '';
    throw unencodable(`gsm7${where}`, t.offenders, fits, opts, '; use --coding ucs2');
  }
  return {
    text,
    encoding: 'ucs2',
    dataCoding: flash ? FLASH_DC.ucs2 : 0x08,
    ucs2Because: t.offenders,
  };
}

/** The text after optional transliteration, and the characters that still do not fit. */
function fitText(text: string, fits: (ch: string) => boolean, translit: boolean) {
  const t = translit ? transliterate(text, fits) : { text, changes: [] };
  // Transliteration replaces only with text that fits, so the offenders are the characters it
  // left alone; their indices are those of the NFC input the user gave.
  const changed = new Set(t.changes.map((c) => c.index));
  const offenders: Offender[] = [];
  let index = 0;
  for (const char of text) {
    if (!changed.has(index) && !fits(char)) offenders.push({ char, index });
    index++;
  }
  return { text: t.text, changes: t.changes, offenders };
}

const MAX_LISTED = 10;

function unencodable(
  what: string, offenders: Offender[], fits: (ch: string) => boolean, opts: EncodingOptions, fix: string,
): TextError {
  // Positions as a person counts them: the first character is at 1.
  const listed = offenders.slice(0, MAX_LISTED).map((o) => `${showChar(o.char)} at ${o.index + 1}`);
  if (offenders.length > MAX_LISTED) listed.push(`and ${offenders.length - MAX_LISTED} more`);
  const hint = !opts.transliterate && offenders.some((o) => canTransliterate(o.char, fits))
    ? `${fix} or --transliterate` : fix;
  return new TextError(`text cannot be sent as ${what}: ${listed.join(', ')}${hint}`);
}
