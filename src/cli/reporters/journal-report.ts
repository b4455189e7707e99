// `smpp-send report` as text: counts as bars, the delivery latency as percentiles and a small
// histogram, the failed recipients. Pure: takes the summary (journal/report.ts), returns lines;
// the colour is added here, with the other reporters, so journal/ never needs chalk.
import { Chalk } from 'chalk';
import { bar, formatLatency } from '../../journal/latency.js';
import { describeLastRun } from '../../journal/report-state.js';
import type { JournalSummary, ListedMessage } from '../../journal/report-summary.js';

export function formatJournalSummary(s: JournalSummary, opts: { color: boolean }): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const n = (x: number) => x.toLocaleString('en-US');
  const out: string[] = [];
  const runs = `${n(s.runs)} run${s.runs === 1 ? '' : 's'}${s.resumes ? ` (${n(s.resumes)} resume${s.resumes === 1 ? '' : 's'})` : ''}`;
  const said = describeLastRun(s.lastRunState);
  const state = s.finished ? said : c.yellow(said);
  out.push(`${c.bold('Journal')} ${s.file}: ${s.runs ? `${runs}, ` : ''}${state}`);
  if (s.firstRun) out.push(`  ${s.firstRun === s.lastRun ? `run at ${s.firstRun}` : `first run ${s.firstRun}, last ${s.lastRun}`}`);
  if (s.resume) out.push(`  to finish the job, run the same command again (the password set as before):\n    ${s.resume}`);

  const m = s.messages;
  out.push(`${c.bold('Messages')} ${n(m.total)} (${n(s.parts)} part${s.parts === 1 ? '' : 's'})`);
  const rows: Row[] = [
    ['accepted', m.accepted, c.green],
    ['rejected', m.rejected, c.red],
    ['unconfirmed', m.unconfirmed, c.yellow, m.unconfirmed ? 'rerun with the same --journal to resend, or check with the SMSC' : undefined],
    ['not sent', m.unsent, c.yellow, m.unsent ? 'rerun with the same --journal to send them' : undefined],
  ];
  out.push(...bars(rows.filter(([label, value]) => value > 0 || label === 'accepted'), m.total, n, c.dim, true));
  const statuses = sorted(s.rejectedByStatus);
  if (statuses.length) {
    out.push(`${c.bold('Rejected parts by status')}`);
    out.push(...bars(statuses.map(([k, v]) => [k, v, c.red]), 0, n, c.dim));
  }
  if (s.skipped) out.push(`${c.bold('Skipped rows')} ${n(s.skipped)}`);

  const r = s.receipts;
  if (r.recorded === 0) {
    out.push(`${c.bold('Receipts')} none recorded`);
  } else {
    const acceptd = r.acceptd ? `, ACCEPTD ${n(r.acceptd)} (final, not confirmed delivered)` : '';
    out.push(`${c.bold('Receipts')} ${c.green(`delivered ${n(r.delivered)}`)}${acceptd}, ${r.failed ? c.red(`failed ${n(r.failed)}`) : 'failed 0'}, awaiting ${n(r.missing)}`);
    out.push(...bars(sorted(r.byState).map(([k, v]) => [k, v, k === 'DELIVRD' ? c.green : k === 'ACCEPTD' ? (t: string) => t : c.red]), 0, n, c.dim));
  }
  const l = s.latency;
  if (l) {
    out.push(`${c.bold('Delivery latency')} ${n(l.count)} part${l.count === 1 ? '' : 's'}: p50 ${formatLatency(l.p50Ms)}, p90 ${formatLatency(l.p90Ms)}, p99 ${formatLatency(l.p99Ms)}, max ${formatLatency(l.maxMs)}`);
    out.push(...bars(l.histogram.map((b) => [b.label, b.count, c.cyan]), 0, n, c.dim, true));
  }

  const list = (title: string, items: ListedMessage[], more: number, total: number) => {
    if (items.length === 0) return;
    out.push(c.bold(`${title}${more ? ` (first ${n(items.length)} of ${n(total)})` : ''}`));
    for (const e of items) out.push(`  ${e.to}${e.line !== undefined ? c.dim(` line ${e.line}`) : ''}  ${e.reason}`);
  };
  list('Not delivered or not sent', s.failures, s.failuresNotListed, s.failures.length + s.failuresNotListed);
  list('No final receipt', s.missingReceipts, s.missingReceiptsNotListed, s.missingReceipts.length + s.missingReceiptsNotListed);
  if (s.skippedRows.length) {
    out.push(c.bold(`Skipped rows${s.skippedNotListed ? ` (first ${n(s.skippedRows.length)} of ${n(s.skipped)})` : ''}`));
    for (const e of s.skippedRows) out.push(`  ${e.line !== undefined ? `line ${e.line}` : '--to'}${e.to ? ` ${e.to}` : ''}: ${e.reason}`);
  }
  return out.join('\n');
}

type Row = [label: string, value: number, paint: (t: string) => string, note?: string];

/** Labels, counts and bars in aligned columns; bars scale to the largest value (or `total`). */
function bars(rows: Row[], total: number, n: (x: number) => string, dim: (t: string) => string, zeros = false): string[] {
  const max = Math.max(total, ...rows.map(([, v]) => v));
  const labelWidth = Math.max(11, ...rows.map(([label]) => label.length));
  const width = Math.max(...rows.map(([, v]) => n(v).length));
  return rows
    .filter(([, v]) => zeros || v > 0 || rows.length === 1)
    .map(([label, value, paint, note]) => {
      const b = bar(value, max);
      return `  ${label.padEnd(labelWidth + 1)}${paint(n(value).padStart(width))}${b ? ` ${paint(b)}` : ''}${note ? `  ${dim(note)}` : ''}`;
    });
}

function sorted(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}
