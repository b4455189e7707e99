// Text (or hex) + options -> the submit_sm parts to send. Pure: the concatenation reference
// comes in through `opts.ref`. The steps have their own files: choose-encoding.ts (which
// encoding, which data_coding), pieces.ts (each character's bytes and units), segment.ts (how
// many SMS and their UDH / SAR / payload fields), binary-input.ts (--hex and --udh as typed).
// Text is NFC-normalised first: a decomposed `é` (e + U+0301) is the GSM `é`.
import { TextError } from '../errors.js';
import { parseHex, checkUdh } from './binary-input.js';
import { chooseEncoding, type EncodingOptions, type Offender, type Transliterated } from './choose-encoding.js';
import { encodingRow, MAX_PARTS, type Encoding } from './encodings.js';
import { charPiece, octetPieces, unitCount } from './pieces.js';
import { part, segment, type PlannedPart, type SegmentOptions } from './segment.js';

export type { Coding, SmscAlphabet } from './choose-encoding.js';
export { ESM_UDHI, type PlannedPart, type SplitMode } from './segment.js';

export interface PlanOptions extends EncodingOptions, SegmentOptions {
  udh?: Buffer; // user UDH for binary messages (with its UDHL byte)
}

export interface MessagePlan {
  encoding: Encoding;
  dataCoding: number; // includes the flash class bits when flash
  chars: number; // user-perceived characters (code points after NFC)
  units: number; // septets / octets / UTF-16 units, whichever the encoding counts
  parts: PlannedPart[];
  ucs2Because?: Offender[]; // characters that forced UCS2 in auto mode
  transliterated?: Transliterated;
  /** split payload only: the SMS the SMSC will make of the one message_payload submit (estimate). */
  airParts?: number;
}

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
  checkTextIsPlannable(input.text);
  const quick = planPlainAscii(input.text, opts);
  if (quick) return quick;
  const text = input.text.normalize('NFC');
  const chosen = chooseEncoding(text, opts);
  const chars = [...chosen.text];
  const pieces = chars.map((ch) => charPiece(ch, chosen.encoding, chosen.octets));
  const parts = segment(pieces, chosen.encoding, opts);
  const plan: MessagePlan = {
    encoding: chosen.encoding,
    dataCoding: chosen.dataCoding,
    chars: chars.length,
    units: unitCount(pieces),
    parts: parts.parts,
  };
  if (parts.airParts !== undefined) plan.airParts = parts.airParts;
  if (chosen.ucs2Because) plan.ucs2Because = chosen.ucs2Because;
  if (chosen.transliterated?.length) plan.transliterated = chosen.transliterated;
  return plan;
}

/** Refusals that need no per-character work. */
function checkTextIsPlannable(text: string): void {
  // Refuse a huge text before any per-character work (a 10 MB CSV field took seconds to plan).
  // Every character costs at least one unit and NFC merges at most a few code points into one,
  // so past this many UTF-16 units no encoding fits in 255 parts.
  if (text.length > HOPELESS_UNITS) {
    throw new TextError(
      `the text is ${text.length} UTF-16 units long, far more than ${MAX_PARTS} SMS can carry (at most ${MAX_PARTS * 153} GSM characters); shorten it`,
    );
  }
  // A lone surrogate (from a JSON "\ud800" escape) is no character: UCS2 would carry it as is
  // and the handset would show garbage, and GSM cannot hold it at all.
  const lone = /\p{Cs}/u.exec(text);
  if (lone) {
    const at = [...text.slice(0, lone.index)].length + 1;
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    throw new TextError(`the text holds a lone UTF-16 surrogate (U+${code}) at ${at}, which is not a character; fix the input's encoding`);
  }
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

function planBinary(input: { text?: string; hex?: string }, opts: PlanOptions): MessagePlan {
  if (input.text !== undefined) {
    throw new TextError('--coding binary sends --hex, not --text; give the payload as --hex 0a1b...');
  }
  const payload = parseHex(input.hex);
  const udh = opts.udh === undefined ? undefined : checkUdh(opts.udh);
  const parts = segment(octetPieces(payload), 'binary', opts, udh);
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
