// Reading a submitted part (UDH, SAR TLVs or message_payload) and joining parts into logical
// messages the way a handset would. Hostile input must never throw: a malformed UDH or an
// impossible segment number makes the part a message on its own.
import type { SimMessage } from './types.js';

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
  if (esmClass & 0x40 && body.length > 0 && 1 + body[0] <= body.length) {
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

/** One accepted part, with its text already decoded: the message's fields, one id, its place. */
export interface Part
  extends Pick<
    SimMessage,
    'session' | 'from' | 'to' | 'sourceTon' | 'sourceNpi' | 'destTon' | 'destNpi' | 'dataCoding' | 'esmClass' | 'registeredDelivery' | 'text'
  > {
  messageId: string;
  concat?: Concat;
}

interface Pending {
  first: Part;
  parts: (Part | undefined)[];
  have: number;
}

/**
 * Joins parts by (scheme, from, to, ref, total), not by session: a sender may spread the parts of
 * one message over several binds or a reconnect. A part sent twice replaces the earlier copy.
 */
export class Reassembler {
  private pending = new Map<string, Pending>();
  constructor(private readonly maxPending = 10_000) {}

  /** Returns the message this part completes, if any. */
  add(part: Part): SimMessage | undefined {
    const c = part.concat;
    if (!c) return toMessage(part, [part]);
    const key = `${c.scheme}|${part.from}|${part.to}|${c.ref}|${c.total}`;
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= this.maxPending) {
        const oldest = this.pending.keys().next().value;
        if (oldest !== undefined) this.pending.delete(oldest);
      }
      p = { first: part, parts: new Array<Part | undefined>(c.total).fill(undefined), have: 0 };
      this.pending.set(key, p);
    }
    if (!p.parts[c.seq - 1]) p.have++;
    p.parts[c.seq - 1] = part;
    if (p.have < c.total) return undefined;
    this.pending.delete(key);
    return toMessage(p.parts[0] ?? p.first, p.parts as Part[]);
  }

  /** Parts still waiting for their siblings. */
  get waiting(): number {
    return this.pending.size;
  }
}

function toMessage(first: Part, parts: Part[]): SimMessage {
  return {
    session: first.session,
    from: first.from,
    to: first.to,
    sourceTon: first.sourceTon,
    sourceNpi: first.sourceNpi,
    destTon: first.destTon,
    destNpi: first.destNpi,
    dataCoding: first.dataCoding,
    esmClass: first.esmClass,
    text: parts.map((p) => p.text).join(''),
    parts: parts.length,
    messageIds: parts.map((p) => p.messageId),
    registeredDelivery: first.registeredDelivery,
    complete: true,
  };
}
