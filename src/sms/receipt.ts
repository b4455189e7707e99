// Delivery receipts: deliver_sm/data_sm PDUs that report on a message we sent.
// SMPP 3.4 §5.2.12 (esm_class message type), Appendix B (the receipt text, vendor-specific in
// practice), §5.3.2.12/.35/.31 (receipted_message_id, message_state, network_error_code TLVs).
//
// The TLVs are preferred for the id and the state; the text gives the rest. The text is read
// from the raw octets as Latin-1 (ASCII in practice), never through the GSM table: a receipt is
// ASCII even when labelled data_coding 0, and the GSM table would turn `_` into `§` and `@`
// into `¡` (SMPP-NOTES).
import { decodeUcs2 } from './alphabets.js';

export interface Receipt {
  messageId: string; // receipted_message_id TLV, else the text id: ('' when neither is there)
  state: string; // DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD, ENROUTE, ...
  final: boolean;
  delivered: boolean;
  err?: string;
  networkError?: { type: number; code: number };
  submitDate?: string;
  doneDate?: string;
  sub?: string;
  dlvrd?: string;
  text?: string;
  /** What kind of report the esm_class says this is; 'text' = a plain MO whose text is a receipt. */
  kind?: ReceiptKind;
  /** No state at all (empty or missing `stat:`, no message_state TLV): says nothing, not final. */
  unparseable?: true;
}

/** How a receipt is read; ACCEPTD's meaning is the user's call (see ACCEPTED_STATE). */
export interface ReceiptOptions {
  /** 'final' (default, SMPP 3.4 §5.2.28) or 'intermediate' (a gateway's early acknowledgement). */
  acceptd?: 'final' | 'intermediate';
}

export type ReceiptKind = 'smsc-receipt' | 'sme-delivery-ack' | 'sme-manual-ack' | 'intermediate' | 'text';

/** The fields of an Appendix B receipt text, as written (dates as their digits). */
export interface ReceiptText {
  id?: string;
  sub?: string;
  dlvrd?: string;
  submitDate?: string;
  doneDate?: string;
  stat?: string;
  err?: string;
  text?: string;
}

/** The PDU fields a receipt is read from (node-smpp names; Buffers raw, see src/smpp/codec.ts). */
export interface ReceiptPdu {
  esm_class?: number;
  data_coding?: number;
  short_message?: Buffer | { message?: Buffer | string };
  message_payload?: Buffer | { message?: Buffer | string };
  receipted_message_id?: string | Buffer;
  message_state?: number;
  network_error_code?: Buffer;
  [field: string]: unknown;
}

/** esm_class bits 5..2 (mask 0x3C), deliver_sm direction (SMPP 3.4 §5.2.12). */
export const ESM_MESSAGE_TYPE: Readonly<Record<number, ReceiptKind>> = {
  0x04: 'smsc-receipt',
  0x08: 'sme-delivery-ack',
  0x10: 'sme-manual-ack',
  0x20: 'intermediate',
};
// 0x18 (conversation abort, a Korean CDMA extension) reports on no message: not a receipt.

/** message_state TLV values (SMPP 3.4 §5.3.2.35; 0 and 9 from SMPP 5.0) -> receipt stat names. */
export const MESSAGE_STATES: Readonly<Record<number, string>> = {
  0: 'SCHEDULED',
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
  9: 'SKIPPED',
};

/**
 * Not final yet: more reports may follow (SMPP-NOTES). SMPP 3.4 §5.2.28 calls every message_state
 * but ENROUTE final; the others here are vendor words (ACKED, BUFFRED) and SMPP 5.0's SCHEDULED.
 * Every final state but DELIVRD and ACCEPTD is a failure.
 */
export const INTERMEDIATE_STATES: ReadonlySet<string> = new Set(['ENROUTE', 'ACKED', 'BUFFRED', 'SCHEDULED']);

/**
 * message_state 6: "accepted on behalf of the subscriber" (e.g. read by customer service). Final,
 * neither delivered nor failed. Some gateways (Jasmin can) send it early as an SMSC
 * acknowledgement before the real outcome: ReceiptOptions.acceptd 'intermediate' reads it so.
 */
export const ACCEPTED_STATE = 'ACCEPTD';

/** What a receipt means for its part. */
export type ReceiptOutcome = 'delivered' | 'accepted' | 'failed' | 'pending';

export function receiptOutcome(r: Pick<Receipt, 'final' | 'delivered' | 'state'>): ReceiptOutcome {
  if (!r.final) return 'pending';
  if (r.delivered) return 'delivered';
  return r.state === ACCEPTED_STATE ? 'accepted' : 'failed';
}

/** Long forms some SMSCs write in `stat:` -> the Appendix B short names. */
const STAT_ALIASES: Readonly<Record<string, string>> = {
  DELIVERED: 'DELIVRD',
  UNDELIVERABLE: 'UNDELIV',
  UNDELIVERED: 'UNDELIV',
  ACCEPTED: 'ACCEPTD',
  REJECTED: 'REJECTD',
  BUFFERED: 'BUFFRED',
};

export function normaliseState(stat: string): string {
  const s = stat.trim().toUpperCase();
  return STAT_ALIASES[s] ?? s;
}

export function isFinalState(state: string, opts: ReceiptOptions = {}): boolean {
  const s = normaliseState(state);
  if (s === ACCEPTED_STATE) return opts.acceptd !== 'intermediate';
  return s !== '' && !INTERMEDIATE_STATES.has(s);
}

// Keys at the start or after white space, any case; `submit date` also as submit_date/submitdate.
const KEY = /(?:^|\s)(id|sub|dlvrd|submit[ _]?date|done[ _]?date|stat|err|text)\s*:/gi;
/** Every lower-case spelling KEY captures (a table lookup: a regex replace per key cost more). */
const FIELD: Readonly<Record<string, keyof ReceiptText>> = {
  id: 'id', sub: 'sub', dlvrd: 'dlvrd', stat: 'stat', err: 'err', text: 'text',
  'submit date': 'submitDate', submit_date: 'submitDate', submitdate: 'submitDate',
  'done date': 'doneDate', done_date: 'doneDate', donedate: 'doneDate',
};

/**
 * Parse an Appendix B receipt text. Fields come in any order and case; `text:` is the last
 * field and runs to the end (it may hold spaces and colons). Returns undefined unless it finds
 * at least an `id:` or a `stat:`.
 */
export function parseReceiptText(text: string): ReceiptText | undefined {
  return appendixB(text) ?? anyReceiptText(text);
}

/**
 * The exact layout of Appendix B (lower-case keys, one space apart, values without blanks), the
 * one nearly every SMSC writes, read with one match: what anyReceiptText would make of it, for a
 * fraction of its time and garbage (a receipt per message in a bulk run).
 */
const APPENDIX_B = /^id:(\S*) sub:(\S*) dlvrd:(\S*) submit date:(\S*) done date:(\S*) stat:(\S*) err:(\S*)(?: text:([^]*))?$/;

function appendixB(text: string): ReceiptText | undefined {
  const m = APPENDIX_B.exec(text);
  if (m === null) return undefined;
  const out: ReceiptText = { id: m[1]!, sub: m[2]!, dlvrd: m[3]!, submitDate: m[4]!, doneDate: m[5]!, stat: m[6]!, err: m[7]! };
  if (m[8] !== undefined) out.text = receiptTextField(m[8]);
  return out;
}

/** The `text:` field: one blank after the colon and NUL padding at the end are not part of it. */
function receiptTextField(rest: string): string {
  return rest.replace(/^ /, '').replace(/\0+$/, '');
}

/** Any layout: keys found wherever they start a word, in any order and case. */
export function anyReceiptText(text: string): ReceiptText | undefined {
  const keys = [...text.matchAll(KEY)];
  const out: ReceiptText = {};
  for (let i = 0; i < keys.length; i++) {
    const m = keys[i]!;
    const field = FIELD[m[1]!.toLowerCase()]!;
    if (out[field] !== undefined) continue; // the first occurrence wins
    const start = m.index! + m[0].length;
    if (field === 'text') {
      out.text = receiptTextField(text.slice(start));
      break;
    }
    const end = i + 1 < keys.length ? keys[i + 1]!.index! : text.length;
    out[field] = text.slice(start, end).trim();
  }
  if (out.id === undefined && out.stat === undefined) return undefined;
  return out;
}

/**
 * A receipt date: 10 (YYMMDDhhmm), 12 (YYMMDDhhmmss) or 14 (YYYYMMDDhhmmss) digits -> an ISO
 * date-time without zone (the SMSC's local time, which the receipt does not state).
 * undefined for anything else.
 */
export function parseReceiptDate(digits: string): string | undefined {
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(digits.trim());
  if (!m || ![10, 12, 14].includes(digits.trim().length)) return undefined;
  const year = m[1]!.length === 2 ? `20${m[1]}` : m[1]!;
  const [month, day, hour, minute, second = '00'] = m.slice(2) as string[];
  const ok = +month! >= 1 && +month! <= 12 && +day! >= 1 && +day! <= 31 && +hour! < 24 && +minute! < 60 && +second < 60;
  return ok ? `${year}-${month}-${day}T${hour}:${minute}:${second}` : undefined;
}

/**
 * A Receipt from a deliver_sm/data_sm, or undefined when it is not one (an MO message).
 * It is a receipt when esm_class says so (0x04, 0x08, 0x10, 0x20), or when its text parses as
 * a receipt with both id: and stat: (some SMSCs send receipts as plain MO).
 */
export function receiptFromPdu(raw: ReceiptPdu | Readonly<Record<string, unknown>>, opts: ReceiptOptions = {}): Receipt | undefined {
  const pdu = fields(raw);
  const kind = ESM_MESSAGE_TYPE[(pdu.esm_class ?? 0) & 0x3c];
  const bytes = receiptBytes(pdu);
  const body = (pdu.data_coding ?? 0) === 0x08 ? decodeUcs2(bytes) : bytes.toString('latin1');
  const parsed = parseReceiptText(body);
  const tlvId = idFromTlv(pdu.receipted_message_id);
  const tlvState = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;

  if (!kind) {
    // A plain MO: only a full receipt text (id and stat) makes it a receipt.
    if (!parsed?.id || !parsed.stat) return undefined;
  }

  // No state anywhere: unparseable, not a final UNKNOWN (the real outcome may follow).
  const state = tlvState ?? (parsed?.stat ? normaliseState(parsed.stat) : defaultState(kind));
  const receipt: Receipt = {
    messageId: tlvId ?? parsed?.id ?? '',
    state,
    final: isFinalState(state, opts),
    delivered: state === 'DELIVRD',
    kind: kind ?? 'text',
  };
  if (state === '') receipt.unparseable = true;
  if (parsed?.err !== undefined) receipt.err = parsed.err;
  if (parsed?.sub !== undefined) receipt.sub = parsed.sub;
  if (parsed?.dlvrd !== undefined) receipt.dlvrd = parsed.dlvrd;
  if (parsed?.submitDate !== undefined) receipt.submitDate = parsed.submitDate;
  if (parsed?.doneDate !== undefined) receipt.doneDate = parsed.doneDate;
  if (parsed?.text !== undefined) receipt.text = parsed.text;
  const net = pdu.network_error_code;
  if (Buffer.isBuffer(net) && net.length >= 3) {
    receipt.networkError = { type: net[0]!, code: net.readUInt16BE(1) };
  }
  return receipt;
}

/** Keep only fields of the expected types: a decoded PDU is typed loosely (src/smpp/codec.ts). */
function fields(raw: Readonly<Record<string, unknown>>): ReceiptPdu {
  const out: ReceiptPdu = {};
  const { esm_class, data_coding, message_state, receipted_message_id: id, network_error_code: net } = raw;
  if (typeof esm_class === 'number') out.esm_class = esm_class;
  if (typeof data_coding === 'number') out.data_coding = data_coding;
  if (typeof message_state === 'number') out.message_state = message_state;
  const sm = userData(raw.short_message);
  if (sm !== undefined) out.short_message = sm;
  const payload = userData(raw.message_payload);
  if (payload !== undefined) out.message_payload = payload;
  if (typeof id === 'string' || Buffer.isBuffer(id)) out.receipted_message_id = id;
  if (Buffer.isBuffer(net)) out.network_error_code = net;
  return out;
}

function userData(v: unknown): ReceiptPdu['short_message'] {
  if (Buffer.isBuffer(v)) return v;
  if (v && typeof v === 'object' && 'message' in v) {
    const m = (v as { message: unknown }).message;
    if (Buffer.isBuffer(m) || typeof m === 'string') return { message: m };
  }
  return undefined;
}

/**
 * A report without any state: an SME acknowledgement means delivered, an intermediate
 * notification en route; an SMSC receipt says nothing ('': unparseable). Not UNKNOWN: that is
 * message_state 7, a final failure, and the SMSC's real receipt may still come.
 */
function defaultState(kind: ReceiptKind | undefined): string {
  if (kind === 'sme-delivery-ack' || kind === 'sme-manual-ack') return 'DELIVRD';
  if (kind === 'intermediate') return 'ENROUTE';
  return '';
}

function idFromTlv(value: string | Buffer | undefined): string | undefined {
  if (value === undefined) return undefined;
  const s = (Buffer.isBuffer(value) ? value.toString('latin1') : value).replace(/\0+$/, '').trim();
  return s === '' ? undefined : s;
}

/** The user data octets: message_payload if present, else short_message, without the UDH. */
function receiptBytes(pdu: ReceiptPdu): Buffer {
  const payload = octets(pdu.message_payload);
  let bytes = payload && payload.length > 0 ? payload : (octets(pdu.short_message) ?? Buffer.alloc(0));
  if ((pdu.esm_class ?? 0) & 0x40 && bytes.length > 0) bytes = bytes.subarray(1 + bytes[0]!);
  return bytes;
}

function octets(v: ReceiptPdu['short_message']): Buffer | undefined {
  if (v === undefined) return undefined;
  if (Buffer.isBuffer(v)) return v;
  const m = v.message;
  return m === undefined ? undefined : Buffer.isBuffer(m) ? m : Buffer.from(m, 'latin1');
}
