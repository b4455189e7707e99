// Where messages come from: --to flags, --to-file (one recipient a line), --batch (CSV with a
// header row, or JSON Lines), each row filled into the --text template. Everything streams: the
// consumer pulls one item at a time and a file is read only as fast as it is sent.
//
// Whole-input problems (missing file, no recipient column, a template field no column provides)
// throw a UsageError on the first pull, before anything is sent. Bad rows come out as 'skipped'
// items with their line number; a row repeating an earlier one's recipient, sender and text
// comes out as a 'duplicate' item (or, with allowDuplicates, as a message whose key carries the
// occurrence): row-rules.ts. Only a CSV quoting error (csv-parse cannot resync after one) ends
// the input early, with a UsageError naming the line.
//
// Without --batch, --text is sent as written (braces included); with --batch it is a template.
// A 'text' column in a row overrides the template for that row (an empty cell keeps the
// template); a 'from' column overrides the sender. The recipient column is --to-column
// (csv-rows.ts, jsonl-rows.ts).
import { UsageError } from '../errors.js';
import { batchFormatOf, checkTextOrHex, STDIN_READER_FLAGS, stdinReaders } from '../input/input-rules.js';
import { MAX_LINE_BYTES, utf8Text } from '../input/lines.js';
import { openInput, type Input } from '../input/open-input.js';
import { lineStage, StagedReader, type Stage } from '../input/staged-reader.js';
import { readStdinText } from '../input/stdin-text.js';
import { csvStage } from './csv-rows.js';
import { jsonlStage } from './jsonl-rows.js';
import { RowMaker, type RowReading } from './row-rules.js';
import { skipped, type OutgoingMessage, type SourceItem } from './source-item.js';
import { compileTemplate, type Template } from './template.js';

export type { OutgoingMessage, SkippedRow, SourceItem } from './source-item.js';

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

export function openSource(opts: SourceOptions): AsyncIterable<SourceItem> {
  return { [Symbol.asyncIterator]: () => new StagedReader(() => openStages(opts)) };
}

/** Everything that can fail for the whole input happens here, before the first item. */
async function openStages(opts: SourceOptions): Promise<Stage<SourceItem>[]> {
  checkStdinUse(opts);
  checkTextOrHex(opts);
  const textArg = opts.text === '-' ? await readStdinText(opts.stdin) : opts.text;
  const template = opts.batch !== undefined && textArg !== undefined ? compileTemplate(textArg) : undefined;
  const plainText = template ? templateForRecipients(template, opts) : textArg;
  if (opts.batch === undefined && plainText === undefined && opts.hex === undefined) {
    throw new UsageError('no message text', 'give --text "...", --text - to read it from standard input, or --hex');
  }

  const rows = new RowMaker(opts); // one for all inputs: duplicates are found across them
  const stages: Stage<SourceItem>[] = [];
  try {
    stages.push(flagsStage(opts.to, rows, plainText));
    // Open every input now, so a missing file stops the run before anything is sent.
    if (opts.toFile !== undefined) stages.push(toFileStage(await openInput(opts.toFile, opts.stdin, '--to-file'), rows, plainText));
    if (opts.batch !== undefined) stages.push(await batchStage(opts.batch, opts, { rows, toColumn: opts.toColumn, hex: opts.hex, template }));
  } catch (err) {
    for (const s of stages) await s.close();
    throw err;
  }
  return stages;
}

/** The text a batch template gives recipients from --to and --to-file: they have no fields. */
function templateForRecipients(template: Template, opts: SourceOptions): string {
  if (template.fields.length > 0 && (opts.to.length > 0 || opts.toFile !== undefined)) {
    throw new UsageError(
      `--text uses ${template.fields.map((f) => `{${f}}`).join(', ')}, which recipients from --to or --to-file do not have`,
      'send those recipients in a separate run, or add them as rows of the --batch file',
    );
  }
  return template.render(() => '')!;
}

function flagsStage(to: string[], rows: RowMaker, text: string | undefined): Stage<SourceItem> {
  const flags = to.filter((t) => t.trim() !== '').map((t) => rows.make({ to: t, text, source: 'flags' }));
  return { pull: async () => (flags.length > 0 ? flags.splice(0) : null), close: async () => {} };
}

function toFileStage(input: Input, rows: RowMaker, text: string | undefined): Stage<SourceItem> {
  return lineStage(input, '--to-file', (l) => {
    const row = { line: l.n, source: input.name };
    if (l.tooLong) return skipped(row, undefined, `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
    const line = utf8Text(l.bytes, l.n === 1);
    if (line === undefined) return skipped(row, undefined, 'not valid UTF-8');
    const to = line.trim();
    return to !== '' && !to.startsWith('#') ? rows.make({ line: l.n, source: input.name, to, text }) : undefined;
  });
}

async function batchStage(path: string, opts: SourceOptions, reading: RowReading): Promise<Stage<SourceItem>> {
  const format = opts.batchFormat ?? batchFormatOf(path);
  const input = await openInput(path, opts.stdin, '--batch');
  return format === 'jsonl' ? jsonlStage(input, reading) : await csvStage(input, reading, opts.delimiter);
}

/** config/check.ts words this rule for the CLI; these words are for direct callers. */
function checkStdinUse(opts: SourceOptions): void {
  const users = stdinReaders(opts).map((k) => `${STDIN_READER_FLAGS[k]} -`);
  if (users.length > 1) {
    throw new UsageError(`${users.join(' and ')} both read standard input`, 'read at most one of them from standard input, the others from files');
  }
}
