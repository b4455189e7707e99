// The user data of a submit_sm / deliver_sm as it arrives: the UDH cut off from the text, and the
// concatenation info read from the UDH (IE 0x00 or 0x08) or else the SAR TLVs. Used by the
// simulator (parts it accepts) and the receiver (MO parts). Pure; hostile input never throws: a
// malformed UDH or an impossible segment number leaves the part without concatenation info.
import { ESM_UDHI } from './segment.js';

export type ConcatScheme = 'udh8' | 'udh16' | 'sar';

export interface Concat {
  scheme: ConcatScheme;
  ref: number;
  total: number;
  seq: number; // 1-based
}

export interface Body {
  udh?: Buffer; // with its UDHL byte
  payload: Buffer; // the text bytes
  concat?: Concat; // absent: a single-part message
}

/** Splits a submit_sm/deliver_sm body into UDH and text, and finds its concatenation info. */
export function splitBody(pdu: Record<string, unknown>): Body {
  const sm = Buffer.isBuffer(pdu.short_message) ? pdu.short_message : Buffer.alloc(0);
  const mp = Buffer.isBuffer(pdu.message_payload) ? pdu.message_payload : undefined;
  const body = mp && (mp.length > 0 || sm.length === 0) ? mp : sm;
  const esmClass = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;

  let udh: Buffer | undefined;
  let payload = body;
  let concat: Concat | undefined;
  if (esmClass & ESM_UDHI && body.length > 0 && 1 + body[0] <= body.length) {
    const end = 1 + body[0];
    udh = body.subarray(0, end);
    payload = body.subarray(end);
    concat = concatFromUdh(body, end);
  }
  if (!concat && typeof pdu.sar_total_segments === 'number' && typeof pdu.sar_segment_seqnum === 'number') {
    const ref = typeof pdu.sar_msg_ref_num === 'number' ? pdu.sar_msg_ref_num : 0;
    concat = { scheme: 'sar', ref, total: pdu.sar_total_segments, seq: pdu.sar_segment_seqnum };
  }
  if (concat && (concat.total < 2 || concat.seq < 1 || concat.seq > concat.total)) concat = undefined;
  return { udh, payload, concat };
}

/** IE 0x00 `00 03 REF TOTAL SEQ` or IE 0x08 `08 04 REFHI REFLO TOTAL SEQ` (3GPP TS 23.040 §9.2.3.24). */
function concatFromUdh(body: Buffer, end: number): Concat | undefined {
  let i = 1;
  while (i + 2 <= end) {
    const iei = body[i];
    const len = body[i + 1];
    const data = i + 2 + len <= end ? body.subarray(i + 2, i + 2 + len) : undefined;
    if (!data) return undefined;
    if (iei === 0x00 && len === 3) return { scheme: 'udh8', ref: data[0], total: data[1], seq: data[2] };
    if (iei === 0x08 && len === 4) return { scheme: 'udh16', ref: data.readUInt16BE(0), total: data[2], seq: data[3] };
    i += 2 + len;
  }
  return undefined;
}
