// The SMSC's own requests to us: each answered (answer.ts), deliveries handed to the session's
// listeners. Those read before or with the bind_resp are held until the next turn of the event
// loop, and a session that is stopping can refuse deliveries for the SMSC to keep.
import { answerRequest } from './answer.js';
import type { RawPdu } from './codec.js';

const MAX_HELD = 1000; // deliveries kept while binding; past it they stay unanswered

export interface IncomingHooks {
  /** Sends our answer. */
  reply(resp: RawPdu): void;
  /** A deliver_sm or data_sm to hand to the listeners; it is answered after this returns. */
  deliver(pdu: RawPdu): void;
  /** The SMSC sent unbind; unbind_resp has been sent. */
  unbound(): void;
  /** True once the link has ended: held deliveries are then left unanswered. */
  ended(): boolean;
}

export class Incoming {
  private held: RawPdu[] | undefined = [];
  private refusal = 0;

  constructor(private readonly hooks: IncomingHooks) {}

  /** A request from the SMSC: held (a delivery while binding) or answered now. */
  take(pdu: RawPdu): void {
    if (this.held !== undefined && (pdu.command === 'deliver_sm' || pdu.command === 'data_sm')) {
      // Bounded: past MAX_HELD they stay unanswered, and the SMSC delivers them again later.
      if (this.held.length < MAX_HELD) this.held.push(pdu);
      return;
    }
    this.answer(pdu);
  }

  /**
   * Receipts and MOs read before or with the bind_resp (an SMSC flushes stored ones at bind)
   * are held, unanswered, until the next turn of the event loop: by then whoever awaited
   * openSession() listens for 'deliver'. Everything else is handled at once, so an unbind or
   * garbage right behind the bind_resp closes the session before openSession() resolves (and
   * it rejects). If the link is gone by the next turn, the held ones stay unanswered: the SMSC
   * delivers them again, rather than having them acknowledged and lost.
   */
  holdUntilNextTurn(): void {
    setImmediate(this.release);
  }

  /** Answers (and hands over) the held deliveries; also called by unbind(), which may come first. */
  readonly release = (): void => {
    const held = this.held ?? [];
    this.held = undefined;
    for (const pdu of held) if (!this.hooks.ended()) this.answer(pdu);
  };

  /** The bind failed: what was held is never answered. */
  drop(): void {
    this.held = undefined;
  }

  /** Answer deliveries with this command_status instead of taking them (0: take them again). */
  refuse(status: number): void {
    this.refusal = status;
  }

  private answer(pdu: RawPdu): void {
    answerRequest(pdu, this.hooks.reply, {
      deliver: (p) => {
        if (this.refusal === 0) this.hooks.deliver(p);
      },
      deliverStatus: () => this.refusal,
      unbound: this.hooks.unbound,
    });
  }
}
