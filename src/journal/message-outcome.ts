// What became of one message across all runs, as `report` judges it from the journal state, and
// the words it lists the message with. Pure.
import { isFinalReceipt, type MessageResume } from './resume-state.js';
import type { JournalSummary } from './report-summary.js';

/** A message's outcome: failed means accepted, then a receipt reported failure. */
export type MessageOutcome = 'accepted' | 'rejected' | 'unconfirmed' | 'unsent' | 'failed';

export function outcomeOf(m: MessageResume): MessageOutcome {
  if (m.parts.some((p) => p.state === 'rejected')) return 'rejected';
  if (m.parts.some((p) => p.state === 'unconfirmed')) return 'unconfirmed';
  if (m.parts.some((p) => p.state === 'pending')) return 'unsent';
  if (m.parts.some((p) => p.receipt === 'failed')) return 'failed';
  return 'accepted';
}

/** Adds the message's receipts to the summary's receipt counts. */
export function countReceipts(m: MessageResume, s: JournalSummary): void {
  for (const p of m.parts) {
    if (isFinalReceipt(p.receipt) && p.receiptState) {
      s.receipts.byState[p.receiptState] = (s.receipts.byState[p.receiptState] ?? 0) + 1;
    }
  }
  if (m.parts.some((p) => p.receipt === 'failed')) s.receipts.failed++;
  else if (m.parts.every((p) => p.receipt === 'delivered')) s.receipts.delivered++;
  else if (m.parts.every((p) => isFinalReceipt(p.receipt))) s.receipts.acceptd++;
  else if (m.parts.every((p) => p.state === 'accepted')) s.receipts.missing++;
}

/** Whether an accepted message still waits for a final receipt on some part. */
export function awaitsReceipt(m: MessageResume): boolean {
  return !m.parts.every((p) => isFinalReceipt(p.receipt));
}

/** The reason listed until the journal's own words (a reject reason, a receipt state) replace it. */
export function defaultReason(m: MessageResume, outcome: Exclude<MessageOutcome, 'accepted'>): string {
  switch (outcome) {
    case 'rejected':
      return 'rejected by the SMSC';
    case 'unconfirmed':
      return m.parts.some((p) => p.crashed)
        ? 'the run stopped while submitting it: the SMSC may or may not have it'
        : 'no reply from the SMSC: it may or may not have it';
    case 'unsent':
      return 'not sent: the run stopped before it';
    case 'failed':
      return 'a receipt reported failure';
  }
}

export function missingReason(m: MessageResume): string {
  const enroute = m.parts.find((p) => p.receipt === 'enroute');
  return enroute ? `last receipt ${enroute.receiptState ?? 'ENROUTE'}, no final one yet` : 'no receipt yet';
}

/** "ESME_RINVDSTADR (0x0B): ..." once, not after the name again. */
export function rejectReason(name: string | undefined, reason: string | undefined): string {
  const n = name && name !== 'invalid' ? name : undefined;
  if (!reason) return n ?? '';
  if (!n || reason.includes(n)) return reason;
  return `${n}: ${reason}`;
}

/** A failure receipt's words: "receipt UNDELIV (err 012)". */
export function receiptReason(state: string, err: string | undefined): string {
  return `receipt ${state}${err ? ` (err ${err})` : ''}`;
}
