// A message the journal shows as finished by earlier runs, counted in this run's summary so the
// summary speaks for the whole job (README): its receipts count as delivered or failed, and a
// rejection counts as rejected, not as "already accepted". Pure bookkeeping, no I/O.
import { receiptOutcome } from '../sms/receipt.js';
import { statusInfo } from '../sms/status.js';
import type { MessageRecord, RunCounts, RunEvent } from './events.js';
import type { MessageResume } from '../journal/resume-state.js';

export interface Tally {
  counts: RunCounts;
  byStatus: Record<string, number>;
  byReceiptState: Record<string, number>;
}

/**
 * Settles `msg` (every part accepted or rejected per the journal, receipts copied onto its parts)
 * and returns the event that tells it: 'rejected' (counted as a message of this run, like one left
 * unconfirmed) or 'resumed' (already accepted, with its receipts' outcome as its state).
 */
export function settleFromJournal(msg: MessageRecord, prior: MessageResume, t: Tally): RunEvent {
  const rejected = msg.parts.find((p) => p.status === 'rejected');
  if (rejected) {
    const status = prior.parts[rejected.index]?.status;
    if (status !== undefined && status >= 0) {
      rejected.commandStatus = status;
      rejected.statusName = statusInfo(status).name;
    }
    const name = rejected.statusName ?? 'invalid';
    t.byStatus[name] = (t.byStatus[name] ?? 0) + 1;
    t.counts.messages++;
    t.counts.rejected++;
    msg.state = 'rejected';
    return { type: 'rejected', message: msg, part: rejected, reason: `rejected in an earlier run (journal): ${name}` };
  }
  t.counts.resumed++;
  msg.state = 'accepted';
  for (const p of msg.parts) {
    if (p.receipt?.final) t.byReceiptState[p.receipt.state] = (t.byReceiptState[p.receipt.state] ?? 0) + 1;
  }
  // ACCEPTD is final and not a failure (receiptOutcome): neither failed nor delivered.
  if (msg.parts.some((p) => p.receipt && receiptOutcome(p.receipt) === 'failed')) {
    msg.state = 'failed';
    t.counts.failed++;
  } else if (msg.parts.every((p) => p.receipt?.final && p.receipt.delivered)) {
    msg.state = 'delivered';
    t.counts.delivered++;
  } else if (msg.parts.every((p) => p.receipt?.final)) {
    msg.state = 'acceptd';
    t.counts.acceptd++;
  }
  return { type: 'resumed', message: msg };
}
