// Joining the parts of concatenated MO messages. Pure: the clock comes in as `now`.
//
// Decisions, for the record:
// - Parts are joined by (scheme, sender, recipient, reference, total): interleaved messages from
//   many handsets never mix, and two messages from one handset differ by their reference.
// - A complete message is decoded from all its bytes at once, so a GSM escape pair or a UTF-16
//   surrogate pair that a handset split across parts still decodes.
// - Nothing is held forever or dropped silently: a message still missing parts `timeoutMs` after
//   its first part arrived leaves as incomplete (with what did arrive), and so does the oldest
//   one when more than `maxPending` are open or their bytes pass `maxBytes` (memory stays
//   bounded whatever a peer sends). A part seen twice replaces the earlier copy.
import type { Address, MoPart } from './incoming.js';

export interface MoMessage {
  from: Address;
  to: Address;
  dataCoding: number;
  esmClass: number;
  /** Bytes of each part in order; undefined where a part never came. */
  parts: (Buffer | undefined)[];
  complete: boolean;
  scheme?: 'udh8' | 'udh16' | 'sar';
  ref?: number;
  firstAt: number;
  lastAt: number;
}

export interface ReassemblyLimits {
  timeoutMs: number;
  maxPending: number; // open multi-part messages
  maxBytes: number; // bytes held in open messages, all senders together
}

export const DEFAULT_LIMITS: Omit<ReassemblyLimits, 'timeoutMs'> = { maxPending: 10_000, maxBytes: 16 * 1024 * 1024 };

interface Open {
  msg: MoMessage;
  have: number;
  bytes: number;
}

export class MoReassembler {
  // Insertion order is first-part order, hence deadline order: expiry walks from the front.
  private readonly open = new Map<string, Open>();
  private bytes = 0;

  constructor(private readonly limits: ReassemblyLimits) {}

  /** Messages this part completes or pushes out (oldest first); [] while it waits for siblings. */
  add(part: MoPart): MoMessage[] {
    const c = part.concat;
    if (!c) return [single(part)];
    const key = `${c.scheme}|${part.from.ton}.${part.from.npi}.${part.from.addr}|${part.to.addr}|${c.ref}|${c.total}`;
    let o = this.open.get(key);
    if (!o) {
      o = {
        msg: {
          from: part.from, to: part.to, dataCoding: part.dataCoding, esmClass: part.esmClass,
          parts: new Array<Buffer | undefined>(c.total).fill(undefined), complete: false,
          scheme: c.scheme, ref: c.ref, firstAt: part.receivedAt, lastAt: part.receivedAt,
        },
        have: 0,
        bytes: 0,
      };
      this.open.set(key, o);
    }
    const slot = c.seq - 1;
    const before = o.msg.parts[slot];
    if (before) this.take(o, -before.length);
    else o.have++;
    o.msg.parts[slot] = part.bytes;
    o.msg.lastAt = part.receivedAt;
    if (slot === 0) o.msg.dataCoding = part.dataCoding; // the first part speaks for the message
    this.take(o, part.bytes.length);

    const out: MoMessage[] = [];
    if (o.have === c.total) {
      this.close(key, o);
      o.msg.complete = true;
      out.push(o.msg);
    }
    while (this.open.size > this.limits.maxPending || (this.bytes > this.limits.maxBytes && this.open.size > 0)) {
      out.push(this.evictOldest());
    }
    return out;
  }

  /** Messages whose first part is older than the timeout, as incomplete. */
  expire(now: number): MoMessage[] {
    const out: MoMessage[] = [];
    for (const [key, o] of this.open) {
      if (o.msg.firstAt + this.limits.timeoutMs > now) break;
      this.close(key, o);
      out.push(o.msg);
    }
    return out;
  }

  /** Everything still open, as incomplete (the listener is stopping). */
  flush(): MoMessage[] {
    const out = [...this.open.values()].map((o) => o.msg);
    this.open.clear();
    this.bytes = 0;
    return out;
  }

  /** When the oldest open message times out; undefined when none is open. */
  nextDeadline(): number | undefined {
    const first = this.open.values().next().value;
    return first ? first.msg.firstAt + this.limits.timeoutMs : undefined;
  }

  get pending(): number {
    return this.open.size;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  private take(o: Open, n: number): void {
    o.bytes += n;
    this.bytes += n;
  }

  private close(key: string, o: Open): void {
    this.open.delete(key);
    this.bytes -= o.bytes;
  }

  private evictOldest(): MoMessage {
    const [key, o] = this.open.entries().next().value as [string, Open];
    this.close(key, o);
    return o.msg;
  }
}

function single(part: MoPart): MoMessage {
  return {
    from: part.from, to: part.to, dataCoding: part.dataCoding, esmClass: part.esmClass,
    parts: [part.bytes], complete: true, firstAt: part.receivedAt, lastAt: part.receivedAt,
  };
}
