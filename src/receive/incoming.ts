// What arrives in a deliver_sm / data_sm, as plain data: a delivery receipt, or one part of a
// mobile-originated (MO) message. Pure: no I/O, the receive time comes in as an argument.
//
// Decisions, for the record:
// - A receipt is what esm_class says is one (0x04, 0x08, 0x10, 0x20), or a PDU carrying the
//   receipt TLVs (receipted_message_id or message_state), or a plain message whose text *starts*
//   with `id:` and holds a `stat:` (SMSCs that send receipts as ordinary MO). An MO that merely
//   contains "id:" (a customer writing "my id: 42, stat: angry") stays an MO.
// - The user data is message_payload when present, else short_message; the UDH is cut off and
//   read for the concatenation IE (0x00 8-bit, 0x08 16-bit reference), else the SAR TLVs.
import { receiptFromPdu, type Receipt } from '../sms/receipt.js';
import { splitBody, type Concat } from '../sms/user-data.js';

export interface Address {
  addr: string;
  ton: number;
  npi: number;
}

/** One part of an MO message, before reassembly. */
export interface MoPart {
  from: Address;
  to: Address;
  dataCoding: number;
  esmClass: number;
  bytes: Buffer; // user data without UDH
  concat?: Concat; // absent: a single-part message
  receivedAt: number; // epoch ms
}

export interface IncomingReceipt {
  from: Address; // the handset the message went to
  to: Address; // our sender address
  receipt: Receipt;
  receivedAt: number;
}

export type Incoming = { type: 'mo'; part: MoPart } | { type: 'receipt'; value: IncomingReceipt };

const RECEIPT_TYPES = new Set([0x04, 0x08, 0x10, 0x20]);
/** esm_class with the message-type bits set to "SMSC delivery receipt". */
const AS_RECEIPT = (esm: number) => (esm & ~0x3c) | 0x04;

/**
 * esm_class says receipt: classify always reads it as one (receiptFromPdu gives a Receipt for
 * every such PDU). For callers that only need to know, without reading it.
 */
export function flaggedAsReceipt(pdu: Readonly<Record<string, unknown>>): boolean {
  return RECEIPT_TYPES.has(num(pdu.esm_class) & 0x3c);
}

/** Classify one incoming deliver_sm / data_sm (node-smpp field names, Buffers raw). */
export function classify(pdu: Readonly<Record<string, unknown>>, receivedAt: number): Incoming {
  const esm = num(pdu.esm_class);
  const from = address(pdu, 'source_addr', 'source_addr_ton', 'source_addr_npi');
  const to = address(pdu, 'destination_addr', 'dest_addr_ton', 'dest_addr_npi');
  const body = splitBody(pdu);

  let receipt: Receipt | undefined;
  if (RECEIPT_TYPES.has(esm & 0x3c)) receipt = safeReceipt(pdu);
  else if (pdu.receipted_message_id !== undefined || typeof pdu.message_state === 'number') {
    // Receipt TLVs on a message not flagged as a receipt: the TLVs say what it is.
    receipt = safeReceipt({ ...pdu, esm_class: AS_RECEIPT(esm) });
    if (receipt) receipt.kind = 'text';
  } else if (looksLikeReceiptText(body.payload, num(pdu.data_coding))) receipt = safeReceipt(pdu);
  if (receipt) return { type: 'receipt', value: { from, to, receipt, receivedAt } };

  const part: MoPart = { from, to, dataCoding: num(pdu.data_coding), esmClass: esm, bytes: body.payload, receivedAt };
  if (body.concat) part.concat = body.concat;
  return { type: 'mo', part };
}

/** An Appendix B text: begins with `id:` (any case, after blanks). receiptFromPdu checks the rest. */
function looksLikeReceiptText(bytes: Buffer, dataCoding: number): boolean {
  const head = dataCoding === 0x08 ? Buffer.from(bytes.subarray(0, Math.min(16, bytes.length & ~1))).swap16().toString('utf16le') : bytes.subarray(0, 8).toString('latin1');
  return /^\s*id:/i.test(head);
}

function safeReceipt(pdu: Readonly<Record<string, unknown>>): Receipt | undefined {
  try {
    return receiptFromPdu(pdu);
  } catch {
    return undefined; // a hostile PDU is shown as an MO, never crashes the listener
  }
}

function address(pdu: Readonly<Record<string, unknown>>, addr: string, ton: string, npi: string): Address {
  const a = pdu[addr];
  return { addr: typeof a === 'string' ? a : Buffer.isBuffer(a) ? a.toString('latin1') : '', ton: num(pdu[ton]), npi: num(pdu[npi]) };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
