// query_sm / cancel_sm / replace_sm: the request fields and what the answers mean. Pure.
import { formatStatus, statusInfo } from '../sms/status.js';
import { MESSAGE_STATES, parseReceiptDate } from '../sms/receipt.js';
import type { Address } from '../sms/address.js';
import type { RawPdu } from '../smpp/codec.js';

export type FollowUp = 'query' | 'cancel' | 'replace';

export interface FollowUpRecord {
  type: FollowUp;
  id: string;
  ok: boolean; // command_status 0
  status: number;
  statusName: string;
  error?: string; // one line, when not ok
  // query only
  state?: string; // DELIVRD, ENROUTE, UNDELIV, ... (the receipt names)
  messageState?: number;
  final?: boolean;
  finalDate?: string | null; // the SMSC's local time, as written (YYYY-MM-DDThh:mm:ss)
  errorCode?: number;
  // with --journal
  key?: string;
  part?: number;
}

export function requestFields(kind: FollowUp, id: string, source: Address | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const src = { source_addr_ton: source?.ton ?? 0, source_addr_npi: source?.npi ?? 0, source_addr: source?.addr ?? '' };
  if (kind === 'cancel') return { service_type: '', message_id: id, ...src, dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: '', ...extra };
  return { message_id: id, ...src, ...extra };
}

export function followUpRecord(kind: FollowUp, id: string, resp: RawPdu): FollowUpRecord {
  const status = resp.command_status;
  const rec: FollowUpRecord = { type: kind, id, ok: status === 0, status, statusName: statusInfo(status).name };
  if (status !== 0) {
    rec.error = resp.command === 'generic_nack' ? `${kind}_sm not supported by the SMSC: ${formatStatus(status)}` : formatStatus(status);
    return rec;
  }
  if (kind === 'query') {
    const st = typeof resp.message_state === 'number' ? resp.message_state : 7;
    rec.messageState = st;
    rec.state = MESSAGE_STATES[st] ?? `STATE_${st}`;
    rec.final = st !== 1 && st !== 0; // ENROUTE and SCHEDULED are not final
    const date = typeof resp.final_date === 'string' ? resp.final_date : '';
    rec.finalDate = date.length >= 12 ? (parseReceiptDate(date.slice(0, 12)) ?? date) : null;
    rec.errorCode = typeof resp.error_code === 'number' ? resp.error_code : 0;
  }
  return rec;
}

export function followUpLine(r: FollowUpRecord): string {
  const where = r.key !== undefined ? ` (journal ${r.key} part ${(r.part ?? 0) + 1})` : '';
  if (!r.ok) return `${r.id}  ${r.type} refused: ${r.error}${where}`;
  if (r.type === 'query') {
    const when = r.finalDate ? ` at ${r.finalDate}` : '';
    const err = r.errorCode ? ` error ${r.errorCode}` : '';
    return `${r.id}  ${r.state}${r.final ? when : ' (not final)'}${err}${where}`;
  }
  return `${r.id}  ${r.type === 'cancel' ? 'cancelled' : 'replaced'}${where}`;
}
