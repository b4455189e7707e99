// The pretty reporter's last words: the summary line of a run (or a dry run), then who was
// possibly duplicated and which receipts matched nothing. Pure: the summary in, lines out.
import type { RunCounts, RunSummary } from '../../send/events.js';
import { printable as safe } from '../../sms/visible.js'; // the SMSC's words: see pretty.ts
import { ENCODING_NAMES, formatDuration, plural } from '../format.js';
import type { Paint } from './paint.js';

/** How many recipients or ids the summary names before it says "and N more". */
export const NAMED_LIMIT = 10;

/** The summary's lines; possibleDuplicates: the recipients the run named (at most NAMED_LIMIT). */
export function summaryLines(s: RunSummary, c: Paint, possibleDuplicates: readonly string[]): string[] {
  if (s.dryRun) return [dryRunLine(s, c)];
  const k = s.counts;
  const statuses = Object.entries(s.byStatus).map(([n, v]) => `${safe(n)} ×${v}`);
  // One definition (src/send/rate.ts), labelled, over the sending time it was measured on:
  // under a second of sending there is no rate to speak of, only a count.
  const sending = s.sendingMs ?? 0;
  const rate = k.parts > 1 && sending >= 1000
    ? ` · submit rate ${s.avgRate}/s avg, ${s.peakRate}/s peak over ${formatDuration(sending)} of sending`
    : '';
  const text = [countBits(s, c).join(', '), receiptBits(k, c).join(', '), statuses.join(', ')].filter(Boolean).join(' · ');
  const lines = [`${c.bold('Summary:')} ${text} · ${formatDuration(s.elapsedMs)}${rate}${s.interrupted ? c.yellow(' · interrupted') : ''}`];
  // Who, not only how many: the JSON has them per message, a person reading this needs them here.
  if (k.possibleDuplicates) {
    lines.push(`  ${c.yellow('possibly duplicated')} (resent after a lost reply): ${named(possibleDuplicates, k.possibleDuplicates)}`);
  }
  if (k.unmatchedReceipts) {
    const ids = (s.unmatchedSample ?? []).slice(0, NAMED_LIMIT).map((r) => `${safe(r.id || '(no id)')} ${safe(r.state)}`);
    lines.push(`  receipts for ids not sent by this run: ${named(ids, k.unmatchedReceipts)}`);
  }
  return lines;
}

function dryRunLine(s: RunSummary, c: Paint): string {
  const k = s.counts;
  const bits = [`${plural(k.messages, 'message')} planned, ${plural(k.parts, 'SMS', 'SMS')}`];
  if (k.skipped) bits.push(c.red(`${k.skipped} skipped`));
  if (k.duplicates) bits.push(`${k.duplicates} duplicate rows`);
  const by = Object.entries(s.byEncoding ?? {}).map(
    ([e, n]) => `${ENCODING_NAMES[e] ?? e}: ${plural(n.messages, 'message')}, ${plural(n.parts, 'SMS', 'SMS')}`,
  );
  return `${c.bold('Dry run:')} ${bits.join(', ')}${by.length ? ` (${by.join('; ')})` : ''}; nothing was sent`;
}

/** What became of the messages: accepted, rejected, skipped, ... */
function countBits(s: RunSummary, c: Paint): string[] {
  const k = s.counts;
  const bits = [`${k.accepted} accepted`];
  if (k.rejected) bits.push(c.red(`${k.rejected} rejected`));
  if (k.skipped) bits.push(c.red(`${k.skipped} skipped`));
  if (k.unsent) bits.push(s.interrupted ? `${k.unsent} not sent` : c.red(`${k.unsent} not sent`));
  if (k.unconfirmed) bits.push(c.yellow(`${k.unconfirmed} unconfirmed`));
  if (k.duplicates) bits.push(`${k.duplicates} duplicate rows not sent`);
  if (k.resumed) bits.push(`${k.resumed} already accepted (journal)`);
  if (k.possibleDuplicates) bits.push(c.yellow(`${k.possibleDuplicates} possibly duplicated`));
  if (k.retries) bits.push(`${plural(k.retries, 'retry', 'retries')}`);
  return bits;
}

/** What the receipts (and MO messages) said. */
function receiptBits(k: RunCounts, c: Paint): string[] {
  const receipts: string[] = [];
  if (k.delivered) receipts.push(c.green(`${k.delivered} delivered`));
  if (k.acceptd) receipts.push(c.yellow(`${k.acceptd} ACCEPTD (final, not confirmed delivered)`));
  if (k.failed) receipts.push(c.red(`${k.failed} failed`));
  if (k.noFailureReported) receipts.push(`${k.noFailureReported} with no failure reported (--receipt failure)`);
  if (k.receiptsPending) receipts.push(c.yellow(`${k.receiptsPending} without final receipt`));
  if (k.mo) receipts.push(`${plural(k.mo, 'MO message')} received`);
  if (k.unmatchedReceipts) receipts.push(`${plural(k.unmatchedReceipts, 'receipt')} for ids not sent by this run (--debug lists them)`);
  return receipts;
}

/** `a, b, c and 7 more`: the names kept, then how many of `total` were left out. */
function named(names: readonly string[], total: number): string {
  const rest = total - names.length;
  if (names.length === 0) return `${total} (--debug lists them)`;
  return `${names.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}
