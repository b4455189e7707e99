// What makes a row a message: a recipient, a text (or the --hex bytes) without NUL characters,
// the caller's validation, and no earlier row with the same recipient, sender and text unless
// duplicates are allowed. The same rules for --to flags, --to-file lines and --batch rows.
import { Dedupe, messageHash, messageKey } from './dedupe.js';
import type { Template } from './template.js';
import { skipped, skippedRow, type OutgoingMessage, type RowPlace, type SourceItem } from './source-item.js';

/** A row as read, before the rules: fields may be missing or blank. */
export interface Row extends RowPlace {
  to: string | undefined;
  from?: string | undefined;
  text?: string | undefined;
}

export interface RowRulesOptions {
  hex?: string; // the bytes every message carries; rows then have no text
  allowDuplicates: boolean;
  /** A reason to skip the message (bad address, too many parts...), or undefined to send it. */
  validate?: (msg: OutgoingMessage) => string | undefined;
}

/** What a reader of batch rows needs: the row rules, the recipient column and the template. */
export interface RowReading {
  rows: RowMaker;
  toColumn: string;
  hex?: string;
  template?: Template;
}

/** Turns a row into a message, a skipped row or a duplicate. One for all inputs of a run. */
export class RowMaker {
  private readonly dedupe = new Dedupe();
  private readonly hex?: string;

  constructor(private readonly opts: RowRulesOptions) {
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
