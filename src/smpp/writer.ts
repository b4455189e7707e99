// Every PDU we write to the SMSC goes through here: node-smpp encodes it, the write guard
// watches for a peer that stops reading (backpressure.ts), and the trace sees it.
import type { Socket } from 'node:net';
import type { WriteGuard } from './backpressure.js';
import type { RawPdu, Session } from './codec.js';
import { traceLine } from './trace.js';

/**
 * PDUs after which a tick's burst starts to leave. A whole window (100 submits after a burst of
 * answers) used to leave in one write at the end of the tick, the SMSC answered it in one, and
 * the two sides took turns instead of overlapping: a bulk run without receipts spent ~1.5 s of
 * 5 idle on both sides. Now the first 16 leave at once, for the SMSC to work on while we make
 * the rest, which leave together at the end of the tick: at most one more write per tick.
 */
const BURST = 16;

export class PduWriter {
  private corked = false;
  private inBurst = 0; // PDUs written in this tick

  constructor(
    private readonly socket: Socket,
    private readonly codec: Session,
    private readonly guard: WriteGuard,
    private readonly trace: ((line: string) => void) | undefined,
  ) {}

  /** Writes now (bind, enquire_link, unbind). False when it cannot be encoded or written. */
  send(pdu: RawPdu): boolean {
    let sent: boolean;
    try {
      sent = this.codec.send(pdu);
    } catch {
      return false;
    }
    if (sent) this.wrote(pdu);
    return sent;
  }

  /**
   * Writes with everything else written in this tick (submits, answers): a burst leaves in one
   * write (two from BURST PDUs on), not one syscall each. False when the socket is no longer
   * writable; throws when node-smpp cannot encode a field.
   */
  sendCorked(pdu: RawPdu): boolean {
    this.cork();
    if (!this.codec.send(pdu)) return false;
    this.wrote(pdu);
    if (++this.inBurst === BURST) {
      this.socket.uncork(); // these leave now;
      this.socket.cork(); // the rest of the tick's wait for the uncork that cork() queued
    }
    return true;
  }

  private wrote(pdu: RawPdu): void {
    this.guard.wrote();
    if (this.trace) this.trace(traceLine('out', pdu));
  }

  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(this.uncork);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.inBurst = 0;
    this.socket.uncork();
  };
}
