// Where messages come from: --to flags, --to-file (one recipient a line), --batch (CSV with a
// header row, or JSON Lines), each row filled into the --text template. Everything streams: the
// consumer pulls one item at a time and a file is read only as fast as it is sent.
//
// Whole-input problems (missing file, no recipient column, a template field no column provides)
// throw a UsageError on the first pull, before anything is sent. Bad rows come out as 'skipped'
// items with their line number; a row repeating an earlier one's recipient, sender and text
// comes out as a 'duplicate' item (or, with allowDuplicates, as a message whose key carries the
// occurrence). Only a CSV quoting error (csv-parse cannot resync after one) ends the input early,
// with a UsageError naming the line.
//
// Without --batch, --text is sent as written (braces included); with --batch it is a template.
// A 'text' column in a row overrides the template for that row (an empty cell keeps the
// template); a 'from' column overrides the sender. The recipient column is --to-column. CSV
// column names match regardless of case (To, TO) when no column has the exact name.
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { CsvFile } from './csv.js';
import { delimiterName } from '../input/csv-delimiter.js';
import { Dedupe, messageHash, messageKey } from './dedupe.js';
import { LineReader, MAX_LINE_BYTES, splitLines, utf8Text, type RawLine } from '../input/lines.js';
import { compileTemplate, type Template } from './template.js';
import { jsonSyntaxProblem } from '../config/json-syntax.js';

export interface OutgoingMessage {
  key: string; // `<16 hex of hash64(to \0 from \0 text-or-hex)>#<occurrence>`
  to: string; // recipient as given (trimmed)
  from?: string; // per-row sender overriding the settings
  text?: string; // final text; undefined when --hex is used
  line?: number; // 1-based line in the source file (CSV header = line 1); none for --to flags
  source: string; // 'flags' | file path | 'stdin'
}

export interface SkippedRow {
  line?: number; // none for --to flags
  source: string;
  reason: string;
  to?: string;
  key?: string; // when the row made a message (validate refused it, or a duplicate)
}

export interface SourceOptions {
  to: string[];
  toFile?: string;
  batch?: string;
  batchFormat?: 'csv' | 'jsonl';
  toColumn: string;
  delimiter?: string; // CSV separator; detected from the header row when absent
  text?: string; // the template or literal text; '-' reads all of stdin as the text
  hex?: string;
  allowDuplicates: boolean;
  stdin: NodeJS.ReadableStream;
  /** A reason to skip the message (bad address, too many parts...), or undefined to send it. */
  validate?: (msg: OutgoingMessage) => string | undefined;
}

export type SourceItem =
  | { kind: 'message'; message: OutgoingMessage }
  | { kind: 'skipped'; row: SkippedRow }
  | { kind: 'duplicate'; row: SkippedRow };

export function openSource(opts: SourceOptions): AsyncIterable<SourceItem> {
  return { [Symbol.asyncIterator]: () => new SourceIterator(opts) };
}

interface Row {
  to: string | undefined;
  from?: string | undefined;
  text?: string | undefined;
  line?: number;
  source: string;
}

/** One input, read in batches: the items of the next chunk (maybe none), or null at its end. */
interface Stage {
  pull(): Promise<SourceItem[] | null>;
  close(): Promise<void>;
}

/**
 * Hands out items one by one from batches, so a row costs a resolved promise rather than a trip
 * through nested async generators (which cost more than parsing the row).
 */
class SourceIterator implements AsyncIterator<SourceItem> {
  private stages: Stage[] | undefined;
  private stage = 0;
  private batch: SourceItem[] = [];
  private i = 0;
  private done = false;

  constructor(private readonly opts: SourceOptions) {}

  next(): Promise<IteratorResult<SourceItem>> {
    if (this.i < this.batch.length) return Promise.resolve({ value: this.batch[this.i++]!, done: false });
    return this.fill();
  }

  async return(): Promise<IteratorResult<SourceItem>> {
    await this.close();
    return { value: undefined, done: true };
  }

  private async fill(): Promise<IteratorResult<SourceItem>> {
    try {
      this.stages ??= await prepare(this.opts);
      while (!this.done && this.stage < this.stages.length) {
        const items = await this.stages[this.stage]!.pull();
        if (items === null) this.stage++;
        else if (items.length > 0) {
          this.batch = items;
          this.i = 1;
          return { value: items[0]!, done: false };
        }
      }
    } catch (err) {
      await this.close();
      throw err;
    }
    await this.close();
    return { value: undefined, done: true };
  }

  private async close(): Promise<void> {
    this.done = true;
    this.batch = [];
    this.i = 0;
    for (const s of this.stages ?? []) await s.close();
  }
}

/** Everything that can fail for the whole input happens here, before the first item. */
async function prepare(opts: SourceOptions): Promise<Stage[]> {
  checkStdinUse(opts);
  if (opts.text !== undefined && opts.hex !== undefined) {
    throw new UsageError('--text and --hex were both given', 'send either a text or binary bytes, not both');
  }
  const textArg = opts.text === '-' ? await readStdinText(opts.stdin) : opts.text;
  const template = opts.batch !== undefined && textArg !== undefined ? compileTemplate(textArg) : undefined;
  let plainText = textArg;
  if (template) {
    if (template.fields.length > 0 && (opts.to.length > 0 || opts.toFile !== undefined)) {
      throw new UsageError(
        `--text uses ${template.fields.map((f) => `{${f}}`).join(', ')}, which recipients from --to or --to-file do not have`,
        'send those recipients in a separate run, or add them as rows of the --batch file',
      );
    }
    plainText = template.render(() => '');
  }
  if (opts.batch === undefined && plainText === undefined && opts.hex === undefined) {
    throw new UsageError('no message text', 'give --text "...", --text - to read it from standard input, or --hex');
  }

  const rows = new RowMaker(opts); // one for all inputs: duplicates are found across them
  const stages: Stage[] = [];
  try {
    const flags = opts.to.filter((t) => t.trim() !== '').map((to) => rows.make({ to, text: plainText, source: 'flags' }));
    stages.push({ pull: async () => (flags.length > 0 ? flags.splice(0) : null), close: async () => {} });
    // Open every input now, so a missing file stops the run before anything is sent.
    if (opts.toFile !== undefined) stages.push(toFileStage(await openInput(opts.toFile, opts.stdin, '--to-file'), rows, plainText));
    if (opts.batch !== undefined) stages.push(await batchStage(opts, template, rows));
  } catch (err) {
    for (const s of stages) await s.close();
    throw err;
  }
  return stages;
}

function toFileStage(input: Input, rows: RowMaker, text: string | undefined): Stage {
  return lineStage(input, '--to-file', (l) => {
    const row = { line: l.n, source: input.name };
    if (l.tooLong) return skipped(row, undefined, `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
    const line = utf8Text(l.bytes, l.n === 1);
    if (line === undefined) return skipped(row, undefined, 'not valid UTF-8');
    const to = line.trim();
    return to !== '' && !to.startsWith('#') ? rows.make({ line: l.n, source: input.name, to, text }) : undefined;
  });
}

/** A stage reading a file line by line (--to-file, JSON Lines): each line gives one item or none. */
function lineStage(input: Input, flag: string, itemOf: (line: RawLine) => SourceItem | undefined): Stage {
  const reader = new LineReader(input.stream);
  return {
    async pull() {
      let lines;
      try {
        lines = await reader.pull();
      } catch (err) {
        throw readError(err, input.name, flag);
      }
      if (!lines) return null;
      const out: SourceItem[] = [];
      for (const l of lines) {
        const item = itemOf(l);
        if (item) out.push(item);
      }
      return out;
    },
    close: () => reader.close(),
  };
}

/** Turns a row into a message, a skipped row or a duplicate. */
class RowMaker {
  private readonly dedupe = new Dedupe();
  private readonly hex?: string;

  constructor(private readonly opts: SourceOptions) {
    if (opts.hex !== undefined) this.hex = opts.hex.toLowerCase();
  }

  make(row: Row): SourceItem {
    // Hot path (once per row): plain object literals, no spreads.
    const to = row.to === undefined ? '' : row.to.trim();
    if (to === '') return skipped(row, undefined, 'no recipient');
    const from = row.from === undefined ? undefined : row.from.trim() || undefined;
    const text = this.hex === undefined ? row.text : undefined;
    if (this.hex === undefined) {
      if (text === undefined || text.trim() === '') return skipped(row, to, 'empty text');
      const nul = text.indexOf('\0');
      if (nul !== -1) return skipped(row, to, `text has a NUL character at position ${nul + 1}`);
    }
    if (to.includes('\0') || from?.includes('\0')) return skipped(row, to, 'recipient or sender has a NUL character');
    const h = messageHash(to, from ?? '', this.hex ?? text!);
    const occurrence = this.dedupe.peek(h);
    const message: OutgoingMessage = { key: messageKey(h, occurrence), to, source: row.source };
    if (from !== undefined) message.from = from;
    if (text !== undefined) message.text = text;
    if (row.line !== undefined) message.line = row.line;
    const refused = this.opts.validate?.(message);
    if (refused !== undefined) return skipped(row, to, refused, message.key);
    this.dedupe.see(h);
    if (occurrence > 1 && !this.opts.allowDuplicates) {
      const reason = row.source === 'flags'
        ? `recipient ${to} given twice: sent once (--allow-duplicates sends it again)`
        : 'same recipient and text as an earlier row (--allow-duplicates sends it again)';
      return { kind: 'duplicate', row: skippedRow(row, to, reason, message.key) };
    }
    return { kind: 'message', message };
  }
}

function skippedRow(where: { line?: number; source: string }, to: string | undefined, reason: string, key?: string): SkippedRow {
  const row: SkippedRow = { source: where.source, reason };
  if (where.line !== undefined) row.line = where.line;
  if (to !== undefined) row.to = to;
  if (key !== undefined) row.key = key;
  return row;
}

function skipped(where: { line?: number; source: string }, to: string | undefined, reason: string, key?: string): SourceItem {
  return { kind: 'skipped', row: skippedRow(where, to, reason, key) };
}

// ---- inputs -----------------------------------------------------------------------------

interface Input {
  name: string; // path as given, or 'stdin'
  stream: NodeJS.ReadableStream;
}

function checkStdinUse(opts: SourceOptions): void {
  const users = [
    opts.text === '-' ? '--text -' : undefined,
    opts.toFile === '-' ? '--to-file -' : undefined,
    opts.batch === '-' ? '--batch -' : undefined,
  ].filter((u) => u !== undefined);
  if (users.length > 1) {
    throw new UsageError(`${users.join(' and ')} both read standard input`, 'read at most one of them from standard input, the others from files');
  }
}

async function openInput(path: string, stdin: NodeJS.ReadableStream, flag: string): Promise<Input> {
  if (path === '-') return { name: 'stdin', stream: stdin };
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    }
    return { name: path, stream: handle.createReadStream() };
  } catch (err) {
    throw readError(err, path, flag);
  }
}

function readError(err: unknown, path: string, flag: string): Error {
  if (err instanceof UsageError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const what =
    code === 'ENOENT' ? 'file not found'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory, not a file'
    : code ? `cannot be read (${code})`
    : undefined;
  if (!what) return err as Error;
  return new UsageError(`${flag} ${path}: ${what}`, 'check the path, or use - to read standard input', { cause: err });
}

const MAX_STDIN_TEXT = MAX_LINE_BYTES;

/** --text -: all of standard input as UTF-8, minus one trailing newline. */
async function readStdinText(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += b.length;
    if (length > MAX_STDIN_TEXT) {
      throw new UsageError(`--text -: standard input holds more than ${MAX_STDIN_TEXT / 1024 / 1024} MiB`, 'an SMS text is at most a few KB; check what is piped in');
    }
    chunks.push(b);
  }
  const bytes = Buffer.concat(chunks);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    for await (const l of splitLines([bytes])) if (utf8Text(l.bytes, l.n === 1) === undefined) { line = l.n; break; }
    throw new UsageError(`--text -: standard input line ${line} is not valid UTF-8`, 'convert the text to UTF-8 (e.g. iconv -f latin1 -t utf-8)');
  }
  text = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (text === '') {
    throw new UsageError(
      'no message text: standard input was empty (without --text, or with --text -, the text is read from it)',
      'pipe the message text in, or give --text "..."',
    );
  }
  return text;
}

// ---- --batch ----------------------------------------------------------------------------

async function batchStage(opts: SourceOptions, template: Template | undefined, rows: RowMaker): Promise<Stage> {
  const path = opts.batch!;
  const format = opts.batchFormat ?? (/\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : 'csv');
  const input = await openInput(path, opts.stdin, '--batch');
  return format === 'jsonl' ? jsonlStage(input, opts, template, rows) : await csvStage(input, opts, template, rows);
}

/** Reads and checks the header row now; the rows as they are pulled. */
async function csvStage(input: Input, opts: SourceOptions, template: Template | undefined, rows: RowMaker): Promise<Stage> {
  let file: CsvFile;
  try {
    // csv-parse loads only for CSV input: a one-recipient alert does not pay for it.
    const { openCsv } = await import('./csv.js');
    file = await openCsv(input.stream, input.name, { delimiter: opts.delimiter });
  } catch (err) {
    throw readError(err, input.name, '--batch');
  }
  const { header } = file;
  const col = (name: string) => columnIndex(header, name);
  const toAt = col(opts.toColumn);
  const textAt = col('text');
  const fromAt = col('from');
  let render: ((record: readonly string[]) => string) | undefined;
  try {
    if (toAt === -1) {
      throw new UsageError(
        `--batch ${input.name}: no "${opts.toColumn}" column in the header row (columns: ${header.join(', ')}; separated by ${delimiterName(file.delimiter)})`,
        'name the recipient column with --to-column, give the separator with --delimiter, or add a header row such as to,name',
      );
    }
    if (opts.hex !== undefined && textAt !== -1) {
      throw new UsageError(`--batch ${input.name} has a "text" column, but --hex sends bytes`, 'drop --hex, or rename the text column');
    }
    if (opts.hex === undefined && textAt === -1 && !template) {
      throw new UsageError(`--batch ${input.name}: no message text`, 'give --text (a template such as "Hi {name}") or add a "text" column');
    }
    render = template?.bindColumns(header, `--batch ${input.name}`);
  } catch (err) {
    file.close();
    throw err;
  }
  return {
    async pull() {
      let records;
      try {
        records = await file.pull();
      } catch (err) {
        throw readError(err, input.name, '--batch');
      }
      if (!records) return null;
      const out: SourceItem[] = [];
      for (const { line, fields, badUtf8 } of records) {
        const where = { line, source: input.name };
        if (badUtf8) out.push(skipped(where, undefined, 'not valid UTF-8'));
        else if (fields.length !== header.length) {
          out.push(skipped(where, undefined, `has ${fields.length} values but the header row has ${header.length} columns`));
        } else {
          const cell = textAt !== -1 ? fields[textAt]! : '';
          out.push(rows.make({
            line,
            source: input.name,
            to: fields[toAt],
            from: fromAt !== -1 ? fields[fromAt] : undefined,
            text: cell !== '' ? cell : render?.(fields),
          }));
        }
      }
      return out;
    },
    close: async () => file.close(),
  };
}

/** The column called `name`: exactly, else the one column whose name differs only in case. */
export function columnIndex(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const lower = name.toLowerCase();
  const loose = header.flatMap((c, i) => (c.toLowerCase() === lower ? [i] : []));
  return loose.length === 1 ? loose[0]! : -1;
}

function jsonlStage(input: Input, opts: SourceOptions, template: Template | undefined, rows: RowMaker): Stage {
  return lineStage(input, '--batch', (l) => jsonlItem(l, input.name, opts, template, rows));
}

function jsonlItem(l: RawLine, source: string, opts: SourceOptions, template: Template | undefined, rows: RowMaker): SourceItem | undefined {
  const where = { line: l.n, source };
  if (l.tooLong) return skipped(where, undefined, `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
  const line = utf8Text(l.bytes, l.n === 1);
  if (line === undefined) return skipped(where, undefined, 'not valid UTF-8');
  if (line.trim() === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    // Not JSON.parse's message: it quotes the row (recipient, text, maybe a code) around the fault.
    const fault = jsonSyntaxProblem(line);
    return skipped(where, undefined, fault ? `not valid JSON (column ${fault.column}: ${fault.problem})` : 'not valid JSON');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return skipped(where, undefined, 'not a JSON object');
  const rec = obj as Record<string, unknown>;
  // As CSV columns: the exact field, else the one field whose name differs only in case (`To`).
  const keys = Object.keys(rec);
  const get = (field: string) => {
    if (Object.hasOwn(rec, field)) return scalar(rec[field]);
    const at = columnIndex(keys, field);
    return at === -1 ? undefined : scalar(rec[keys[at]!]);
  };
  const to = get(opts.toColumn);
  if (to === undefined) return skipped(where, undefined, `no "${opts.toColumn}" field (or not a string)`);
  let text = opts.hex === undefined ? get('text') || undefined : undefined;
  if (text === undefined && template && opts.hex === undefined) {
    // Template fields match exactly, as they do against a CSV header.
    const exact = (field: string) => scalar(rec[field]);
    text = template.render(exact);
    if (text === undefined) return skipped(where, to, `no "${template.missingField(exact)}" field for the --text template`);
  }
  if (text === undefined && opts.hex === undefined) return skipped(where, to, 'no "text" field and no --text');
  return rows.make({ line: l.n, source, to, from: get('from'), text });
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '';
  return undefined;
}
