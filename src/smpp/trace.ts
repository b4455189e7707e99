// The PDU trace (the CLI's debug output): one line per PDU in or out. Lines are built from a
// whitelist of fields, so a field we do not name (the bind password above all) can never leak
// into a trace.
import { MASK } from '../errors.js';
import { statusInfo } from '../sms/status.js';
import type { RawPdu } from './codec.js';

export type Direction = 'out' | 'in';

const PREVIEW_CHARS = 60;

/** e.g. `> submit_sm seq=2 to=447700900123 dc=0 esm=0x00 sm=5B` or `< submit_sm_resp ESME_ROK seq=2 id=abc`. */
export function traceLine(direction: Direction, pdu: RawPdu): string {
  const parts = [direction === 'out' ? '>' : '<', pdu.command];
  if (pdu.command_id & 0x80000000) parts.push(statusInfo(pdu.command_status).name);
  parts.push(`seq=${pdu.sequence_number}`);
  for (const field of fieldsOf(pdu)) parts.push(field);
  return parts.join(' ');
}

function fieldsOf(pdu: RawPdu): string[] {
  switch (pdu.command) {
    case 'bind_transceiver':
    case 'bind_transmitter':
    case 'bind_receiver':
      return [
        `system_id=${quote(pdu.system_id)}`,
        `password=${MASK}`,
        `system_type=${quote(pdu.system_type)}`,
        `interface_version=${hex(pdu.interface_version)}`,
        `addr_ton=${num(pdu.addr_ton)}`,
        `addr_npi=${num(pdu.addr_npi)}`,
        `address_range=${quote(pdu.address_range)}`,
      ];
    case 'bind_transceiver_resp':
    case 'bind_transmitter_resp':
    case 'bind_receiver_resp':
      return pdu.system_id === undefined ? [] : [`system_id=${quote(pdu.system_id)}`];
    case 'submit_sm':
      return [
        `from=${quote(pdu.source_addr)}`,
        `to=${quote(pdu.destination_addr)}`,
        `dc=${num(pdu.data_coding)}`,
        `esm=${hex(pdu.esm_class)}`,
        `sm=${byteLength(pdu.short_message)}B`,
        ...(pdu.message_payload === undefined ? [] : [`payload=${byteLength(pdu.message_payload)}B`]),
        ...(pdu.registered_delivery ? [`receipt=${hex(pdu.registered_delivery)}`] : []),
      ];
    case 'submit_sm_resp':
    case 'data_sm_resp':
      return pdu.message_id === undefined ? [] : [`id=${quote(pdu.message_id)}`];
    case 'deliver_sm':
    case 'data_sm': {
      const text = pdu.message_payload ?? pdu.short_message;
      return [
        `from=${quote(pdu.source_addr)}`,
        `to=${quote(pdu.destination_addr)}`,
        `dc=${num(pdu.data_coding)}`,
        `esm=${hex(pdu.esm_class)}`,
        ...(pdu.receipted_message_id === undefined ? [] : [`receipted_id=${quote(pdu.receipted_message_id)}`]),
        ...(pdu.message_state === undefined ? [] : [`state=${num(pdu.message_state)}`]),
        `text=${JSON.stringify(preview(text, Number(pdu.data_coding ?? 0)))}`,
      ];
    }
    default:
      return [];
  }
}

/** A short, single-line, printable rendering of message bytes. */
export function preview(bytes: unknown, dataCoding: number): string {
  if (!Buffer.isBuffer(bytes)) return typeof bytes === 'string' ? clip(printable(bytes)) : '';
  // UCS2 (dc 8, flash 0x18) as UTF-16BE; anything else byte by byte, which is right for
  // ASCII receipts and close enough for a debug line.
  const ucs2 = dataCoding === 0x08 || dataCoding === 0x18;
  const text = ucs2 ? Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16().toString('utf16le') : bytes.toString('latin1');
  return clip(printable(text));
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '.');
}

function clip(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}...` : text;
}

function byteLength(value: unknown): number {
  if (Buffer.isBuffer(value)) return value.length;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value && typeof value === 'object' && 'message' in value) {
    const v = value as { udh?: unknown; message?: unknown };
    return byteLength(v.udh) + byteLength(v.message);
  }
  return 0;
}

function quote(value: unknown): string {
  const s = String(value ?? '');
  return /^[\w.+@:-]+$/.test(s) ? s : JSON.stringify(s);
}

function num(value: unknown): string {
  return String(Number(value ?? 0));
}

function hex(value: unknown): string {
  return `0x${Number(value ?? 0).toString(16).padStart(2, '0')}`;
}
