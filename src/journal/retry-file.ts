// `report --failed FILE`: the messages to retry as CSV (to, from, line, outcome, reason), one row
// each, with a header. The file is written beside itself and renamed into place, so a reader
// never sees half of it; it may not be the journal (or its lock) it was read from.
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { ListedMessage } from './report-summary.js';

export const RETRY_COLUMNS = ['to', 'from', 'line', 'outcome', 'reason'] as const;

export function retryCsv(rows: readonly ListedMessage[]): string {
  const lines = [RETRY_COLUMNS.join(',')];
  for (const r of rows) lines.push([r.to, r.from ?? '', r.line ?? '', r.outcome, r.reason].map((v) => csvField(String(v))).join(','));
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF (and one that starts with a formula sign). */
function csvField(v: string): string {
  if (/^[=+\-@]/.test(v) && !/^\+\d+$/.test(v)) v = `'${v}`; // a spreadsheet would run it as a formula
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function writeRetryFile(path: string, journal: string, rows: readonly ListedMessage[]): void {
  const target = resolve(path);
  if (target === resolve(journal) || target === resolve(`${journal}.lock`)) {
    throw new UsageError(`--failed ${path}: is the journal being reported on`, 'give --failed another file name, e.g. failed.csv');
  }
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, retryCsv(rows), { mode: 0o600 });
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`--failed ${path}: cannot write (${code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code})`, 'check the path', { cause: err });
  }
}
