// Joining submitted parts into logical messages the way a handset would. A part without
// concatenation info (sms/user-data.ts reads it, and never throws) is a message on its own.
import type { Concat } from '../sms/user-data.js';
import type { SimMessage } from './types.js';

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
