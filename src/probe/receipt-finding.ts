// One deliver_sm read as the probe reports it: how the receipt carries its id and state, which
// text variant, and how each id relates to the submit's. Pure (a decoded PDU in, facts out).
import { decodeUcs2 } from '../sms/alphabets.js';
import { idForm, idMatch, paddingDiffers, type IdForm, type IdRelation } from '../sms/id-form.js';
import { receiptFromPdu, parseReceiptText, MESSAGE_STATES } from '../sms/receipt.js';
import { receiptCarrier, receiptTextVariant, type ReceiptCarrier, type TextVariant } from '../sms/receipt-variant.js';

export interface IdFinding {
  id: string;
  form: IdForm;
  relation: IdRelation;
  paddingDiffers: boolean;
  matches: boolean;
}

export interface ReceiptFinding {
  afterMs: number; // from submit_sm_resp to the receipt
  state: string;
  carrier: ReceiptCarrier;
  tlvId?: IdFinding; // receipted_message_id
  textId?: IdFinding; // id: of the text
  textVariant?: TextVariant;
  text?: string; // the receipt text as received
  /** What smpp-send matches on: the TLV when there is one, else the text's id. */
  matchedOn: IdFinding & { source: 'tlv' | 'text' };
  matches: boolean;
}

export function bound(x: number): number {
  return Math.max(0, Math.round(x * 10) / 10);
}

function idFinding(submitId: string, id: string): IdFinding {
  const m = idMatch(submitId, id);
  return { id, form: idForm(id), relation: m.relation, paddingDiffers: paddingDiffers(submitId, id), matches: m.matches };
}

function bodyText(pdu: Readonly<Record<string, unknown>>): string {
  const pick = (v: unknown): Buffer | undefined => {
    if (Buffer.isBuffer(v)) return v;
    const m = v && typeof v === 'object' ? (v as { message?: unknown }).message : undefined;
    return Buffer.isBuffer(m) ? m : typeof m === 'string' ? Buffer.from(m, 'latin1') : undefined;
  };
  const payload = pick(pdu.message_payload);
  let bytes = payload && payload.length > 0 ? payload : (pick(pdu.short_message) ?? Buffer.alloc(0));
  if (typeof pdu.esm_class === 'number' && pdu.esm_class & 0x40 && bytes.length > 0) bytes = bytes.subarray(1 + bytes[0]!);
  return pdu.data_coding === 0x08 ? decodeUcs2(bytes) : bytes.toString('latin1').replace(/\0+$/, '');
}

/** undefined when the PDU is no receipt (an MO message). */
export function describeReceipt(pdu: Readonly<Record<string, unknown>>, submitId: string, afterMs: number): ReceiptFinding | undefined {
  const receipt = receiptFromPdu(pdu);
  if (!receipt) return undefined;
  const text = bodyText(pdu);
  const parsed = text === '' ? undefined : parseReceiptText(text);
  const rawTlv = pdu.receipted_message_id;
  const tlvIdText = Buffer.isBuffer(rawTlv) ? rawTlv.toString('latin1') : typeof rawTlv === 'string' ? rawTlv : undefined;
  const tlvId = tlvIdText?.replace(/\0+$/, '').trim() || undefined;
  const tlvState = typeof pdu.message_state === 'number' && MESSAGE_STATES[pdu.message_state] ? pdu.message_state : undefined;
  const carrier = receiptCarrier({
    ...(tlvId ? { tlvId } : {}), ...(tlvState !== undefined ? { tlvState } : {}),
    ...(parsed?.id !== undefined ? { textId: parsed.id } : {}), ...(parsed?.stat !== undefined ? { textStat: parsed.stat } : {}),
  });
  const tlv = tlvId ? idFinding(submitId, tlvId) : undefined;
  const textId = parsed?.id ? idFinding(submitId, parsed.id) : undefined;
  const variant = parsed ? receiptTextVariant(text) : undefined;
  const matchedOn = { ...idFinding(submitId, receipt.messageId), source: tlv ? ('tlv' as const) : ('text' as const) };
  return {
    afterMs, state: receipt.state, carrier,
    ...(tlv ? { tlvId: tlv } : {}), ...(textId ? { textId } : {}), ...(variant ? { textVariant: variant } : {}),
    ...(text !== '' ? { text } : {}),
    matchedOn, matches: matchedOn.matches,
  };
}
