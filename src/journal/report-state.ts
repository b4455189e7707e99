// How the journal's last run ended, what `report` exits with, and the command that resumes the
// job. Pure: the caller reads the journal and the lock.
import { EXIT, EXIT_CODE_DOCS } from '../exit-codes.js';

/**
 * none: no run recorded. running: a live run holds the journal's lock. crashed: the last run wrote
 * no 'end' and holds no lock (killed, power cut). interrupted: it ended on SIGINT/SIGTERM (130).
 * stopped: it ended early on an error (exit 1-5, 9-11) or a closed pipe (141). finished: it read
 * all its input (exit 0, 6, 7, 8).
 */
export type LastRunState = 'none' | 'running' | 'crashed' | 'interrupted' | 'stopped' | 'finished';

export interface LastRun {
  state: LastRunState;
  startedAt?: string; // its run record
  pid?: number;
  exitCode?: number; // from its end record
  lastRecordAt?: string; // the journal's last word (when a crashed run was last heard of)
}

const FINISHED: readonly number[] = [EXIT.ok, EXIT.rejected, EXIT.receipts, EXIT.unconfirmed];

export function lastRunState(run: { t?: string; pid?: number } | undefined, end: { exitCode?: unknown } | undefined, running: boolean, lastRecordAt?: string): LastRun {
  if (!run) return { state: 'none' };
  const base = { ...(run.t ? { startedAt: run.t } : {}), ...(typeof run.pid === 'number' ? { pid: run.pid } : {}) };
  if (!end) {
    if (running) return { state: 'running', ...base };
    return { state: 'crashed', ...base, ...(lastRecordAt ? { lastRecordAt } : {}) };
  }
  const exitCode = typeof end.exitCode === 'number' ? end.exitCode : undefined;
  const state: LastRunState = exitCode === EXIT.interrupted ? 'interrupted' : exitCode === undefined || FINISHED.includes(exitCode) ? 'finished' : 'stopped';
  return { state, ...base, ...(exitCode !== undefined ? { exitCode } : {}) };
}

export interface JobCounts {
  messages: { accepted: number; rejected: number; unconfirmed: number; unsent: number };
  skipped: number;
  receipts: { recorded: number; failed: number; missing: number };
}

/**
 * `report`'s exit code, in the order of a run's (README): 9 a run is still at it; 6 something
 * not sent (rejected, skipped, queued and not sent, or the last run did not read all its input);
 * 8 unconfirmed; 7 a receipt reported failure, or (when the last run waited for receipts, as a
 * run's own exit code counts them only then) some have no final receipt; else 0.
 */
export function reportExitCode(last: LastRun, c: JobCounts, waited: boolean): number {
  if (last.state === 'running') return EXIT.locked;
  if (last.state !== 'finished') return EXIT.rejected;
  const m = c.messages;
  if (m.rejected > 0 || m.unsent > 0 || c.skipped > 0) return EXIT.rejected;
  if (m.unconfirmed > 0) return EXIT.unconfirmed;
  if (c.receipts.failed > 0 || (waited && c.receipts.missing > 0)) return EXIT.receipts;
  return EXIT.ok;
}

/** Whether a run's argv asked to wait for receipts (--wait, -w, --wait=5m). */
export function waitedFor(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--wait' || a === '-w' || a.startsWith('--wait='));
}

/** The last run's command, quoted for a POSIX shell (the journal holds it without the password). */
export function resumeCommand(argv: readonly string[]): string {
  return ['smpp-send', ...argv.map(shellQuote)].join(' ');
}

function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** One line on how the last run ended, for people. */
export function describeLastRun(last: LastRun): string {
  switch (last.state) {
    case 'none':
      return 'no run recorded yet (empty journal)';
    case 'running':
      return `a run is in progress (pid ${last.pid}, started ${last.startedAt}): these counts are so far`;
    case 'crashed':
      return `the last run did not finish: it was killed or crashed${last.lastRecordAt ? ` (last record ${last.lastRecordAt})` : ''}`;
    case 'interrupted':
      return 'the last run was interrupted (Ctrl-C or SIGTERM, exit 130) before it read all its input';
    case 'stopped':
      return `the last run stopped early with exit ${last.exitCode}${exitName(last.exitCode)}`;
    case 'finished':
      return `the last run finished${last.exitCode !== undefined ? ` (exit ${last.exitCode}${exitName(last.exitCode)})` : ''}`;
  }
}

function exitName(code: number | undefined): string {
  const doc = EXIT_CODE_DOCS.find((d) => d.code === code);
  return doc ? `, ${doc.name}` : '';
}
