// Byte-level line splitting for --to-file, JSON Lines batches and the journal. Works on bytes so
// each line can be checked for valid UTF-8 on its own (a bad line is reported with its number,
// not silently turned into U+FFFD), and never holds more than one line plus one chunk.
//
// Lines come out in batches, one stream chunk's worth per pull: a million lines cost a few
// hundred awaits instead of a million async-generator steps.
import { isUtf8 } from 'node:buffer';

export interface RawLine {
  n: number; // 1-based
  bytes: Buffer; // without the newline (and without a CR before it)
  tooLong: boolean; // longer than maxBytes: bytes is empty, the line was dropped
  terminated: boolean; // false only for a last line with no newline
}

/** 16 MiB: far above any SMS (255 parts are under 40 KB) yet bounded. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const EMPTY = Buffer.alloc(0);

type Chunks = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

export class LineReader {
  private readonly chunks: AsyncIterator<Buffer | string> | Iterator<Buffer | string>;
  private n = 0;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private overflow = false;
  private ended = false;

  constructor(input: Chunks, private readonly maxBytes = MAX_LINE_BYTES) {
    this.chunks = Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
  }

  /** The lines completed by the next chunk (never an empty array), or null at the end. */
  async pull(): Promise<RawLine[] | null> {
    for (;;) {
      if (this.ended) return null;
      const r = await this.chunks.next();
      if (r.done) {
        this.ended = true;
        if (this.pendingLength === 0 && !this.overflow) return null;
        this.n++;
        const bytes = this.overflow ? EMPTY : stripCr(Buffer.concat(this.pending));
        return [{ n: this.n, bytes, tooLong: this.overflow, terminated: false }];
      }
      const lines = this.split(typeof r.value === 'string' ? Buffer.from(r.value) : r.value);
      if (lines.length > 0) return lines;
    }
  }

  /** Stops reading and releases the input (a stream is destroyed). */
  async close(): Promise<void> {
    this.ended = true;
    await this.chunks.return?.();
  }

  private split(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) {
        const rest = chunk.subarray(pos);
        if (!this.overflow && rest.length > 0) {
          if (this.pendingLength + rest.length > this.maxBytes) {
            this.overflow = true;
            this.pending = [];
            this.pendingLength = 0;
          } else {
            this.pending.push(Buffer.from(rest)); // a copy: the stream may reuse its chunk
            this.pendingLength += rest.length;
          }
        }
        return out;
      }
      const piece = chunk.subarray(pos, nl);
      pos = nl + 1;
      this.n++;
      if (this.overflow || this.pendingLength + piece.length > this.maxBytes) {
        out.push({ n: this.n, bytes: EMPTY, tooLong: true, terminated: true });
      } else {
        const whole = this.pending.length > 0 ? Buffer.concat([...this.pending, piece]) : piece;
        out.push({ n: this.n, bytes: stripCr(whole), tooLong: false, terminated: true });
      }
      this.overflow = false;
      this.pending = [];
      this.pendingLength = 0;
    }
  }
}

/** One line at a time, for callers where a million lines are not expected. */
export async function* splitLines(input: Chunks, maxBytes = MAX_LINE_BYTES): AsyncGenerator<RawLine> {
  const reader = new LineReader(input, maxBytes);
  try {
    for (let lines = await reader.pull(); lines; lines = await reader.pull()) yield* lines;
  } finally {
    await reader.close();
  }
}

function stripCr(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, -1) : b;
}

/** The line as text, or undefined when its bytes are not valid UTF-8. */
export function utf8Text(bytes: Buffer, firstLine: boolean): string | undefined {
  if (firstLine && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bytes = bytes.subarray(3); // a byte order mark
  }
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}
