// Ahead of the CSV parser: CRLF -> LF (csv-parse counts a CRLF inside a quoted field as two
// lines, so line numbers would drift; and an SMS line break is LF anyway), and the numbers of
// lines that hold invalid UTF-8 (csv-parse would turn them into U+FFFD without a word).
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * CRLF → LF, and the numbers of lines that are not valid UTF-8. It runs ahead of the parser by
 * at most a few stream buffers, so its list of bad lines stays short.
 */
export class Utf8LineFilter extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  private line = 1;
  private readonly bad: number[] = [];

  /** Whether any line in [from, to] was bad; forgets bad lines before `to`. */
  takeBad(from: number, to: number): boolean {
    let found = false;
    while (this.bad.length > 0 && this.bad[0]! <= to) {
      if (this.bad.shift()! >= from) found = true;
    }
    return found;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let cut = completeUpTo(data);
    if (cut > 0 && data[cut - 1] === 13) cut--; // a CR whose LF may come in the next chunk
    this.carry = Buffer.from(data.subarray(cut));
    this.emit_(data.subarray(0, cut));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length > 0) {
      if (!isUtf8(this.carry)) this.markBad(this.line);
      this.push(this.carry);
    }
    done();
  }

  private emit_(body: Buffer): void {
    if (body.length === 0) return;
    if (!isUtf8(body)) {
      let line = this.line;
      let start = 0;
      for (;;) {
        const nl = body.indexOf(10, start);
        const end = nl === -1 ? body.length : nl;
        if (!isUtf8(body.subarray(start, end))) this.markBad(line);
        if (nl === -1) break;
        start = nl + 1;
        line++;
      }
    }
    for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) this.line++;
    this.push(body.indexOf(13) === -1 ? body : dropCrBeforeLf(body));
  }

  private markBad(line: number): void {
    if (this.bad[this.bad.length - 1] !== line) this.bad.push(line);
  }
}

/** Length of the prefix that does not end inside a UTF-8 sequence. */
function completeUpTo(data: Buffer): number {
  const n = data.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const b = data[n - k]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return k < need ? n - k : n;
    }
    return n;
  }
  return n;
}

function dropCrBeforeLf(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b === 13 && body[i + 1] === 10) continue;
    out[o++] = b;
  }
  return out.subarray(0, o);
}
