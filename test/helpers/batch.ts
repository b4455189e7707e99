// Batch input files for tests that run a whole job.
import { writeFileSync } from 'node:fs';

/** A CSV batch (to,text) with one row per recipient. */
export function writeBatch(path: string, rows: { to: string; text: string }[]): void {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  writeFileSync(path, ['to,text', ...rows.map((r) => `${quote(r.to)},${quote(r.text)}`)].join('\n') + '\n');
}
