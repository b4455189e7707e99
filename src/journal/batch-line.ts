// One batch line of the journal being gathered (records.ts has the format; writer.ts decides
// when a batch line is closed and where it goes).
import { ascii, COMMA, LineBuffer, OPEN } from './line-buffer.js';

/**
 * The entries of one kind of record made in one millisecond, {"ev":EV,"batch":[[...],...],"t":ISO}
 * without its end: a bulk run's journal takes 40% of the bytes it took at a line a record.
 */
export class BatchLine {
  readonly out = new LineBuffer();
  entries = 0;
  private readonly head: Uint8Array;

  constructor(ev: 'queued' | 'sending' | 'accepted' | 'receipt') {
    this.head = ascii(`{"ev":"${ev}","batch":[[`);
  }

  /** Starts an entry: its '[' (or the line's head), ready for its first field. */
  entry(): LineBuffer {
    if (this.entries++ === 0) this.out.put(this.head);
    else {
      this.out.byte(COMMA);
      this.out.byte(OPEN);
    }
    return this.out;
  }
}
