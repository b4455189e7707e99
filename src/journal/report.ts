// `smpp-send report FILE`: what a journal says happened, across every run and resume. Two
// streaming passes: the first builds the compact per-message state (journal-state.ts) and picks the
// messages worth listing, the second fetches their recipients and reasons. Lists are capped,
// counts are not, so a journal of a million messages reports in bounded memory.
import { JournalState } from './journal-state.js';
import { summarizeLatency, type LatencySummary } from './latency.js';
import { lockHolder } from './lock.js';
import { lastRunState, reportExitCode, resumeCommand, waitedFor, type LastRun } from './report-state.js';
import { forEachRecord } from './reader.js';
import type { EndRecord, RunRecord } from './records.js';
import { isFinalReceipt, type MessageResume } from './resume-state.js';

export type Outcome = 'rejected' | 'unconfirmed' | 'unsent' | 'failed' | 'awaiting-receipt';

export interface ListedMessage {
  key: string;
  to: string;
  from?: string;
  line?: number;
  outcome: Outcome; // rejected by the SMSC, no reply, never sent, a failure receipt, or no final receipt yet
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

export interface SummaryOptions {
  limit?: number; // entries per list (default 100)
  /** Also collect every failure, uncapped, into `retry` (for `report --failed FILE`). */
  retry?: boolean;
}

export async function summarizeJournal(path: string, opts: SummaryOptions = {}): Promise<JournalSummary> {
  const limit = opts.limit ?? 100;
  // ACCEPTD is read as the last run meant it (--acceptd, recorded in its run record).
  const state = new JournalState({ latency: true, acceptd: 'as-recorded' });
  const s: JournalSummary = {
    file: path, runs: 0, resumes: 0, finished: false, lastRunState: { state: 'none' }, exitCode: 0,
    messages: { total: 0, accepted: 0, rejected: 0, unconfirmed: 0, unsent: 0 }, parts: 0,
    rejectedByStatus: {}, skipped: 0,
    receipts: { recorded: 0, delivered: 0, failed: 0, acceptd: 0, missing: 0, byState: {} },
    failures: [], failuresNotListed: 0, missingReceipts: [], missingReceiptsNotListed: 0,
    skippedRows: [], skippedNotListed: 0,
  };

  // Pass 1: state, runs, skipped rows (a resume skips the same rows again: count them once).
  const skippedSeen = new Set<string>();
  let lastRunRecord: RunRecord | undefined;
  let lastEnd: EndRecord | undefined; // the end record of the last run, if it wrote one
  let lastT: string | undefined;
  await forEachRecord(path, (r) => {
    state.apply(r);
    if (typeof r.t === 'string') lastT = r.t;
    if (r.ev === 'receipt') s.receipts.recorded++;
    else if (r.ev === 'end') lastEnd = r;
    else if (r.ev === 'run') {
      s.firstRun ??= r.t;
      s.lastRun = r.t;
      lastRunRecord = r;
      lastEnd = undefined;
    } else if (r.ev === 'skipped') {
      const id = `${r.key ?? ''}\0${r.line ?? ''}\0${r.reason}`;
      if (skippedSeen.has(id)) return;
      skippedSeen.add(id);
      s.skipped++;
      if (s.skippedRows.length < limit) s.skippedRows.push(pick({ line: r.line, to: r.to, reason: r.reason }));
      else s.skippedNotListed++;
    }
  });
  s.runs = state.runs;
  s.resumes = Math.max(0, state.runs - 1);
  const summaryOfEnd = lastEnd?.summary as { exitCode?: unknown } | undefined;
  s.lastRunState = lastRunState(lastRunRecord, lastEnd ? (summaryOfEnd ?? {}) : undefined, !lastEnd && lockHolder(path) !== undefined, lastT);
  s.finished = s.lastRunState.state === 'finished';

  // Classify every message; remember the few to list.
  const listed = new Map<string, ListedMessage[]>();
  const retry: ListedMessage[] | undefined = opts.retry ? [] : undefined;
  for (const m of state.messages()) {
    s.messages.total++;
    s.parts += m.parts.length;
    const outcome = outcomeOf(m);
    if (outcome === 'accepted' || outcome === 'failed') s.messages.accepted++;
    else s.messages[outcome]++;
    if (outcome !== 'unsent') countReceipts(m, s);
    if (outcome === 'accepted') {
      // Without any receipt in the journal, receipts were not asked for (or not waited for).
      if (s.receipts.recorded > 0 && !m.parts.every((p) => isFinalReceipt(p.receipt))) {
        if (s.missingReceipts.length < limit) s.missingReceipts.push(entry(m, 'awaiting-receipt', missingReason(m)));
        else s.missingReceiptsNotListed++;
      }
      continue;
    }
    if (s.failures.length < limit) s.failures.push(entry(m, outcome, defaultReason(m, outcome)));
    else s.failuresNotListed++;
    retry?.push(entry(m, outcome, defaultReason(m, outcome)));
  }
  for (const e of [...s.failures, ...s.missingReceipts, ...(retry ?? [])]) listed.set(e.key, [...(listed.get(e.key) ?? []), e]);
  if (retry) s.retry = retry;

  // Pass 2: recipients, lines and reasons of the listed messages; rejected parts by status.
  await forEachRecord(path, (r) => {
    if (r.ev === 'rejected') {
      const part = state.get(r.key)?.parts[r.part];
      if (part?.state === 'rejected' && part.status === r.status) {
        const name = typeof r.name === 'string' && r.name !== '' ? r.name : String(r.status);
        s.rejectedByStatus[name] = (s.rejectedByStatus[name] ?? 0) + 1;
      }
    }
    const entries = 'key' in r && typeof r.key === 'string' ? listed.get(r.key) : undefined;
    for (const e of entries ?? []) {
      if (r.ev === 'queued') {
        e.to = String(r.to);
        if (typeof r.from === 'string') e.from = r.from;
        if (r.line !== undefined) e.line = r.line;
      } else if (r.ev === 'rejected' && e.outcome === 'rejected') {
        e.reason = rejectReason(r.name, r.reason) || e.reason;
      } else if (r.ev === 'receipt' && e.outcome === 'failed' && r.state !== 'DELIVRD' && r.state !== 'ACCEPTD') {
        e.reason = `receipt ${r.state}${r.err ? ` (err ${r.err})` : ''}`;
      }
    }
  });
  const argv = Array.isArray(lastRunRecord?.argv) ? lastRunRecord.argv.map(String) : [];
  const latency = summarizeLatency(state.latencies);
  if (latency) s.latency = latency;
  s.exitCode = reportExitCode(s.lastRunState, s, waitedFor(argv));
  const incomplete = !s.finished && s.lastRunState.state !== 'running' && s.lastRunState.state !== 'none';
  if ((incomplete || s.messages.unsent > 0 || s.messages.unconfirmed > 0) && lastRunRecord) s.resume = resumeCommand(argv);
  return s;
}

/** "ESME_RINVDSTADR (0x0B): ..." once, not after the name again. */
function rejectReason(name: string | undefined, reason: string | undefined): string {
  const n = name && name !== 'invalid' ? name : undefined;
  if (!reason) return n ?? '';
  if (!n || reason.includes(n)) return reason;
  return `${n}: ${reason}`;
}

type Final = 'accepted' | 'rejected' | 'unconfirmed' | 'unsent' | 'failed';

function outcomeOf(m: MessageResume): Final {
  if (m.parts.some((p) => p.state === 'rejected')) return 'rejected';
  if (m.parts.some((p) => p.state === 'unconfirmed')) return 'unconfirmed';
  if (m.parts.some((p) => p.state === 'pending')) return 'unsent';
  if (m.parts.some((p) => p.receipt === 'failed')) return 'failed';
  return 'accepted';
}

function countReceipts(m: MessageResume, s: JournalSummary): void {
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

function defaultReason(m: MessageResume, outcome: Exclude<Final, 'accepted'>): string {
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

function missingReason(m: MessageResume): string {
  const enroute = m.parts.find((p) => p.receipt === 'enroute');
  return enroute ? `last receipt ${enroute.receiptState ?? 'ENROUTE'}, no final one yet` : 'no receipt yet';
}

function entry(m: MessageResume, outcome: Outcome, reason: string): ListedMessage {
  return { key: m.key, to: '?', outcome, reason };
}

function pick<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export { formatJournalSummary } from './report-text.js';
