// `smpp-send report FILE`: what a journal says happened, across every run and resume. Two
// streaming passes: the first builds the compact per-message state (journal-state.ts) and picks the
// messages worth listing, the second fetches their recipients and reasons. Lists are capped,
// counts are not, so a journal of a million messages reports in bounded memory. The result is
// data (report-summary.ts); the CLI prints it.
import { JournalState } from './journal-state.js';
import { summarizeLatency } from './latency.js';
import { lockHolder } from './lock.js';
import { awaitsReceipt, countReceipts, defaultReason, missingReason, outcomeOf, receiptReason, rejectReason } from './message-outcome.js';
import { forEachRecord } from './reader.js';
import type { EndRecord, JournalRecord, RejectedRecord, RunRecord, SkippedRecord } from './records.js';
import { lastRunState, reportExitCode, resumeCommand, waitedFor } from './report-state.js';
import { emptySummary, type JournalSummary, type ListedMessage, type ListedOutcome } from './report-summary.js';
import type { MessageResume } from './resume-state.js';

export interface SummaryOptions {
  limit?: number; // entries per list (default 100)
  /** Also collect every failure, uncapped, into `retry` (for `report --failed FILE`). */
  retry?: boolean;
}

/** What the first pass learns about the runs, besides the message state. */
interface RunHistory {
  last?: RunRecord;
  lastEnd?: EndRecord; // the end record of the last run, if it wrote one
  lastT?: string; // the time of the journal's last record
}

export async function summarizeJournal(path: string, opts: SummaryOptions = {}): Promise<JournalSummary> {
  const limit = opts.limit ?? 100;
  // ACCEPTD is read as the last run meant it (--acceptd, recorded in its run record).
  const state = new JournalState({ latency: true, acceptd: 'as-recorded' });
  const s = emptySummary(path);
  const runs = await readRuns(path, state, s, limit);
  const retry = classifyMessages(state, s, limit, opts.retry === true);
  if (retry) s.retry = retry;
  await fillListed(path, state, s, retry);
  conclude(s, state, runs);
  return s;
}

/** Pass 1: the message state, the runs, the skipped rows. */
async function readRuns(path: string, state: JournalState, s: JournalSummary, limit: number): Promise<RunHistory> {
  const skippedSeen = new Set<string>(); // a resume skips the same rows again: count them once
  const runs: RunHistory = {};
  await forEachRecord(path, (r) => {
    state.apply(r);
    if (typeof r.t === 'string') runs.lastT = r.t;
    if (r.ev === 'receipt') s.receipts.recorded++;
    else if (r.ev === 'end') runs.lastEnd = r;
    else if (r.ev === 'run') {
      s.firstRun ??= r.t;
      s.lastRun = r.t;
      runs.last = r;
      runs.lastEnd = undefined;
    } else if (r.ev === 'skipped') countSkipped(r, s, skippedSeen, limit);
  });
  s.runs = state.runs;
  s.resumes = Math.max(0, state.runs - 1);
  const summaryOfEnd = runs.lastEnd?.summary as { exitCode?: unknown } | undefined;
  const running = !runs.lastEnd && lockHolder(path) !== undefined;
  s.lastRunState = lastRunState(runs.last, runs.lastEnd ? (summaryOfEnd ?? {}) : undefined, running, runs.lastT);
  s.finished = s.lastRunState.state === 'finished';
  return runs;
}

function countSkipped(r: SkippedRecord, s: JournalSummary, seen: Set<string>, limit: number): void {
  const id = `${r.key ?? ''}\0${r.line ?? ''}\0${r.reason}`;
  if (seen.has(id)) return;
  seen.add(id);
  s.skipped++;
  if (s.skippedRows.length < limit) s.skippedRows.push(pick({ line: r.line, to: r.to, reason: r.reason }));
  else s.skippedNotListed++;
}

/** Counts every message by outcome and lists the first `limit` worth naming; returns the retry list if asked. */
function classifyMessages(state: JournalState, s: JournalSummary, limit: number, wantRetry: boolean): ListedMessage[] | undefined {
  const retry: ListedMessage[] | undefined = wantRetry ? [] : undefined;
  for (const m of state.messages()) {
    s.messages.total++;
    s.parts += m.parts.length;
    const outcome = outcomeOf(m);
    if (outcome === 'accepted' || outcome === 'failed') s.messages.accepted++;
    else s.messages[outcome]++;
    if (outcome !== 'unsent') countReceipts(m, s);
    if (outcome === 'accepted') {
      // Without any receipt in the journal, receipts were not asked for (or not waited for).
      if (s.receipts.recorded > 0 && awaitsReceipt(m)) {
        if (s.missingReceipts.length < limit) s.missingReceipts.push(entry(m, 'awaiting-receipt', missingReason(m)));
        else s.missingReceiptsNotListed++;
      }
      continue;
    }
    if (s.failures.length < limit) s.failures.push(entry(m, outcome, defaultReason(m, outcome)));
    else s.failuresNotListed++;
    retry?.push(entry(m, outcome, defaultReason(m, outcome)));
  }
  return retry;
}

/** Pass 2: recipients, lines and reasons of the listed messages; rejected parts by status. */
async function fillListed(path: string, state: JournalState, s: JournalSummary, retry: ListedMessage[] | undefined): Promise<void> {
  const listed = new Map<string, ListedMessage[]>();
  for (const e of [...s.failures, ...s.missingReceipts, ...(retry ?? [])]) listed.set(e.key, [...(listed.get(e.key) ?? []), e]);
  await forEachRecord(path, (r) => {
    if (r.ev === 'rejected') countRejectedPart(r, state, s);
    const entries = 'key' in r && typeof r.key === 'string' ? listed.get(r.key) : undefined;
    for (const e of entries ?? []) fillEntry(e, r);
  });
}

/** A rejection counts by status when it is the part's last word (not one a resend replaced). */
function countRejectedPart(r: RejectedRecord, state: JournalState, s: JournalSummary): void {
  const part = state.get(r.key)?.parts[r.part];
  if (part?.state !== 'rejected' || part.status !== r.status) return;
  const name = typeof r.name === 'string' && r.name !== '' ? r.name : String(r.status);
  s.rejectedByStatus[name] = (s.rejectedByStatus[name] ?? 0) + 1;
}

function fillEntry(e: ListedMessage, r: JournalRecord): void {
  if (r.ev === 'queued') {
    e.to = String(r.to);
    if (typeof r.from === 'string') e.from = r.from;
    if (r.line !== undefined) e.line = r.line;
  } else if (r.ev === 'rejected' && e.outcome === 'rejected') {
    e.reason = rejectReason(r.name, r.reason) || e.reason;
  } else if (r.ev === 'receipt' && e.outcome === 'failed' && r.state !== 'DELIVRD' && r.state !== 'ACCEPTD') {
    e.reason = receiptReason(r.state, r.err);
  }
}

/** Latency, report's exit code, and how to resume a job that is not done. */
function conclude(s: JournalSummary, state: JournalState, runs: RunHistory): void {
  const argv = Array.isArray(runs.last?.argv) ? runs.last.argv.map(String) : [];
  const latency = summarizeLatency(state.latencies);
  if (latency) s.latency = latency;
  s.exitCode = reportExitCode(s.lastRunState, s, waitedFor(argv));
  const incomplete = !s.finished && s.lastRunState.state !== 'running' && s.lastRunState.state !== 'none';
  if ((incomplete || s.messages.unsent > 0 || s.messages.unconfirmed > 0) && runs.last) s.resume = resumeCommand(argv);
}

function entry(m: MessageResume, outcome: ListedOutcome, reason: string): ListedMessage {
  return { key: m.key, to: '?', outcome, reason };
}

function pick<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
