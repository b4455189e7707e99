// Appending to the journal (records.ts has the format).
//
// Durability: records are buffered (line-buffer.ts) and written with one write() per batch; the run flushes
// before submitting, so a 'sending' record is in the kernel before its PDU is on the wire, and a
// kill -9 loses nothing. fsync runs every second in the background (and at close), so a power
// cut loses at most about a second. A torn last line (crash mid-write) is ignored on reading and
// cut off before the next run appends.
import { closeSync, constants, fstatSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import { checkRegular, journalError } from './journal-file.js';
import { BatchLine } from './batch-line.js';
import { ascii, CLOSE, COMMA, LineBuffer } from './line-buffer.js';
import type { JournalEntry } from './records.js';
import { repairTail } from './repair-tail.js';
import { sanitizeArgv } from './sanitize-argv.js';

export interface JournalWriterOptions {
  fsyncIntervalMs?: number; // default 1000
  now?: () => Date; // for `t` when a record has none
  lock?: { release(): void; handOver(): void }; // released by close() (or at exit), after the last write
}

/** The fixed parts of the records of a line of their own written from templates, as bytes. */
const T = {
  unsent: ascii('{"ev":"unsent","key":'),
  unconfirmed: ascii('{"ev":"unconfirmed","key":'),
  part: ascii(',"part":'),
};

/** The default clock: read once per turn of the event loop (ms), its text made once per second (stamp). */
const wallClock = (): Date => new Date();

export class JournalWriter {
  private readonly out = new LineBuffer();
  private stampMs = NaN;
  private stampEnd: Uint8Array = new Uint8Array(0); // `,"t":"ISO"}` and the newline
  // Written to `out` (closeBatches) when the millisecond changes, before any record of a line of its own, and at flush.
  private readonly queuedBatch = new BatchLine('queued');
  private readonly sendingBatch = new BatchLine('sending');
  private readonly acceptedBatch = new BatchLine('accepted');
  private readonly receiptBatch = new BatchLine('receipt');
  private readonly batches = [this.queuedBatch, this.sendingBatch, this.acceptedBatch, this.receiptBatch]; // closing order
  private batchMs = NaN; // the millisecond of the open batches
  private turnMs = NaN; // the wall clock read in this turn of the event loop (NaN: not yet)
  private readonly turnEnded = () => {
    this.turnMs = NaN;
  };
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

  /** Buffers one record (in memory until flush), as a line of its own. A run record's argv loses any password. */
  append(record: JournalEntry): void {
    this.open();
    this.closeBatches();
    let r = record as Record<string, unknown>;
    if (r.ev === 'run') r = { ...r, argv: sanitizeArgv((r.argv as string[] | undefined) ?? []) };
    // Records are built for this call: stamp in place rather than copy.
    if (r.t === undefined) r.t = this.now().toISOString();
    this.out.utf8(JSON.stringify(r));
    this.out.raw('\n');
  }

  // The records of every message sent, written from templates (no object, no JSON.stringify
  // but of a string that needs escaping), most of them as entries of batch lines (records.ts).

  /** A 'queued' entry [K,TO,PARTS,REF,FROM,LINE] of this millisecond's batch (FROM and LINE null when there is none). */
  queued(key: string, to: string, parts: number, ref: number, from?: string, line?: number): void {
    const o = this.entry(this.queuedBatch);
    o.str(key);
    o.byte(COMMA);
    o.str(to);
    o.byte(COMMA);
    o.int(parts);
    o.byte(COMMA);
    o.int(ref);
    o.byte(COMMA);
    if (from) o.str(from);
    else o.raw('null');
    o.byte(COMMA);
    if (line) o.int(line);
    else o.raw('null');
    o.byte(CLOSE);
  }

  /** A 'sending' entry [K,I] of this millisecond's batch; 'unsent' and 'unconfirmed' (rare) as lines of their own: {"ev":EV,"key":K,"part":I,"t":ISO}. */
  part(ev: 'sending' | 'unsent' | 'unconfirmed', key: string, part: number): void {
    if (ev === 'sending') {
      const o = this.entry(this.sendingBatch);
      o.str(key);
      o.byte(COMMA);
      o.int(part);
      o.byte(CLOSE);
      return;
    }
    this.open();
    this.closeBatches();
    const o = this.out;
    o.put(T[ev]);
    o.str(key);
    o.put(T.part);
    o.int(part);
    this.stamp(this.ms());
    o.put(this.stampEnd);
  }

  /** An 'accepted' entry [K,I,ID] of this millisecond's batch. */
  accepted(key: string, part: number, id: string): void {
    const o = this.entry(this.acceptedBatch);
    o.str(key);
    o.byte(COMMA);
    o.int(part);
    o.byte(COMMA);
    o.str(id);
    o.byte(CLOSE);
  }

  /** A 'receipt' entry [K,I,ID,STATE] or [K,I,ID,STATE,ERR] (err when not empty) of this millisecond's batch. */
  receipt(key: string, part: number, id: string, state: string, err?: string): void {
    const o = this.entry(this.receiptBatch);
    o.str(key);
    o.byte(COMMA);
    o.int(part);
    o.byte(COMMA);
    o.str(id);
    o.byte(COMMA);
    o.str(state);
    if (err) {
      o.byte(COMMA);
      o.str(err);
    }
    o.byte(CLOSE);
  }

  private open(): void {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
  }

  /**
   * The millisecond a record made now is stamped with. The default clock is read once per turn
   * of the event loop (until the next microtask checkpoint): a bulk run makes hundreds of
   * records in one turn, and Date.now() cost more than the rest of a record. No Date is made.
   */
  private ms(): number {
    if (this.now !== wallClock) return this.now().getTime();
    if (this.turnMs !== this.turnMs) {
      this.turnMs = Date.now();
      queueMicrotask(this.turnEnded);
    }
    return this.turnMs;
  }

  /**
   * stampEnd for millisecond `ms`: `,"t":"ISO"}` and the newline. Made once per second; within
   * the second only its three digits of milliseconds change (the stamp is copied where it is put).
   */
  private stamp(ms: number): void {
    if (ms === this.stampMs) return;
    const sameSecond = Math.floor(ms / 1000) === Math.floor(this.stampMs / 1000);
    this.stampMs = ms;
    if (!sameSecond) {
      this.stampEnd = ascii(`,"t":"${new Date(ms).toISOString()}"}\n`);
      return;
    }
    const e = this.stampEnd; // ...SS.mmmZ"}\n
    const m = ((ms % 1000) + 1000) % 1000;
    e[e.length - 7] = 48 + Math.floor(m / 100);
    e[e.length - 6] = 48 + (Math.floor(m / 10) % 10);
    e[e.length - 5] = 48 + (m % 10);
  }

  /** An entry of `batch` begun; the batches are closed first when the millisecond changed. */
  private entry(batch: BatchLine): LineBuffer {
    this.open();
    const ms = this.ms();
    if (ms !== this.batchMs) {
      this.closeBatches();
      this.batchMs = ms;
    }
    return batch.entry();
  }

  /**
   * Writes the open batches to `out` as lines, stamped with their millisecond, in the order a
   * message's records are made: 'queued', 'sending', 'accepted', 'receipt'. (A part's 'sending'
   * and its outcome are never in one flush: the PDU goes out only after the flush. Records of a
   * line of their own close the batches first.)
   */
  private closeBatches(): void {
    for (const b of this.batches) {
      if (b.entries === 0) continue;
      this.stamp(this.batchMs);
      b.out.byte(CLOSE);
      b.out.put(this.stampEnd);
      this.out.put(b.out.view());
      b.out.clear();
      b.entries = 0;
    }
  }

  /** Writes what is buffered with one write(): in the kernel, safe from a crash of this process. */
  flush(): void {
    if (this.closed) return;
    this.closeBatches();
    if (this.out.length === 0) return;
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
