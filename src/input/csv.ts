// Streaming CSV for --batch, on csv-parse, behind a byte filter (utf8-line-filter.ts) that turns
// CRLF into LF and notes which lines hold invalid UTF-8. Each record comes with the line it
// starts on.
//
// csv-parse cannot resume after a quoting error (it misreads every later row), so a broken
// quote ends the file with a UsageError naming the line; rows before it have been read.
//
// The separator (, ; or tab) is read from the header line before the parser starts, unless the
// caller names one (csv-delimiter.ts).
import { pipeline, Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { UsageError } from '../errors.js';
import { detectDelimiter } from './csv-delimiter.js';
import { MAX_LINE_BYTES } from './lines.js';
import { Utf8LineFilter } from './utf8-line-filter.js';

export interface CsvRecord {
  line: number; // where the record starts (1-based; the header is line 1)
  fields: string[];
  badUtf8: boolean; // some line of the record is not valid UTF-8
}

export interface CsvFile {
  header: string[]; // trimmed column names
  delimiter: string; // as given, or as detected from the header line
  /** The records parsed so far and not yet taken (never an empty array), or null at the end. */
  pull(): Promise<CsvRecord[] | null>;
  /** Stops reading and destroys the input. */
  close(): void;
}

/** Reads the header row now; the records are read as they are pulled. */
export async function openCsv(input: NodeJS.ReadableStream, name: string, opts: { delimiter?: string } = {}): Promise<CsvFile> {
  const { head, stream } = await peekFirstLine(input);
  const delimiter = opts.delimiter ?? detectDelimiter(head.toString('utf8'));
  const reader = new CsvReader(stream, name, delimiter);
  const batch = await reader.pull();
  const first = batch?.shift();
  if (batch && batch.length > 0) reader.unshift(batch);
  if (!first) {
    reader.close();
    throw new UsageError(`${name} is empty`, 'a batch file needs a header row naming its columns, e.g. to,name');
  }
  const fail = (message: string, fix: string) => {
    reader.close();
    return new UsageError(`${name}:${first.line}: ${message}`, fix);
  };
  if (first.badUtf8) throw fail('the header row is not valid UTF-8', 'save the file as UTF-8');
  const header = first.fields.map((c) => c.trim());
  const dup = header.find((c, i) => c !== '' && header.indexOf(c) !== i);
  if (dup !== undefined) throw fail(`column "${dup}" appears twice in the header row`, 'rename one of them');
  return { header, delimiter, pull: () => reader.pull(), close: () => reader.close() };
}

const PEEK_LIMIT = 64 * 1024; // a header line longer than this is not a header row
/** Rows parsed per pull. Each becomes a message that lives until it is sent: with 1024, many
 *  outlived two scavenges and were copied into the old generation (see open-input.ts). */
const ROWS_A_PULL = 128;

/** The input's first chunks, up to its first line break, and a stream of the whole input. */
async function peekFirstLine(input: NodeJS.ReadableStream): Promise<{ head: Buffer; stream: NodeJS.ReadableStream }> {
  const it = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < PEEK_LIMIT) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    chunks.push(b);
    size += b.length;
    if (b.includes(10)) break;
  }
  async function* whole(): AsyncGenerator<Buffer | string> {
    try {
      yield* chunks;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      await it.return?.(); // stopped early (close()): release the input
    }
  }
  return { head: Buffer.concat(chunks), stream: Readable.from(whole(), { objectMode: false }) };
}

class CsvReader {
  private readonly filter = new Utf8LineFilter();
  private readonly parser;
  private nextLine = 1;
  private ended = false;
  private error: unknown;
  private wake: (() => void) | undefined;
  private signalled = false;
  private held: CsvRecord[] | undefined;

  constructor(input: NodeJS.ReadableStream, private readonly name: string, delimiter: string) {
    this.parser = parse({
      bom: true,
      delimiter,
      trim: true, // spaces around unquoted values; quoted values keep theirs
      // Empty lines come out as [''] and are dropped below: counting every record's lines here
      // is much cheaper than csv-parse's `info` objects, and gives the same numbers.
      skip_empty_lines: false,
      relax_column_count: true, // ragged rows are reported one by one, not as a fatal error
      relax_quotes: true, // a quote inside an unquoted value is kept as is
      max_record_size: MAX_LINE_BYTES,
    });
    const signal = () => {
      this.signalled = true;
      this.wake?.();
    };
    this.parser.on('readable', signal);
    this.parser.on('end', () => {
      this.ended = true;
      signal();
    });
    pipeline(input, this.filter, this.parser, (err) => {
      if (err && this.error === undefined) this.error = err;
      signal();
    });
  }

  unshift(records: CsvRecord[]): void {
    this.held = records;
  }

  async pull(): Promise<CsvRecord[] | null> {
    if (this.held) {
      const held = this.held;
      this.held = undefined;
      return held;
    }
    for (;;) {
      const out: CsvRecord[] = [];
      let fields: string[] | null;
      // read() takes from csv-parse's buffer; the stream refills it as it drains (backpressure).
      while (out.length < ROWS_A_PULL && (fields = this.parser.read() as string[] | null) !== null) {
        const line = this.nextLine;
        let inner = 0; // line breaks inside quoted values
        for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) inner++;
        this.nextLine += 1 + inner;
        const badUtf8 = this.filter.takeBad(line, line + inner);
        if (fields.length === 1 && fields[0] === '' && !badUtf8) continue; // an empty line
        out.push({ line, fields, badUtf8 });
      }
      if (out.length > 0) return out;
      if (this.error !== undefined) throw csvError(this.error, this.name, this.nextLine);
      if (this.ended) return null;
      if (!this.signalled) await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
      this.signalled = false;
    }
  }

  close(): void {
    this.ended = true;
    this.parser.destroy();
  }
}

/** csv-parse errors by code, in our words. */
const CSV_PROBLEMS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value in this row is never closed',
  CSV_MAX_RECORD_SIZE: `row longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB (an unclosed quote?)`,
  // `"abc"x`: kept in the words csv-parse gave it, which users have seen.
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'Invalid Closing Quote: found non trimable byte after quote',
};

function csvError(err: unknown, name: string, startLine: number): Error {
  const e = err as CsvError & { lines?: number };
  if (typeof e?.code !== 'string' || !/^(CSV_|INVALID_)/.test(e.code)) return err as Error;
  const fix = 'put values holding commas, quotes or line breaks in double quotes and double any quote inside ("")';
  const known = CSV_PROBLEMS[e.code];
  // A quote never closed or a row too long is found where the row starts; others on their line.
  const line = e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'CSV_MAX_RECORD_SIZE' ? startLine : e.lines ?? startLine;
  // Codes our parser options cannot raise (strict quotes, column counts): named by their code.
  return new UsageError(`${name}:${line}: ${known ?? `not valid CSV (${e.code})`}`, fix, { cause: err });
}
