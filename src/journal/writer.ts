// Appending to the journal (records.ts has the format).
//
// Durability: records are buffered (line-buffer.ts) and written with one write() per batch; the run flushes
// before submitting, so a 'sending' line is in the kernel before its PDU is on the wire, and a
// kill -9 loses nothing. fsync runs every second in the background (and at close), so a power
// cut loses at most about a second. A torn last line (crash mid-write) is ignored on reading and
// cut off before the next run appends.
import { closeSync, constants, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkRegular, journalError, notAJournal } from './journal-file.js';
import { ascii, LineBuffer } from './line-buffer.js';
import { parseRecord, TORN_RUN, type JournalEntry } from './records.js';
import { sanitizeArgv } from './sanitize-argv.js';

export interface JournalWriterOptions {
  fsyncIntervalMs?: number; // default 1000
  now?: () => Date; // for `t` when a record has none
  lock?: { release(): void; handOver(): void }; // released by close() (or at exit), after the last write
}

/** The fixed parts of the records written from templates, as bytes. */
const T = {
  queued: ascii('{"ev":"queued","key":'),
  sending: ascii('{"ev":"sending","key":'),
  accepted: ascii('{"ev":"accepted","key":'),
  receipt: ascii('{"ev":"receipt","key":'),
  unsent: ascii('{"ev":"unsent","key":'),
  unconfirmed: ascii('{"ev":"unconfirmed","key":'),
  to: ascii(',"to":'),
  parts: ascii(',"parts":'),
  ref: ascii(',"ref":'),
  from: ascii(',"from":'),
  line: ascii(',"line":'),
  part: ascii(',"part":'),
  id: ascii(',"id":'),
  state: ascii(',"state":'),
  err: ascii(',"err":'),
};

/** The default clock; with it, `t` is made once per millisecond (see end). */
const wallClock = (): Date => new Date();

export class JournalWriter {
  private readonly out = new LineBuffer();
  private stampMs = NaN;
  private stampEnd: Uint8Array = new Uint8Array(0); // `,"t":"ISO"}` and the newline
  private dirty = false; // written since the last fsync
  private syncing: Promise<void> | undefined;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onExit = () => {
    try {
      this.flush();
    } finally {
      this.lock?.release();
    }
  };

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly now: () => Date,
    fsyncIntervalMs: number,
    private readonly lock?: { release(): void; handOver(): void },
  ) {
    this.timer = setInterval(() => this.background(), fsyncIntervalMs);
    this.timer.unref();
    // process.exit() from a second Ctrl-C: keep what is buffered, then let the next run in.
    lock?.handOver();
    process.on('exit', this.onExit);
  }

  /**
   * Opens for appending (creating it with mode 0600). Refuses what is not a regular file or holds
   * no journal record; cuts off a torn last line that follows valid records.
   */
  static async open(path: string, opts: JournalWriterOptions = {}): Promise<JournalWriter> {
    let fd: number | undefined;
    try {
      // O_NONBLOCK: a FIFO must not block the open; it is refused just below.
      fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o600);
      checkRegular(fstatSync(fd), path);
      repairTail(fd, path);
    } catch (err) {
      if (fd !== undefined) closeSync(fd);
      throw journalError(err, path, 'open');
    }
    return new JournalWriter(path, fd, opts.now ?? wallClock, opts.fsyncIntervalMs ?? 1000, opts.lock);
  }

  /** Buffers one record (in memory until flush). A run record's argv loses any password. */
  append(record: JournalEntry): void {
    this.open();
    let r = record as Record<string, unknown>;
    if (r.ev === 'run') r = { ...r, argv: sanitizeArgv((r.argv as string[] | undefined) ?? []) };
    // Records are built for this call: stamp in place rather than copy.
    if (r.t === undefined) r.t = this.now().toISOString();
    this.out.utf8(JSON.stringify(r));
    this.out.raw('\n');
  }

  // The records of every message sent, written from templates (no object, no JSON.stringify
  // but of a string that needs escaping): the same bytes as append() makes of them, t last.

  /** {"ev":"queued","key":K,"to":S,"parts":N,"ref":R,"from":S?,"line":N?,"t":ISO} */
  queued(key: string, to: string, parts: number, ref: number, from?: string, line?: number): void {
    this.open();
    const o = this.out;
    o.put(T.queued);
    o.str(key);
    o.put(T.to);
    o.str(to);
    o.put(T.parts);
    o.int(parts);
    o.put(T.ref);
    o.int(ref);
    if (from) {
      o.put(T.from);
      o.str(from);
    }
    if (line) {
      o.put(T.line);
      o.int(line);
    }
    this.end();
  }

  /** {"ev":EV,"key":K,"part":I,"t":ISO} for 'sending', 'unsent' and 'unconfirmed'. */
  part(ev: 'sending' | 'unsent' | 'unconfirmed', key: string, part: number): void {
    this.open();
    this.partHead(T[ev], key, part);
    this.end();
  }

  /** {"ev":"accepted","key":K,"part":I,"id":S,"t":ISO} */
  accepted(key: string, part: number, id: string): void {
    this.open();
    this.partHead(T.accepted, key, part);
    this.out.put(T.id);
    this.out.str(id);
    this.end();
  }

  /** {"ev":"receipt","key":K,"part":I,"id":S,"state":S,"err":S?,"t":ISO} (err when not empty) */
  receipt(key: string, part: number, id: string, state: string, err?: string): void {
    this.open();
    const o = this.out;
    this.partHead(T.receipt, key, part);
    o.put(T.id);
    o.str(id);
    o.put(T.state);
    o.str(state);
    if (err) {
      o.put(T.err);
      o.str(err);
    }
    this.end();
  }

  private open(): void {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
  }

  private partHead(head: Uint8Array, key: string, part: number): void {
    const o = this.out;
    o.put(head);
    o.str(key);
    o.put(T.part);
    o.int(part);
  }

  /** `t` and the end of the line. With the default clock made once per millisecond (a bulk run writes thousands a second). */
  private end(): void {
    if (this.now !== wallClock) return this.out.utf8(`,"t":${JSON.stringify(this.now().toISOString())}}\n`);
    const ms = Date.now();
    if (ms !== this.stampMs) {
      this.stampMs = ms;
      this.stampEnd = ascii(`,"t":"${new Date(ms).toISOString()}"}\n`);
    }
    this.out.put(this.stampEnd);
  }

  /** Writes what is buffered with one write(): in the kernel, safe from a crash of this process. */
  flush(): void {
    if (this.out.length === 0 || this.closed) return;
    const data = this.out.view();
    try {
      // A short write (rare) goes on from where it stopped.
      for (let off = 0; off < data.length; ) off += writeSync(this.fd, data, off, data.length - off);
    } catch (err) {
      throw journalError(err, this.path, 'write');
    } finally {
      this.out.clear(); // written, or gone with the failed write (the run stops: ledger.ts)
    }
    this.dirty = true;
  }

  /** Flush, fsync, close. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    this.flush();
    this.closed = true;
    process.off('exit', this.onExit);
    await this.syncing;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.lock?.release();
    }
  }

  private background(): void {
    try {
      this.flush();
    } catch {
      return; // reported by the next flush() the run makes itself
    }
    if (!this.dirty || this.syncing) return;
    this.dirty = false;
    this.syncing = new Promise((resolve) =>
      fsync(this.fd, () => {
        this.syncing = undefined;
        resolve();
      }),
    );
  }
}

/**
 * Refuses a file whose first line is not a journal record (notes.txt is not a journal, and must
 * not be "repaired" to nothing). Then drops a torn last line (no newline, not JSON) after valid
 * records, and ends a complete one without newline.
 */
function repairTail(fd: number, path: string): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const head = Buffer.alloc(Math.min(size, 1024 * 1024)); // a run record's argv can be long
  readSync(fd, head, 0, head.length, 0);
  const firstNl = head.indexOf(10);
  const first = head.subarray(0, firstNl === -1 ? head.length : firstNl).toString('utf8');
  if (parseRecord(first) === undefined) {
    if (firstNl === -1 && size === head.length && TORN_RUN.test(first)) return ftruncateSync(fd, 0);
    throw notAJournal(path, 1, first);
  }
  const one = Buffer.alloc(1);
  readSync(fd, one, 0, 1, size - 1);
  if (one[0] === 10) return;
  // Find the start of the last line, reading backwards.
  const chunk = Buffer.alloc(64 * 1024);
  let start = 0;
  for (let end = size; end > 0 && start === 0; ) {
    const from = Math.max(0, end - chunk.length);
    const n = readSync(fd, chunk, 0, end - from, from);
    const nl = chunk.subarray(0, n).lastIndexOf(10);
    if (nl !== -1) start = from + nl + 1;
    end = from;
  }
  const tail = Buffer.alloc(size - start);
  readSync(fd, tail, 0, tail.length, start);
  if (parseRecord(tail.toString('utf8')) !== undefined) writeSync(fd, '\n');
  else ftruncateSync(fd, start);
}
