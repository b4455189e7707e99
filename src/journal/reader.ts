// Reading the journal back, streaming: a million records never sit in memory at once. A torn
// last line (a crash mid-write) is ignored; a bad line anywhere else is refused by number.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { JournalError } from '../errors.js';
import { checkRegular, journalError, notAJournal } from './journal-file.js';
import { LineReader } from '../input/lines.js';
import { JOURNAL_VERSION, parseLine, TORN_RUN, type JournalRecord } from './records.js';

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
        const rs = l.tooLong ? undefined : parseLine(text);
        if (rs === undefined) {
          this.held = { n: l.n, line: text };
          continue;
        }
        const r = rs[0];
        if (r?.ev === 'run' && typeof r.v === 'number' && r.v > JOURNAL_VERSION) {
          throw new JournalError(
            `--journal ${this.path}:${l.n}: written by a newer smpp-send (journal version ${r.v})`,
            'upgrade smpp-send, or use another --journal file',
          );
        }
        for (const one of rs) out.push(one);
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

/** Calls fn with every record in order (one pass, streaming); the journal must exist. */
export async function forEachRecord(path: string, fn: (r: JournalRecord) => void): Promise<void> {
  const reader = await JournalReader.open(path);
  try {
    for (let batch = await reader.pull(); batch; batch = await reader.pull()) for (const r of batch) fn(r);
  } finally {
    await reader.close();
  }
}
