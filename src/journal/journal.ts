// The journal (--journal FILE): an append-only record of a run, so that a rerun sends only what
// is left and `smpp-send report FILE` can tell what happened.
//
// Format: JSON Lines (UTF-8), one object per line, appended by every run and resume:
//
//   {"v":1,"ev":"run","t":ISO,"argv":[...],"pid":N,"job":{...}} a run or resume starts (argv without --password;
//                                                                job: what identifies the job, see job.ts)
//   {"ev":"queued","key":K,"to":S,"from":S?,"line":N?,"parts":N,"ref":R,"t":ISO}
//                                                                a message, before its first part is submitted
//   {"ev":"sending","key":K,"part":I,"t":ISO}                   written to the OS BEFORE part I goes on the wire
//   {"ev":"accepted","key":K,"part":I,"id":S,"t":ISO}           submit_sm_resp OK, with the SMSC's message_id
//   {"ev":"rejected","key":K,"part":I,"status":N,"name":S,"reason":S?,"t":ISO}   permanent error
//   {"ev":"unconfirmed","key":K,"part":I,"t":ISO}               no reply (link lost, timeout), not resent
//   {"ev":"unsent","key":K,"part":I,"t":ISO}                    the copy of part I announced by the last
//                                                                'sending' did not get through (never written, or
//                                                                refused with a temporary status): to be sent again
//   {"ev":"skipped","key":K?,"line":N?,"to":S?,"reason":S,"dup":true?,"t":ISO}  a bad input row, or a duplicate (dup)
//   {"ev":"receipt","key":K,"part":I,"id":S,"state":S,"err":S?,"t":ISO}          a delivery receipt
//   {"ev":"end","t":ISO,"summary":{...}}                         the run finished (absent after a crash)
//
// K is the message key from the source: 16 hex digits of hash64(to \0 from \0 text-or-hex) (dedupe.ts), '#',
// and the occurrence of that same message in the input (1 unless --allow-duplicates). I is the
// part index, from 0. R is the concatenation reference, reused when parts are resent. Fields
// may be added; readers ignore what they do not know.
//
// Durability: records are buffered and written with one write() per batch; the run flushes
// before submitting, so a 'sending' line is in the kernel before its PDU is on the wire, and a
// kill -9 loses nothing. fsync runs every second in the background (and at close), so a power
// cut loses at most about a second. A torn last line (crash mid-write) is ignored on reading and
// cut off before the next run appends.
//
// Resume: a message whose parts were all accepted or rejected is not sent again. A part whose
// last word is 'sending' (the run died before any reply) counts as unconfirmed: resent, unless
// --at-most-once. Messages never queued are sent.
import { closeSync, constants, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, readSync, writeSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { MASK, UsageError } from '../errors.js';
import { JournalError } from './journal-error.js';
import { LineReader } from '../input/lines.js';
import { JournalState, type JournalStateOptions, type ResumeState } from './resume.js';

export type { MessageResume, PartResume, PartState, ReceiptOutcome, ResumeState } from './resume.js';

export interface RunRecord { v: number; ev: 'run'; t: string; argv: string[]; pid: number; job?: Record<string, string>; allowJobChange?: true; acceptd?: 'intermediate' }
export interface QueuedRecord { ev: 'queued'; key: string; to: string; from?: string; line?: number; parts: number; ref: number; t: string }
export interface SendingRecord { ev: 'sending'; key: string; part: number; t: string }
export interface AcceptedRecord { ev: 'accepted'; key: string; part: number; id: string; t: string }
export interface RejectedRecord { ev: 'rejected'; key: string; part: number; status: number; name: string; reason?: string; t: string }
export interface UnconfirmedRecord { ev: 'unconfirmed'; key: string; part: number; t: string }
export interface UnsentRecord { ev: 'unsent'; key: string; part: number; t: string }
export interface SkippedRecord { ev: 'skipped'; key?: string; line?: number; to?: string; reason: string; dup?: true; t: string }
export interface ReceiptRecord { ev: 'receipt'; key: string; part: number; id: string; state: string; err?: string; t: string }
export interface EndRecord { ev: 'end'; t: string; summary: Record<string, unknown> }

export type JournalRecord =
  | RunRecord | QueuedRecord | SendingRecord | AcceptedRecord | RejectedRecord
  | UnconfirmedRecord | UnsentRecord | SkippedRecord | ReceiptRecord | EndRecord;

/** What append() takes: a record whose `t` may be left out (then it is now). */
export type JournalEntry = JournalRecord extends infer R ? (R extends { t: string } ? Omit<R, 't'> & { t?: string } : never) : never;

export const JOURNAL_VERSION = 1;

export interface JournalWriterOptions {
  fsyncIntervalMs?: number; // default 1000
  now?: () => Date; // for `t` when a record has none
  lock?: { release(): void; handOver(): void }; // released by close() (or at exit), after the last write
}

export class JournalWriter {
  private buffer: string[] = [];
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
    return new JournalWriter(path, fd, opts.now ?? (() => new Date()), opts.fsyncIntervalMs ?? 1000, opts.lock);
  }

  /** Buffers one record (in memory until flush). A run record's argv loses any password. */
  append(record: JournalEntry): void {
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
    let r = record as Record<string, unknown>;
    if (r.ev === 'run') r = { ...r, argv: sanitizeArgv((r.argv as string[] | undefined) ?? []) };
    // Records are built for this call: stamp in place rather than copy (it runs per part sent).
    if (r.t === undefined) r.t = this.now().toISOString();
    this.buffer.push(`${JSON.stringify(r)}\n`);
  }

  /** Writes what is buffered with one write(): in the kernel, safe from a crash of this process. */
  flush(): void {
    if (this.buffer.length === 0 || this.closed) return;
    const data = Buffer.from(this.buffer.join(''));
    this.buffer = [];
    try {
      for (let off = 0; off < data.length; ) off += writeSync(this.fd, data, off);
    } catch (err) {
      throw journalError(err, this.path, 'write');
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

/** A device (/dev/full, /dev/zero), FIFO, socket or directory is not a journal: reading it may never end. */
export function checkRegular(st: Stats, path: string): void {
  if (st.isFile()) return;
  const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  throw new JournalError(`--journal ${path}: is ${kind}, not a regular file`, 'give --journal the path of a file (it is created if missing)');
}

/** What a run writes first, when a kill cut even that line short: an empty journal, not a foreign file. */
const TORN_RUN = /^\{"ev":"run"/;

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

const SECRET_FLAG = /pass(word)?|secret|token/i;

/** argv fit for the journal: --password (and any secret-looking flag) dropped with its value. */
export function sanitizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^--?([^=]+)(=.*)?$/s.exec(arg);
    if (flag && SECRET_FLAG.test(flag[1]!)) {
      if (flag[2] === undefined) i++; // the value is the next argument
      continue;
    }
    out.push(arg.replace(/(\w+:\/\/[^:/@\s]*):[^@/\s]*@/g, `$1:${MASK}@`)); // credentials in a URL
  }
  return out;
}

function journalError(err: unknown, path: string, what: 'open' | 'write' | 'read'): Error {
  if (err instanceof UsageError || err instanceof JournalError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code) return err as Error;
  if (code === 'ENOENT' && what === 'read') {
    return new UsageError(`journal ${path}: no such file`, 'check the path: it is the file a run wrote with --journal', { cause: err });
  }
  const why =
    code === 'ENOENT' ? 'its folder does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ENOSPC' ? 'disk full'
    : code === 'EFBIG' ? 'file too large'
    : code === 'EDQUOT' ? 'disk quota exceeded'
    : code;
  return new JournalError(`--journal ${path}: cannot ${what} (${why})`, 'check the path and its permissions, or choose another --journal file', { cause: err });
}

function notAJournal(path: string, line: number, text: string): JournalError {
  const shown = text.length > 60 ? `${text.slice(0, 60)}...` : text;
  return new JournalError(
    `--journal ${path}:${line}: not a journal record: ${JSON.stringify(shown)}`,
    'the file is damaged or not an smpp-send journal; move it away to start a fresh journal',
  );
}

function parseRecord(line: string): JournalRecord | undefined {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof r !== 'object' || r === null || Array.isArray(r) || typeof (r as { ev?: unknown }).ev !== 'string') return undefined;
  return r as JournalRecord;
}

/**
 * The journal's records in batches (never empty), null at the end. A bad line that is the last
 * one is a torn write and ignored; anywhere else it is a UsageError naming the line.
 */
export class JournalReader {
  private held: { n: number; line: string } | undefined; // a bad line, fatal only if more follow
  private records = 0;

  private constructor(private readonly path: string, private readonly lines: LineReader) {}

  static async open(path: string): Promise<JournalReader> {
    let handle;
    try {
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
      checkRegular(await handle.stat(), path);
      return new JournalReader(path, new LineReader(handle.createReadStream()));
    } catch (err) {
      await handle?.close();
      throw journalError(err, path, 'read');
    }
  }

  async pull(): Promise<JournalRecord[] | null> {
    for (;;) {
      let lines;
      try {
        lines = await this.lines.pull();
      } catch (err) {
        throw journalError(err, this.path, 'read');
      }
      if (!lines) {
        // A lone bad line is a foreign file (notes.txt), not a journal torn on its first write.
        if (this.held && this.records === 0 && !TORN_RUN.test(this.held.line)) throw this.badLine();
        return null;
      }
      const out: JournalRecord[] = [];
      for (const l of lines) {
        const text = l.bytes.toString('utf8');
        if (text.trim() === '') continue;
        if (this.held) throw this.badLine();
        const r = l.tooLong ? undefined : parseRecord(text);
        if (r === undefined) {
          this.held = { n: l.n, line: text };
          continue;
        }
        if (r.ev === 'run' && typeof r.v === 'number' && r.v > JOURNAL_VERSION) {
          throw new JournalError(
            `--journal ${this.path}:${l.n}: written by a newer smpp-send (journal version ${r.v})`,
            'upgrade smpp-send, or use another --journal file',
          );
        }
        out.push(r);
      }
      this.records += out.length;
      if (out.length > 0) return out;
    }
  }

  close(): Promise<void> {
    return this.lines.close();
  }

  private badLine(): JournalError {
    return notAJournal(this.path, this.held!.n, this.held!.line);
  }
}

/** Every record, streaming; see JournalReader for torn and bad lines. */
export function readJournal(path: string): AsyncIterable<JournalRecord> {
  return {
    async *[Symbol.asyncIterator]() {
      const reader = await JournalReader.open(path);
      try {
        for (let batch = await reader.pull(); batch; batch = await reader.pull()) yield* batch;
      } finally {
        await reader.close();
      }
    },
  };
}

/** What earlier runs did, for a resume. A journal that does not exist yet is an empty state. */
export async function loadResumeState(path: string, opts: JournalStateOptions = {}): Promise<ResumeState> {
  try {
    return await loadJournalState(path, opts);
  } catch (err) {
    if ((err as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOENT') return new JournalState(opts);
    throw err;
  }
}

/** The full state (with run and end counts), streaming; the journal must exist. */
export async function loadJournalState(path: string, opts: JournalStateOptions = {}): Promise<JournalState> {
  const state = new JournalState(opts);
  const reader = await JournalReader.open(path);
  try {
    for (let batch = await reader.pull(); batch; batch = await reader.pull()) for (const r of batch) state.apply(r);
  } finally {
    await reader.close();
  }
  return state;
}
