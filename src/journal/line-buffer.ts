// The journal's bytes before they are written: records serialised straight into one Buffer,
// reused from flush to flush, so the records a bulk run writes for every message (four a
// message) make no objects, no JSON text and no joined string for the garbage collector.
//
// What goes in is byte for byte what JSON.stringify makes of the same record
// (test/journal/line-buffer.test.ts): a string that needs no escaping (printable ASCII without
// '"' or '\') is copied as it is; any other goes through JSON.stringify, that string alone.

/** The bytes of ASCII text, for put(). */
export function ascii(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

/** The records' punctuation, for byte(). */
export const COMMA = 44; // ,
export const OPEN = 91; // [
export const CLOSE = 93; // ]

/** The buffer's first size, and the most it keeps once flushed. */
const FIRST = 64 * 1024;
const KEEP = 1024 * 1024;

/** Room for a record's fixed parts and numbers; strings make room for themselves. */
const SLACK = 64;

export class LineBuffer {
  private bytes = Buffer.allocUnsafe(FIRST);
  private at = 0;

  get length(): number {
    return this.at;
  }

  /** What is buffered; valid until the next write into this buffer. */
  view(): Buffer {
    return this.bytes.subarray(0, this.at);
  }

  /** Empties it; a buffer grown past KEEP (a burst between two flushes) is given back. */
  clear(): void {
    this.at = 0;
    if (this.bytes.length > KEEP) this.bytes = Buffer.allocUnsafe(FIRST);
  }

  /** Bytes it holds room for (grows as needed). */
  get capacity(): number {
    return this.bytes.length;
  }

  /** Bytes as they are (a record's fixed parts, made once with ascii()): one copy, no loop. */
  put(bytes: Uint8Array): void {
    if (this.at + bytes.length + SLACK > this.bytes.length) this.grow(bytes.length + SLACK);
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** One byte of the records' punctuation (COMMA, OPEN, CLOSE). */
  byte(c: number): void {
    if (this.at + SLACK > this.bytes.length) this.grow(SLACK);
    this.bytes[this.at++] = c;
  }

  /** Text known to be printable ASCII without '"' or '\' (the records' fixed parts), as is. */
  raw(s: string): void {
    const n = s.length;
    if (this.at + n + SLACK > this.bytes.length) this.grow(n + SLACK);
    const b = this.bytes;
    let at = this.at;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** A JSON string: s in quotes, escaped as JSON.stringify escapes it. */
  str(s: string): void {
    const n = s.length;
    if (this.at + n + SLACK > this.bytes.length) this.grow(n + SLACK);
    const b = this.bytes;
    let at = this.at;
    b[at++] = 34; // "
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c > 126 || c === 34 || c === 92) return this.utf8(JSON.stringify(s));
      b[at++] = c;
    }
    b[at++] = 34;
    this.at = at;
  }

  /** A JSON number: digits for a safe integer (the records' numbers), else as JSON.stringify writes it. */
  int(n: number): void {
    if (!Number.isSafeInteger(n)) return this.utf8(String(JSON.stringify(n)));
    if (this.at + SLACK > this.bytes.length) this.grow(SLACK); // SLACK holds 17 characters
    const b = this.bytes;
    if (n >= 0 && n < 10) {
      b[this.at++] = 48 + n; // a part index, a count of parts
      return;
    }
    if (n < 0) {
      b[this.at++] = 45; // -
      n = -n;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let at = (this.at += digits);
    do {
      b[--at] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** Any text, as UTF-8 (a record from JSON.stringify, an escaped string). */
  utf8(s: string): void {
    const n = Buffer.byteLength(s);
    if (this.at + n + SLACK > this.bytes.length) this.grow(n + SLACK);
    this.at += this.bytes.write(s, this.at, 'utf8');
  }

  private grow(need: number): void {
    let size = this.bytes.length * 2;
    while (size < this.at + need) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.bytes.copy(bigger, 0, 0, this.at);
    this.bytes = bigger;
  }
}
