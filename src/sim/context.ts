// What the request handlers share: the live options, the sessions, the counters, the accepted
// messages, and the few ways to act on a session (send, answer, later, close). The server owns
// the sockets; the handlers only see this.
import { smpp, type PDU } from '../smpp/codec.js';
import type { SmscAlphabet } from '../sms/choose-encoding.js';
import { SIM_DEFAULTS, UNBIND_GRACE_MS } from './defaults.js';
import { DeliveryRouter, type Delivery } from './delivery.js';
import { IdCounter, randomFirstId } from './ids.js';
import { toLogged } from './log.js';
import { CurrentRateLimiter } from './rate-limit.js';
import { Reassembler } from './reassemble.js';
import type { SimRecorder } from './recorder.js';
import { Scheduler } from './scheduler.js';
import type { SimSession } from './session.js';
import { MessageStore } from './store.js';
import type { SimOptions, SimStats } from './types.js';


export class SimContext {
  readonly sessions = new Map<number, SimSession>();
  readonly stats: SimStats = { maxOutstanding: 0, outstanding: 0, perSecond: new Map(), binds: 0, submits: 0, throttled: 0, held: 0 };
  readonly ids: IdCounter;
  readonly reassembler = new Reassembler();
  /** Accepted messages and their state, for query_sm / cancel_sm / replace_sm. */
  readonly store = new MessageStore();
  readonly rateLimiter = new CurrentRateLimiter();
  readonly scheduler: Scheduler;
  readonly delivery: DeliveryRouter;
  /** Off while the sim plays a hung SMSC (stopAnswering). */
  answering = true;

  constructor(readonly o: SimOptions, readonly recorder: SimRecorder) {
    this.ids = new IdCounter(o.firstId ?? randomFirstId());
    this.scheduler = new Scheduler((err) => recorder.event(0, 'error', `scheduled work failed: ${(err as Error).message}`));
    this.delivery = new DeliveryRouter(this.sessions, this.stats, (s, d) => this.deliverNow(s, d));
  }

  // Credentials are read at each bind, so set() can change them (a password rotated mid-run).
  get systemId(): string {
    return this.o.systemId ?? SIM_DEFAULTS.systemId;
  }

  get password(): string {
    return this.o.password ?? SIM_DEFAULTS.password;
  }

  get alphabet(): SmscAlphabet {
    return this.o.smscAlphabet ?? 'gsm7';
  }

  /** Sends and logs a PDU; false when the session is gone. */
  send(s: SimSession, pdu: PDU, written?: () => void, text?: string): boolean {
    if (!s.send(pdu, written)) return false;
    if (this.recorder.logging) this.recorder.pdu(toLogged(pdu, s.id, 'out', Date.now(), this.alphabet, text));
    return true;
  }

  /** Answer a request, unless the sim plays a hung SMSC. */
  answer(s: SimSession, pdu: PDU, written?: () => void): boolean {
    if (!this.answering) return false;
    this.send(s, pdu, written);
    return true;
  }

  /** Delayed work for one session: skipped if the session has gone by then. */
  later(s: SimSession, ms: number, fn: () => void): void {
    this.scheduler.after(ms, () => {
      if (!s.closed) fn();
    });
  }

  /** Close after the last write; a peer that never closes its side is dropped after a grace. */
  close(s: SimSession): void {
    s.end();
    this.later(s, UNBIND_GRACE_MS, () => s.destroy());
  }

  private deliverNow(s: SimSession, d: Delivery): boolean {
    return this.send(s, new smpp.PDU('deliver_sm', { ...d.fields }), undefined, d.text);
  }
}
