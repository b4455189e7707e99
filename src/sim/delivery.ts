// Where a deliver_sm (a receipt, an injected MO, a scripted delivery) goes: to the preferred
// session if it can receive, else to any receiver or transceiver bound with the system id it
// belongs to, else it is held until one binds, as real SMSCs do on reconnect.
import type { SimSession } from './session.js';
import type { SimStats } from './types.js';

/** Per system id; beyond this the oldest held deliver_sm is dropped (no receiver is coming). */
const MAX_HELD = 100_000;

export interface Delivery {
  fields: Record<string, unknown>;
  /** The text shown for it in the PDU log (a receipt's Appendix B text). */
  text?: string;
}

/** Writes one deliver_sm to a session; false when the session cannot take it. */
export type DeliverNow = (s: SimSession, d: Delivery) => boolean;

export class DeliveryRouter {
  /** deliver_sm waiting for a receiver or transceiver of that system id to bind. */
  private readonly held = new Map<string, Delivery[]>();

  constructor(
    private readonly sessions: ReadonlyMap<number, SimSession>,
    private readonly stats: SimStats,
    private readonly deliverNow: DeliverNow,
  ) {}

  /** A socket closing under us (not writable yet no 'close') counts as no receiver. */
  route(owner: string, preferred: number | undefined, d: Delivery): void {
    const p = preferred === undefined ? undefined : this.sessions.get(preferred);
    if (p?.canReceive && p.systemId === owner && this.deliverNow(p, d)) return;
    for (const s of this.sessions.values()) {
      if (s !== p && s.canReceive && s.systemId === owner && this.deliverNow(s, d)) return;
    }
    this.hold(owner, [d]);
  }

  /** A session just bound: hand it what waited for its system id, in order. */
  flushHeld(s: SimSession): void {
    const owner = s.systemId;
    const queue = owner === undefined ? undefined : this.held.get(owner);
    if (!owner || !queue || !s.canReceive) return;
    this.held.delete(owner);
    this.stats.held -= queue.length;
    const failed = queue.findIndex((d) => !this.deliverNow(s, d));
    if (failed >= 0) this.hold(owner, queue.slice(failed));
  }

  private hold(owner: string, ds: Delivery[]): void {
    let queue = this.held.get(owner);
    if (!queue) this.held.set(owner, (queue = []));
    queue.push(...ds);
    this.stats.held += ds.length;
    if (queue.length > MAX_HELD) this.stats.held -= queue.splice(0, queue.length - MAX_HELD).length;
  }
}
