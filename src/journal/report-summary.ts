// What `smpp-send report FILE` says about a journal, as data: report.ts builds it, the CLI prints
// it (cli/reporters/journal-report.ts) or writes it as JSON, retry-file.ts writes its failures.
import type { LatencySummary } from './latency.js';
import type { LastRun } from './report-state.js';

/** Why a message is listed: rejected by the SMSC, no reply, never sent, a failure receipt, or no final receipt yet. */
export type ListedOutcome = 'rejected' | 'unconfirmed' | 'unsent' | 'failed' | 'awaiting-receipt';

export interface ListedMessage {
  key: string;
  to: string;
  from?: string;
  line?: number;
  outcome: ListedOutcome;
  reason: string;
}

export interface SkippedEntry {
  line?: number;
  to?: string;
  reason: string;
}

export interface JournalSummary {
  file: string;
  runs: number; // 'run' records: the first run plus each resume
  resumes: number;
  finished: boolean; // the last run read all its input and wrote its 'end' record
  firstRun?: string; // ISO times of the first and the last run
  lastRun?: string;
  lastRunState: LastRun; // how the last run ended (report-state.ts)
  resume?: string; // the command that finishes the job, when it is not finished
  exitCode: number; // report's exit code (reportExitCode)
  latency?: LatencySummary; // send to final DELIVRD receipt, per part (when any was recorded)
  messages: {
    total: number;
    accepted: number; // every part accepted (whatever the receipts say)
    rejected: number; // some part permanently rejected
    unconfirmed: number; // some part got no reply: the SMSC may or may not have it
    unsent: number; // queued but not (completely) submitted: the run stopped first
  };
  parts: number;
  rejectedByStatus: Record<string, number>; // rejected parts by status name
  skipped: number; // distinct bad or duplicate input rows
  receipts: {
    recorded: number; // receipt records in the journal
    delivered: number; // messages with a final DELIVRD receipt for every part
    failed: number; // messages with a final failure receipt for some part
    acceptd: number; // messages with a final receipt for every part, none failed, some ACCEPTD (not delivered)
    missing: number; // accepted messages still without a final receipt for some part
    byState: Record<string, number>; // final receipts by state, per part
  };
  failures: ListedMessage[]; // rejected, unconfirmed, unsent and failed messages, in journal order
  failuresNotListed: number;
  missingReceipts: ListedMessage[]; // accepted, no final receipt (listed only if any receipt was recorded)
  missingReceiptsNotListed: number;
  skippedRows: SkippedEntry[];
  skippedNotListed: number;
  retry?: ListedMessage[]; // with opts.retry: every message in `failures`, none left out
}

/** A summary with nothing counted yet. */
export function emptySummary(file: string): JournalSummary {
  return {
    file, runs: 0, resumes: 0, finished: false, lastRunState: { state: 'none' }, exitCode: 0,
    messages: { total: 0, accepted: 0, rejected: 0, unconfirmed: 0, unsent: 0 }, parts: 0,
    rejectedByStatus: {}, skipped: 0,
    receipts: { recorded: 0, delivered: 0, failed: 0, acceptd: 0, missing: 0, byState: {} },
    failures: [], failuresNotListed: 0, missingReceipts: [], missingReceiptsNotListed: 0,
    skippedRows: [], skippedNotListed: 0,
  };
}
