// One client connection as the simulator sees it: bind state, its timers, and writes batched
// per read burst (cork until the next tick) so a window of requests costs one syscall to answer.
import type { PDU, Session } from '../smpp/codec.js';

export type BindMode = 'transmitter' | 'receiver' | 'transceiver';

/** The smallest PDU is its 16-byte header. */
const HEADER_LENGTH = 16;

export class SimSession {
  bound: BindMode | undefined;
  systemId: string | undefined;
  /** submit_sm received on this session and not answered yet. */
  unanswered = 0;
  closed = false;
  private corked = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly id: number, readonly raw: Session) {
    raw.socket.setNoDelay(true);
  }

  get canReceive(): boolean {
    return !this.closed && (this.bound === 'receiver' || this.bound === 'transceiver');
  }

  get canSubmit(): boolean {
    return this.bound === 'transmitter' || this.bound === 'transceiver';
  }

  /**
   * node-smpp waits forever when a header claims fewer than 4 body bytes (stream.read of a
   * negative size returns null): call after each read burst to catch that silent wedge.
   */
  wedged(): boolean {
    const pending = (this.raw as unknown as { _command_length: number | null })._command_length;
    return typeof pending === 'number' && pending > 0 && pending < HEADER_LENGTH;
  }

  /** Sends a PDU; `written` runs once it has left (used to drop the link right after a reply). */
  send(pdu: PDU, written?: () => void): boolean {
    if (this.closed) return false;
    this.cork();
    return this.raw.send(pdu, undefined, written);
  }

  write(bytes: Buffer): void {
    if (this.closed) return;
    this.cork();
    this.raw.socket.write(bytes);
  }

  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.raw.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.raw.socket.uncork();
    });
  }

  /** setTimeout that dies with the session. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
  }

  /** Close after pending writes (unbind). */
  end(): void {
    if (this.closed) return;
    this.raw.close();
  }

  destroy(): void {
    this.closed = true;
    this.clearTimers();
    this.raw.destroy();
  }

  clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
