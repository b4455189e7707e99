// Delivery receipts as the sim writes them: which outcome a destination gets, whether
// registered_delivery asks for it, and the deliver_sm fields (TLVs and/or Appendix B text).
// The states and their message_state numbers are sms/receipt.ts's, the reader's own table.
import { ACCEPTED_STATE, INTERMEDIATE_STATES, MESSAGE_STATES } from '../sms/receipt.js';
import type { OutcomeRule, ReceiptStyle } from './types.js';

/** SMPP 3.4 §5.2.28 message_state values (0 and 9 from SMPP 5.0), keyed by the receipt text's stat: word. */
export const MESSAGE_STATE_CODE: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(MESSAGE_STATES).map(([code, stat]) => [stat, Number(code)]),
);
const UNKNOWN_STATE = MESSAGE_STATE_CODE.UNKNOWN!;

/** What becomes of a submitted message: its final stat and err, reached after delayMs. */
export interface DeliveryOutcome {
  stat: string;
  err: string;
  delayMs?: number;
}

export const DEFAULT_OUTCOME: DeliveryOutcome = { stat: 'DELIVRD', err: '000' };

/** First rule whose `to` matches the destination (a string is a prefix). */
export function outcomeFor(to: string, outcomes: readonly OutcomeRule[] | undefined): DeliveryOutcome {
  for (const o of outcomes ?? []) {
    const hit = typeof o.to === 'string' ? to.startsWith(o.to) : matches(o.to, to);
    if (hit) return { stat: o.stat, err: o.err ?? '000', delayMs: o.delayMs };
  }
  return DEFAULT_OUTCOME;
}

function matches(re: RegExp, s: string): boolean {
  re.lastIndex = 0; // a /g or /y regexp keeps state between calls
  return re.test(s);
}

export function messageState(stat: string): number {
  return MESSAGE_STATE_CODE[stat.toUpperCase()] ?? UNKNOWN_STATE;
}

/**
 * Does registered_delivery ask for a receipt with this stat? Bits 0-1 (SMPP 3.4 §5.2.17, 3 per
 * SMPP 5.0): 1 any final outcome, 2 failure only, 3 success only; intermediate states need 0x10.
 */
export function receiptWanted(registeredDelivery: number, stat: string): boolean {
  const s = stat.toUpperCase();
  // Not final (ENROUTE, ACKED, BUFFRED, SCHEDULED): only on request. ACCEPTD is final (SMPP 3.4
  // §5.2.28), neither delivered nor a failure, as SMPPSim sends it.
  if (INTERMEDIATE_STATES.has(s)) return (registeredDelivery & 0x10) !== 0;
  const delivered = s === 'DELIVRD';
  switch (registeredDelivery & 0x03) {
    case 1: return true;
    case 2: return !delivered && s !== ACCEPTED_STATE;
    case 3: return delivered;
    default: return false;
  }
}

let lastMinute = NaN;
let lastDate = '';

/** YYMMDDhhmm in UTC, the Appendix B date form (memoised per minute: receipts come in floods). */
export function receiptDate(ms: number): string {
  const minute = Math.floor(ms / 60_000);
  if (minute !== lastMinute) {
    lastMinute = minute;
    lastDate = new Date(minute * 60_000).toISOString().replace(/[-T:]/g, '').slice(2, 12);
  }
  return lastDate;
}

export interface ReceiptInput {
  id: string;
  stat: string;
  err: string;
  submitted: number; // ms
  done: number; // ms
  text: string; // the submitted text (first 20 characters are quoted)
}

/** Appendix B text. Non-ASCII is written as '?': receipts travel as plain ASCII bytes, as most SMSCs send them. */
export function receiptText(r: ReceiptInput): string {
  const delivered = r.stat.toUpperCase() === 'DELIVRD' ? '001' : '000';
  const quoted = Array.from(r.text).slice(0, 20).join('').replace(/[^\x20-\x7e]/g, '?');
  return `id:${r.id} sub:001 dlvrd:${delivered} submit date:${receiptDate(r.submitted)} ` +
    `done date:${receiptDate(r.done)} stat:${r.stat} err:${r.err} text:${quoted}`;
}

/** network_error_code TLV: type 3 (GSM), then the error code big-endian. */
export function networkErrorCode(err: string): Buffer {
  const code = Number.parseInt(err, 10);
  const b = Buffer.alloc(3);
  b[0] = 3;
  b.writeUInt16BE(Number.isInteger(code) && code >= 0 && code <= 0xffff ? code : 0, 1);
  return b;
}

/**
 * The deliver_sm fields of a receipt for a message that went from `from` to `to`: it travels
 * back, so its source is the message's destination.
 */
export function receiptFields(
  r: ReceiptInput,
  msg: { from: string; to: string; sourceTon: number; sourceNpi: number; destTon: number; destNpi: number },
  style: ReceiptStyle,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    source_addr_ton: msg.destTon, source_addr_npi: msg.destNpi, source_addr: msg.to,
    dest_addr_ton: msg.sourceTon, dest_addr_npi: msg.sourceNpi, destination_addr: msg.from,
    esm_class: 0x04, data_coding: 0,
    short_message: style === 'tlv' ? Buffer.alloc(0) : Buffer.from(receiptText(r), 'latin1'),
  };
  if (style !== 'text') {
    fields.receipted_message_id = r.id;
    fields.message_state = messageState(r.stat);
    const s = r.stat.toUpperCase();
    if (s !== 'DELIVRD' && !INTERMEDIATE_STATES.has(s)) fields.network_error_code = networkErrorCode(r.err);
  }
  return fields;
}
