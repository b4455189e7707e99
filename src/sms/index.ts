// The pure text/protocol core: no I/O, no clock, no randomness.
export { planMessage, ESM_UDHI } from './plan.js';
export type { Coding, SmscAlphabet, SplitMode, PlanOptions, PlannedPart, MessagePlan } from './plan.js';
export {
  encodeGsm7, decodeGsm7, gsm7Length, unencodableGsm7, isGsm7Char, gsm7Septets, GSM7_BASIC, GSM7_EXTENSION, ESC,
} from './gsm7.js';
export {
  encodeLatin1, encodeAscii, unencodableLatin1, unencodableAscii, encodeUcs2, decodeUcs2, decodeOctets,
} from './alphabets.js';
export { ENCODINGS, capacity, encodingRow, MAX_PARTS } from './encodings.js';
export type { Encoding, EncodingRow } from './encodings.js';
export { decodeText, alphabetOf } from './decode.js';
export { transliterate, canTransliterate } from './transliterate.js';
export type { Transliteration } from './transliterate.js';
export { parseAddress, TON, NPI, TON_NAMES, NPI_NAMES } from './address.js';
export type { Address, AddressRole } from './address.js';
export {
  receiptFromPdu, parseReceiptText, parseReceiptDate, normaliseState, isFinalState,
  MESSAGE_STATES, INTERMEDIATE_STATES, ESM_MESSAGE_TYPE,
} from './receipt.js';
export type { Receipt, ReceiptText, ReceiptPdu, ReceiptKind } from './receipt.js';
export { idKeys, sameMessageId } from './message-id.js';
export { statusInfo, formatStatus, hexStatus, statusHint, STATUSES, STATUS_HINTS, TEMPORARY_STATUSES } from './status.js';
export type { StatusInfo } from './status.js';
export { parseDuration, toSmppTime } from './time.js';
export type { LocalOffset } from './time.js';
export { parseTlvArg } from './tlv.js';
