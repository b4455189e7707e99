// What the simulated SMSC remembers of each accepted message, so query_sm, cancel_sm and
// replace_sm answer from real state: ENROUTE until its outcome time, then the final state
// (DELIVERED, UNDELIVERABLE, ...), or DELETED once cancelled. Bounded: the oldest entries go first.
// The final state is worked out when asked (no timer per message: the simulator is benchmarked).
import { MESSAGE_STATE_CODE, messageState } from './receipts.js';

export const ENROUTE = MESSAGE_STATE_CODE.ENROUTE!;
export const DELETED = MESSAGE_STATE_CODE.DELETED!;

export interface Stored {
  source: string; // source_addr as submitted
  state: number; // SMPP 3.4 §5.2.28 message_state
  finalDate: string; // YYMMDDhhmmss000+ once final, else ''
  errorCode: number; // GSM error code of the outcome (0 when delivered)
  replacedWith?: Buffer; // short_message of the last replace_sm (the original is not kept: memory)
  replaced: number;
  outcome: { stat: string; err: string; at: number }; // what happens, and when
}

/** An SMPP absolute time for query_sm_resp final_date: YYMMDDhhmmss, tenths, offset 00, '+'. */
export function smppDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-T:]/g, '').slice(2, 14) + '000+';
}

export class MessageStore {
  private readonly byId = new Map<string, Stored>();
  // The ids in the order added, to evict the oldest: deleting a Map's first entry found by
  // keys().next() walks over every slot deleted before it (V8), so past `max` messages each
  // submit cost 30-150 us and a long run against one simulator slowed to a crawl.
  private readonly order: string[] = [];
  private next = 0; // the slot of `order` to write next: the oldest id once it is full

  constructor(private readonly max = 100_000) {}

  add(id: string, source: string, outcome: Stored['outcome']): void {
    if (this.order.length < this.max) this.order.push(id);
    else {
      this.byId.delete(this.order[this.next]!);
      this.order[this.next] = id;
      this.next = (this.next + 1) % this.max;
    }
    this.byId.set(id, { source, state: ENROUTE, finalDate: '', errorCode: 0, replaced: 0, outcome });
  }

  get size(): number {
    return this.byId.size;
  }

  /** The message with this id as of `now`, if its source matches (an empty source in the request matches any). */
  find(id: string, source: string, now: number): Stored | undefined {
    const m = this.get(id, now);
    return m && (source === '' || m.source === source) ? m : undefined;
  }

  get(id: string, now: number): Stored | undefined {
    const m = this.byId.get(id);
    if (m && m.state === ENROUTE && now >= m.outcome.at) {
      m.state = messageState(m.outcome.stat);
      m.errorCode = Number.parseInt(m.outcome.err, 10) & 0xff || 0;
      if (m.state !== ENROUTE) m.finalDate = smppDate(m.outcome.at);
    }
    return m;
  }

  cancel(m: Stored, now: number): void {
    m.state = DELETED;
    m.finalDate = smppDate(now);
  }
}
