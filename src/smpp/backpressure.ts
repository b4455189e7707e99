// Bounded writes. An SMSC that stops reading while it floods us (enquire_link, receipts) would
// otherwise make us queue one answer per request without end: 783 MB of RSS for 1M PDUs. So:
// - past MAX_QUEUED_BYTES of unsent output we stop reading (the SMSC's requests then wait in the
//   kernel, which is TCP's own backpressure), and read again once the socket has drained;
// - output that makes no progress for stallMs (nothing at all leaves) is a lost link: a submit
//   waiting for drain, or a paused reader, is never left waiting for ever.
import type { Socket } from 'node:net';

/** Unsent bytes after which we stop reading: ~15,000 answers, far above a window of submits. */
export const MAX_QUEUED_BYTES = 256 * 1024;

export interface Reader {
  pause(): void;
  resume(): void;
}

export class WriteGuard {
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private flushedAtArm = 0;

  /**
   * @param reader node-smpp's session: its reader stops on pause()
   * @param onStall called once when queued output made no progress for stallMs
   */
  constructor(
    private readonly socket: Socket,
    private readonly reader: Reader,
    private readonly stallMs: number,
    private readonly onStall: () => void,
  ) {
    socket.on('drain', this.onDrain);
  }

  /** Whether reading is paused because too much output is queued. */
  get readingPaused(): boolean {
    return this.paused;
  }

  /** Call after every write. */
  wrote(): void {
    if (!this.socket.writableNeedDrain) return;
    if (!this.paused && this.socket.writableLength > MAX_QUEUED_BYTES) {
      this.paused = true;
      this.reader.pause();
    }
    if (this.timer === undefined) this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.socket.off('drain', this.onDrain);
  }

  /** Bytes handed to the kernel so far (bytesWritten counts the queued ones too). */
  private flushed(): number {
    return this.socket.bytesWritten - this.socket.writableLength;
  }

  private arm(): void {
    this.flushedAtArm = this.flushed();
    this.timer = setTimeout(this.check, this.stallMs);
  }

  private readonly check = (): void => {
    this.timer = undefined;
    if (!this.socket.writableNeedDrain) return;
    if (this.flushed() > this.flushedAtArm) return this.arm(); // slow, but the SMSC reads
    this.onStall();
  };

  private readonly onDrain = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.paused) {
      this.paused = false;
      this.reader.resume();
    }
  };
}
