// Text (or hex) + options -> the submit_sm parts to send. Pure: the concatenation reference
// comes in through `opts.ref`.
//
// Decisions, for the record:
// - Text is NFC-normalised first: a decomposed `é` (e + U+0301) is the GSM `é`.
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
// - Segments are cut on units, never bytes: an ESC pair (2 septets) or a surrogate pair
//   (2 UCS2 units) always goes whole into one part. A message that fits one SMS has no
//   concatenation information in any split mode; once two or more are needed, every part uses
//   the multipart limit of the split mode:
//   * udh8: UDH 05 00 03 REF TOTAL SEQ (153 septets / 134 octets / 67 UCS2 units per part);
//   * udh16: UDH 06 08 04 REFHI REFLO TOTAL SEQ (152 / 133 / 66);
//   * sar: no UDH from us, the SAR TLVs instead; but the SMSC must add a concatenation UDH for
//     the air, and with a 16-bit sar_msg_ref_num that is the 16-bit IE, so parts hold what a
//     udh16 part holds (152 / 133 / 66): then they fit however the SMSC builds its header;
//   * payload: one submit_sm, empty short_message, every octet in message_payload; the SMSC
//     splits it. maxParts and the 255 limit still count the SMS the recipient will get
//     (estimated with the udh8 limits): --max-parts guards the cost either way. (255 parts are
//     at most 255 * 140 octets, well under the 65535 a TLV can hold.)
//   * none: an error when more than one SMS is needed.
// - Binary with a user UDH that must be split: the concatenation IE is added to the user's UDH
//   (after its UDHL, before its IEs). A user UDH that already holds a concatenation IE cannot be
//   split again: error.
import { TextError } from '../errors.js';
import { encodeUcs2, inAlphabet } from './alphabets.js';
import {
  capacity, encodingRow, MAX_PARTS, UDH16_OCTETS, UDH8_OCTETS, type Encoding,
} from './encodings.js';
import { encodeGsm7Char, gsm7Septets, isGsm7Char } from './gsm7.js';
import { canTransliterate, transliterate } from './transliterate.js';
import { showChar } from './visible.js';

export type Coding = 'auto' | 'gsm7' | 'ucs2' | 'latin1' | 'ascii' | 'binary';
export type SmscAlphabet = 'gsm7' | 'latin1' | 'ascii';
export type SplitMode = 'udh8' | 'udh16' | 'sar' | 'payload' | 'none';

export interface PlanOptions {
  coding: Coding;
  smscAlphabet: SmscAlphabet;
  split: SplitMode;
  maxParts: number;
  flash: boolean;
  transliterate: boolean;
  ref: number; // concatenation reference, 0..65535, chosen by the caller (no randomness here)
  udh?: Buffer; // user UDH for binary messages (with its UDHL byte)
}

export interface PlannedPart {
  shortMessage: Buffer; // UDH (if any) + payload bytes, ready for submit_sm
  esmClass: number; // 0x40 when a UDH is present, else 0
  tlvs: Record<string, number | Buffer>; // sar_msg_ref_num, sar_total_segments, sar_segment_seqnum, message_payload
  udh?: Buffer;
  payload: Buffer; // the two halves, for --dry-run display
}

export interface MessagePlan {
  encoding: Encoding;
  dataCoding: number; // includes the flash class bits when flash
  chars: number; // user-perceived characters (code points after NFC)
  units: number; // septets / octets / UTF-16 units, whichever the encoding counts
  parts: PlannedPart[];
  ucs2Because?: { char: string; index: number }[]; // characters that forced UCS2 in auto mode
  transliterated?: { from: string; to: string; index: number }[];
  /** split payload only: the SMS the SMSC will make of the one message_payload submit (estimate). */
  airParts?: number;
}

/** SMPP esm_class bit 6: short_message starts with a UDH. */
export const ESM_UDHI = 0x40;

const FLASH_DC = { gsm7: 0x10, ucs2: 0x18 } as const;

/** One character's share of the message: its octets and the units it costs. */
interface Piece {
  bytes: number[];
  units: number;
}

type Offender = { char: string; index: number };

/** A generous bound: 255 parts of 160 septets, times 8 for characters NFC might merge. */
const HOPELESS_UNITS = MAX_PARTS * 160 * 8;

export function planMessage(input: { text?: string; hex?: string }, opts: PlanOptions): MessagePlan {
  checkOptions(opts);
  if (opts.coding === 'binary') return planBinary(input, opts);
  if (input.hex !== undefined) {
    throw new TextError('--hex needs --coding binary; for text use --text');
  }
  if (opts.udh !== undefined) {
    throw new TextError('--udh needs --coding binary (a user data header goes with a binary payload)');
  }
  if (input.text === undefined || input.text === '') {
    throw new TextError('the text is empty; give --text "..." or pipe the text on stdin');
  }
  // Refuse a huge text before any per-character work (a 10 MB CSV field took seconds to plan).
  // Every character costs at least one unit and NFC merges at most a few code points into one,
  // so past this many UTF-16 units no encoding fits in 255 parts.
  if (input.text.length > HOPELESS_UNITS) {
    throw new TextError(
      `the text is ${input.text.length} UTF-16 units long, far more than ${MAX_PARTS} SMS can carry (at most ${MAX_PARTS * 153} GSM characters); shorten it`,
    );
  }
  // A lone surrogate (from a JSON "\ud800" escape) is no character: UCS2 would carry it as is
  // and the handset would show garbage, and GSM cannot hold it at all.
  const lone = /\p{Cs}/u.exec(input.text);
  if (lone) {
    const at = [...input.text.slice(0, lone.index)].length + 1;
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    throw new TextError(`the text holds a lone UTF-16 surrogate (U+${code}) at ${at}, which is not a character; fix the input's encoding`);
  }
  const quick = planPlainAscii(input.text, opts);
  if (quick) return quick;
  const text = input.text.normalize('NFC');
  const chosen = chooseEncoding(text, opts);
  const chars = [...chosen.text];
  const pieces = chars.map((ch) => piece(ch, chosen.encoding, chosen.octets));
  const parts = segment(pieces, chosen.encoding, opts);
  const plan: MessagePlan = {
    encoding: chosen.encoding,
    dataCoding: chosen.dataCoding,
    chars: chars.length,
    units: pieces.reduce((n, p) => n + p.units, 0),
    parts: parts.parts,
  };
  if (parts.airParts !== undefined) plan.airParts = parts.airParts;
  if (chosen.ucs2Because) plan.ucs2Because = chosen.ucs2Because;
  if (chosen.transliterated?.length) plan.transliterated = chosen.transliterated;
  return plan;
}

/**
 * Printable ASCII that GSM 03.38 holds in its basic table (not the backtick, not the extension
 * characters [ \ ] ^ { | } ~), with CR and LF. Most alerts and bulk texts are this, and they
 * need none of the general path's per-character work.
 */
const PLAIN_ASCII_GSM = /^[\n\r !-?A-Z_a-z]*$/;
const SINGLE_GSM = 160; // septets in one message (3GPP TS 23.040 9.2.3.24: 140 octets × 8 / 7)

/**
 * The same plan the general path makes, for a one-part plain-ASCII text in GSM with the SMSC's
 * default alphabet being GSM: ASCII codes equal GSM's there, except @ (0x00), $ (0x02) and _
 * (0x11). NFC leaves ASCII unchanged. Undefined when the text or options need the general path.
 */
function planPlainAscii(text: string, opts: PlanOptions): MessagePlan | undefined {
  if (text.length > SINGLE_GSM || opts.flash || opts.smscAlphabet !== 'gsm7') return undefined;
  if ((opts.coding !== 'auto' && opts.coding !== 'gsm7') || !PLAIN_ASCII_GSM.test(text)) return undefined;
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x40) bytes[i] = 0x00;
    else if (b === 0x24) bytes[i] = 0x02;
    else if (b === 0x5f) bytes[i] = 0x11;
  }
  return { encoding: 'gsm7', dataCoding: 0x00, chars: text.length, units: text.length, parts: [part(bytes)] };
}

function checkOptions(opts: PlanOptions): void {
  if (!Number.isInteger(opts.maxParts) || opts.maxParts < 1) {
    throw new TextError(`--max-parts ${opts.maxParts} is not a positive whole number; give 1..${MAX_PARTS}`);
  }
  if (!Number.isInteger(opts.ref) || opts.ref < 0 || opts.ref > 0xffff) {
    throw new TextError(`concatenation reference ${opts.ref} is outside 0..65535`);
  }
  if (opts.flash && !['auto', 'gsm7', 'ucs2'].includes(opts.coding)) {
    throw new TextError(`--flash needs --coding gsm7 or ucs2 (or auto), not ${opts.coding}`);
  }
}

interface Chosen {
  text: string;
  encoding: Exclude<Encoding, 'binary'>;
  dataCoding: number;
  /** Single-octet alphabet the GSM text travels in (dc 0 at a Latin-1/ASCII SMSC). */
  octets?: 'latin1' | 'ascii';
  ucs2Because?: Offender[];
  transliterated?: Transliterated;
}
type Transliterated = { from: string; to: string; index: number }[];

function chooseEncoding(text: string, opts: PlanOptions): Chosen {
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
    const chosen: Chosen = { text: t.text, encoding: 'gsm7', dataCoding: flash ? FLASH_DC.gsm7 : 0x00 };
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
  what: string, offenders: Offender[], fits: (ch: string) => boolean, opts: PlanOptions, fix: string,
): TextError {
  // Positions as a person counts them: the first character is at 1.
  const listed = offenders.slice(0, MAX_LISTED).map((o) => `${showChar(o.char)} at ${o.index + 1}`);
  if (offenders.length > MAX_LISTED) listed.push(`and ${offenders.length - MAX_LISTED} more`);
  const hint = !opts.transliterate && offenders.some((o) => canTransliterate(o.char, fits))
    ? `${fix} or --transliterate` : fix;
  return new TextError(`text cannot be sent as ${what}: ${listed.join(', ')}${hint}`);
}

/**
 * GSM table pieces by character, made once: bulk runs plan every message, and two fresh objects
 * per character were the largest share of the sender's allocations. Pieces are never mutated.
 */
const GSM7_PIECES = new Map<string, Piece>();

function piece(ch: string, encoding: Chosen['encoding'], octets?: 'latin1' | 'ascii'): Piece {
  switch (encoding) {
    case 'gsm7': {
      // Counted in septets on the air even when it travels as Latin-1/ASCII octets.
      if (octets) return { bytes: [ch.charCodeAt(0)], units: gsm7Septets(ch)! };
      let p = GSM7_PIECES.get(ch);
      if (!p) GSM7_PIECES.set(ch, (p = { bytes: encodeGsm7Char(ch)!, units: gsm7Septets(ch)! }));
      return p;
    }
    case 'ucs2': {
      const bytes = [...encodeUcs2(ch)];
      return { bytes, units: bytes.length / 2 };
    }
    case 'latin1':
    case 'ascii':
      return { bytes: [ch.charCodeAt(0)], units: 1 };
  }
}

function planBinary(input: { text?: string; hex?: string }, opts: PlanOptions): MessagePlan {
  if (input.text !== undefined) {
    throw new TextError('--coding binary sends --hex, not --text; give the payload as --hex 0a1b...');
  }
  const payload = parseHex(input.hex);
  const udh = opts.udh === undefined ? undefined : checkUdh(opts.udh);
  const pieces: Piece[] = [...payload].map((b) => ({ bytes: [b], units: 1 }));
  const parts = segment(pieces, 'binary', opts, udh);
  const plan: MessagePlan = {
    encoding: 'binary',
    dataCoding: encodingRow('binary').dataCoding,
    chars: payload.length,
    units: payload.length,
    parts: parts.parts,
  };
  if (parts.airParts !== undefined) plan.airParts = parts.airParts;
  return plan;
}

function parseHex(hex: string | undefined): Buffer {
  if (hex === undefined || hex.trim() === '') {
    throw new TextError('--hex is empty; give the binary payload as hex digits, e.g. --hex 0a1b2c');
  }
  const digits = hex.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) {
    throw new TextError(`--hex "${hex}": ${JSON.stringify(bad[0])} is not a hex digit; use 0-9 and a-f only`);
  }
  if (digits.length % 2) {
    throw new TextError(`--hex "${hex}": odd number of hex digits (${digits.length}); give two digits per octet`);
  }
  if (digits.length === 0) throw new TextError('--hex is empty; give at least one octet, e.g. --hex 00');
  return Buffer.from(digits, 'hex');
}

/** Validate a user UDH: UDHL = length - 1 and well-formed IEs. Returns its IE identifiers too. */
function checkUdh(udh: Buffer): Buffer {
  const show = udh.toString('hex');
  if (udh.length < 3) {
    throw new TextError(`--udh ${show}: too short; a UDH is UDHL, then IEs of IEI, length, data (e.g. 0504...)`);
  }
  if (udh[0] !== udh.length - 1) {
    throw new TextError(
      `--udh ${show}: the UDHL byte says ${udh[0]} octets follow but ${udh.length - 1} do; make the first byte ${(udh.length - 1).toString(16).padStart(2, '0')}`,
    );
  }
  for (let i = 1; i < udh.length; ) {
    const len = udh[i + 1];
    if (len === undefined || i + 2 + len > udh.length) {
      throw new TextError(`--udh ${show}: the IE at octet ${i} runs past the end of the header`);
    }
    i += 2 + len;
  }
  if (udh.length >= 140) throw new TextError(`--udh ${show}: ${udh.length} octets leave no room for a payload`);
  return udh;
}

function udhIes(udh: Buffer): number[] {
  const ids: number[] = [];
  for (let i = 1; i < udh.length; i += 2 + udh[i + 1]!) ids.push(udh[i]!);
  return ids;
}

/** Cut pieces into parts and add UDH / SAR / payload fields per opts.split. */
function segment(
  pieces: Piece[], encoding: Encoding, opts: PlanOptions, userUdh?: Buffer,
): { parts: PlannedPart[]; airParts?: number } {
  const units = pieces.reduce((n, p) => n + p.units, 0);
  const userLen = userUdh?.length ?? 0;
  if (units <= capacity(encoding, userLen)) {
    return { parts: [part(joinBytes(pieces), userUdh)] };
  }

  const unitName = encodingRow(encoding).unitName;
  // Octets the concatenation header adds: the IE, plus the UDHL byte when there is no user UDH.
  const concatOctets = (ieOctets: number) => (userUdh ? userLen + ieOctets - 1 : ieOctets);
  // sar counts as udh16 (see the header); payload and none estimate with the common udh8.
  const ie = opts.split === 'udh16' || opts.split === 'sar' ? UDH16_OCTETS : UDH8_OCTETS;
  const perPart = capacity(encoding, concatOctets(ie));
  const chunks = cut(pieces, perPart);
  const need = chunks.length;
  const size = `${units} ${unitName} at ${perPart} per part`;

  if (opts.split === 'none') {
    throw new TextError(
      `the message needs ${need} parts (${size}) but --split none sends one; use --split udh8 (or sar, payload) or shorten it`,
    );
  }
  if (need > MAX_PARTS) {
    throw new TextError(
      `the message needs ${need} parts (${size}); SMS concatenation allows at most ${MAX_PARTS}; shorten it`,
    );
  }
  if (need > opts.maxParts) {
    throw new TextError(
      `the message needs ${need} parts (${size}) but --max-parts is ${opts.maxParts}; shorten it or raise --max-parts`,
    );
  }
  if (userUdh && udhIes(userUdh).some((iei) => iei === 0x00 || iei === 0x08)) {
    throw new TextError(
      `--udh ${userUdh.toString('hex')} already holds a concatenation IE, so the ${need}-part payload cannot be split again; send each part yourself with --split none`,
    );
  }

  switch (opts.split) {
    case 'payload': {
      const bytes = joinBytes(pieces);
      const all = userUdh ? Buffer.concat([userUdh, bytes]) : bytes;
      const only: PlannedPart = {
        shortMessage: Buffer.alloc(0),
        esmClass: userUdh ? ESM_UDHI : 0,
        tlvs: { message_payload: all },
        payload: bytes,
      };
      if (userUdh) only.udh = userUdh;
      return { parts: [only], airParts: need };
    }
    case 'sar':
      return {
        parts: chunks.map((bytes, i) => {
          const p = part(bytes, userUdh);
          p.tlvs = { sar_msg_ref_num: opts.ref & 0xffff, sar_total_segments: need, sar_segment_seqnum: i + 1 };
          return p;
        }),
      };
    case 'udh8':
    case 'udh16':
      return {
        parts: chunks.map((bytes, i) => part(bytes, concatUdh(opts.split as 'udh8' | 'udh16', opts.ref, need, i + 1, userUdh))),
      };
  }
}

/** The pieces' octets in one Buffer (a plain loop: Array#flatMap cost ~10 µs a message here). */
function joinBytes(pieces: Piece[]): Buffer {
  let length = 0;
  for (const p of pieces) length += p.bytes.length;
  const out = Buffer.allocUnsafe(length);
  let i = 0;
  for (const p of pieces) for (const b of p.bytes) out[i++] = b;
  return out;
}

/** Greedy cut on whole pieces: a piece (ESC pair, surrogate pair) never straddles two parts. */
function cut(pieces: Piece[], perPart: number): Buffer[] {
  const chunks: Buffer[] = [];
  let bytes: number[] = [];
  let used = 0;
  for (const p of pieces) {
    if (used + p.units > perPart) {
      chunks.push(Buffer.from(bytes));
      bytes = [];
      used = 0;
    }
    bytes.push(...p.bytes);
    used += p.units;
  }
  chunks.push(Buffer.from(bytes));
  return chunks;
}

/** 05 00 03 REF TOTAL SEQ or 06 08 04 REFHI REFLO TOTAL SEQ, merged into a user UDH if any. */
function concatUdh(mode: 'udh8' | 'udh16', ref: number, total: number, seq: number, userUdh?: Buffer): Buffer {
  const ie = mode === 'udh8'
    ? [0x00, 0x03, ref & 0xff, total, seq]
    : [0x08, 0x04, (ref >> 8) & 0xff, ref & 0xff, total, seq];
  const rest = userUdh ? [...userUdh.subarray(1)] : [];
  return Buffer.from([ie.length + rest.length, ...ie, ...rest]);
}

function part(payload: Buffer, udh?: Buffer): PlannedPart {
  const p: PlannedPart = {
    shortMessage: udh ? Buffer.concat([udh, payload]) : payload,
    esmClass: udh ? ESM_UDHI : 0,
    tlvs: {},
    payload,
  };
  if (udh) p.udh = udh;
  return p;
}
