// The public shape of what listen prints: `mo` and `receipt` records (the --json objects, and
// what the human lines are made from). Pure. Field names are the README's JSON table.
import { alphabetOf, decodeText } from '../sms/decode.js';
import type { SmscAlphabet } from '../sms/plan.js';
import type { Address, IncomingReceipt } from './incoming.js';
import type { MoMessage } from './reassembly.js';

export interface MoRecord {
  type: 'mo';
  from: string;
  fromTon: number;
  fromNpi: number;
  to: string;
  toTon: number;
  toNpi: number;
  text: string; // binary data_coding: the bytes in hex
  encoding: string; // gsm7, ucs2, latin1, ascii, binary, or a charset (iso-8859-5, ...)
  dataCoding: number;
  parts: number; // parts the message has (1 for a single message)
  partsReceived: number;
  complete: boolean;
  missing?: number[]; // 1-based numbers of the parts that never came (incomplete only)
  receivedAt: string; // ISO time the last part arrived
}

export interface ReceiptRecord {
  type: 'receipt';
  id: string;
  to: string; // the handset the message went to (the receipt's source_addr)
  toTon: number;
  toNpi: number;
  from: string; // the sender address the message had (the receipt's destination_addr)
  fromTon: number;
  fromNpi: number;
  state: string;
  final: boolean;
  delivered: boolean;
  err: string | null;
  networkError?: { type: number; code: number };
  submitDate: string | null;
  doneDate: string | null;
  receivedAt: string;
}

export type ListenRecord = MoRecord | ReceiptRecord;

/** The encoding name of a data_coding, data_coding 0 read as the SMSC's default alphabet. */
export function encodingName(dataCoding: number, smscAlphabet: SmscAlphabet): string {
  const a = alphabetOf(dataCoding);
  if (a === 'smsc') return smscAlphabet;
  return typeof a === 'object' ? a.label : a;
}

function decode(bytes: Buffer, dataCoding: number, smscAlphabet: SmscAlphabet): string {
  try {
    return decodeText(bytes, dataCoding, smscAlphabet);
  } catch {
    return bytes.toString('hex'); // hostile bytes never stop the listener
  }
}

/** A complete message decodes from all its bytes at once; an incomplete one part by part. */
export function moRecord(m: MoMessage, smscAlphabet: SmscAlphabet): MoRecord {
  const present = m.parts.filter((p): p is Buffer => p !== undefined);
  const text = m.complete
    ? decode(Buffer.concat(present), m.dataCoding, smscAlphabet)
    : present.map((p) => decode(p, m.dataCoding, smscAlphabet)).join('');
  const rec: MoRecord = {
    type: 'mo',
    ...addr('from', m.from), ...addr('to', m.to),
    text, encoding: encodingName(m.dataCoding, smscAlphabet), dataCoding: m.dataCoding,
    parts: m.parts.length, partsReceived: present.length, complete: m.complete,
    receivedAt: new Date(m.lastAt).toISOString(),
  } as MoRecord;
  if (!m.complete) rec.missing = m.parts.flatMap((p, i) => (p === undefined ? [i + 1] : []));
  return rec;
}

export function receiptRecord(r: IncomingReceipt): ReceiptRecord {
  const rc = r.receipt;
  const rec: ReceiptRecord = {
    type: 'receipt', id: rc.messageId,
    ...addr('to', r.from), ...addr('from', r.to),
    state: rc.state, final: rc.final, delivered: rc.delivered, err: rc.err ?? null,
    submitDate: rc.submitDate ?? null, doneDate: rc.doneDate ?? null,
    receivedAt: new Date(r.receivedAt).toISOString(),
  } as ReceiptRecord;
  if (rc.networkError) rec.networkError = rc.networkError;
  return rec;
}

function addr<K extends 'from' | 'to'>(key: K, a: Address): Record<K | `${K}Ton` | `${K}Npi`, string | number> {
  return { [key]: a.addr, [`${key}Ton`]: a.ton, [`${key}Npi`]: a.npi } as Record<K | `${K}Ton` | `${K}Npi`, string | number>;
}

/** An address as a person reads it: `+` for international numbers. */
export function showAddress(addr: string, ton: number): string {
  return ton === 1 && /^\d+$/.test(addr) ? `+${addr}` : addr || '(none)';
}

/** One human line per record. Text is quoted as JSON so a newline in it cannot forge a line. */
export function humanLine(r: ListenRecord): string {
  if (r.type === 'mo') {
    const parts = r.parts > 1 ? `, ${r.complete ? `${r.parts} parts` : `${r.partsReceived}/${r.parts} parts, INCOMPLETE: missing part ${r.missing!.join(', ')}`}` : '';
    return `mo       ${showAddress(r.from, r.fromTon)} -> ${showAddress(r.to, r.toTon)}: ${JSON.stringify(r.text)} (${r.encoding}${parts})`;
  }
  const err = r.err !== null && r.err !== '000' ? ` err:${r.err}` : '';
  return `receipt  ${r.id || '(no id)'} ${r.state}${err} to ${showAddress(r.to, r.toTon)}`;
}
