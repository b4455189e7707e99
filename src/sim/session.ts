// One client connection as the simulator sees it: bind state, and writes batched
// per read burst (cork until the next tick) so a window of requests costs one syscall to answer.
import type { PDU, Session } from '../smpp/codec.js';

/** What a session is bound as: the suffix of its bind_* command. */
export type SimBindKind = 'transmitter' | 'receiver' | 'transceiver';

export class SimSession {
  bound: SimBindKind | undefined;
  systemId: string | undefined;
  /** submit_sm received on this session and not answered yet. */
  unanswered = 0;
  closed = false;
  private corked = false;

  constructor(readonly id: number, readonly raw: Session) {
    raw.socket.setNoDelay(true);
  }

  get canReceive(): boolean {
    return !this.closed && (this.bound === 'receiver' || this.bound === 'transceiver');
  }

  get canSubmit(): boolean {
    return this.bound === 'transmitter' || this.bound === 'transceiver';
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

  /** Close after pending writes (unbind). */
  end(): void {
    if (this.closed) return;
    this.raw.close();
  }

  destroy(): void {
    this.closed = true;
    this.raw.destroy();
  }
}
