// What a message source hands the run: a message to send, a row skipped with its reason, or a
// row that repeats an earlier one.

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

export type SourceItem =
  | { kind: 'message'; message: OutgoingMessage }
  | { kind: 'skipped'; row: SkippedRow }
  | { kind: 'duplicate'; row: SkippedRow };

/** Where a row is: its line (none for --to flags) and its source. */
export interface RowPlace {
  line?: number;
  source: string;
}

export function skippedRow(where: RowPlace, to: string | undefined, reason: string, key?: string): SkippedRow {
  const row: SkippedRow = { source: where.source, reason };
  if (where.line !== undefined) row.line = where.line;
  if (to !== undefined) row.to = to;
  if (key !== undefined) row.key = key;
  return row;
}

export function skipped(where: RowPlace, to: string | undefined, reason: string, key?: string): SourceItem {
  return { kind: 'skipped', row: skippedRow(where, to, reason, key) };
}
