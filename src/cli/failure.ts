// A run that fails with an exception, at any stage: one line on stderr, and with --json the
// README's promise kept: an `error` object and then a `summary` as the last line on stdout,
// even when the failure came before the settings (and so the reporter) existed.
import { isKnownError } from '../errors.js';
import { emptyCounts, type RunSummary } from '../send/events.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from './io.js';
import type { Reporter } from './reporters/types.js';

const SUBCOMMANDS_WITHOUT_SUMMARY = new Set(['report']);

/** Exit codes of fatal errors reported as one line; the stack only with --debug. */
export function describeError(err: unknown, debug: boolean): { message: string; exitCode: number; stack?: string } {
  const stack = debug && err instanceof Error ? err.stack : undefined;
  if (isKnownError(err)) {
    const message = err.fix ? `${err.message}; ${err.fix}` : err.message;
    return { message, exitCode: err.exitCode, ...(stack ? { stack } : {}) };
  }
  const text = err instanceof Error ? err.message : String(err);
  return {
    message: `internal error: ${text} (rerun with --debug for details, and please report it)`,
    exitCode: EXIT.internal,
    ...(stack ? { stack } : {}),
  };
}

/** --json among the arguments (before a `--`), read without the parser, which may be what failed. */
export function jsonInArgv(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The summary of a run that ended before it sent anything. */
export function failureSummary(message: string, exitCode: number, elapsedMs: number): RunSummary {
  return {
    counts: emptyCounts(), byStatus: {}, byReceiptState: {}, elapsedMs, avgRate: 0, peakRate: 0,
    interrupted: false, fatal: { message, exitCode }, exitCode,
  };
}

export interface FailureContext {
  reporter?: Reporter; // the run's reporter, if it got that far
  json?: boolean; // the run's settings say --json (undefined: settings never resolved)
  debug: boolean;
  startedAt: number; // Date.now() when main started
}

/** Print a fatal exception as the run's last words; returns the exit code. */
export async function reportFailure(io: Io, err: unknown, ctx: FailureContext): Promise<number> {
  const { message, exitCode, stack } = describeError(err, ctx.debug);
  // `report FILE --json` prints a journal's summary, not a run's: its failures stay on stderr.
  const isRun = !io.argv.some((a) => SUBCOMMANDS_WITHOUT_SUMMARY.has(a));
  const json = ctx.json ?? (isRun && (jsonInArgv(io.argv) || (isKnownError(err) && err.json === true)));
  let reporter = ctx.reporter;
  if (!reporter && json) reporter = (await import('./reporters/json.js')).jsonReporter(io);
  if (reporter) reporter.error(message, exitCode);
  if (json && reporter) reporter.summary(failureSummary(message, exitCode, Date.now() - ctx.startedAt));
  // With JSON on stdout, a person (or cron mail) still gets the line on stderr.
  if (!reporter || json) io.stderr.write(`error: ${message}\n`);
  if (stack) io.stderr.write(`${stack}\n`);
  return exitCode;
}
