// The peer's first bytes, kept while binding: when they are no SMPP, they say what the peer
// speaks instead (an HTTP server, a TLS port spoken to in clear).
import type { Socket } from 'node:net';

const KEEP_BYTES = 64;

export class FirstBytes {
  private chunks: Buffer[] | undefined = [];
  private size = 0;

  /**
   * Attach after node-smpp's 'readable' listener: this then sees what its reader reads and
   * never switches the socket to flowing mode.
   */
  constructor(private readonly socket: Socket) {
    socket.on('data', this.keep);
  }

  /** What was kept so far. */
  get bytes(): Buffer {
    return Buffer.concat(this.chunks ?? []);
  }

  /** Bound: nothing more to keep. */
  stop(): void {
    this.socket.off('data', this.keep);
    this.chunks = undefined;
  }

  private readonly keep = (chunk: Buffer): void => {
    if (this.chunks === undefined) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= KEEP_BYTES) this.socket.off('data', this.keep);
  };
}
