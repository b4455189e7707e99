// A send (the command without a word) and its dry run: settings -> reporter -> run -> summary,
// and the fatal error told once, in the form the output mode wants.
import { EXIT } from '../exit-codes.js';
import type { Settings } from '../config/settings.js';
import type { Io } from './io.js';
import type { FailureContext } from './failure.js';
import type { SendCommand } from './load-settings.js';
import type { Reporter } from './reporters/types.js';

/** What main's failure handler needs to know of the run so far; filled in as the send starts. */
export type RunSoFar = Pick<FailureContext, 'reporter' | 'json'>;

export async function sendCommand(loaded: SendCommand, io: Io, stop: AbortSignal | undefined, soFar: RunSoFar): Promise<number> {
  const s = loaded.settings;
  soFar.json = s.json;
  const { makeReporter } = await import('./reporters/index.js');
  const output = await makeReporter(s, io, stop);
  const reporter = output.reporter;
  soFar.reporter = reporter;
  for (const warning of loaded.warnings) reporter.warning(warning);
  // Recipients from a file or stdin: maybe millions. From the command line: a few, and start-up is most of the run.
  if (s.batch !== undefined || s.toFile !== undefined) await io.keepHeapSmall?.();
  if (s.dryRun) return dryRunCommand(s, io, reporter);
  const trace = s.debug ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
  const { runSend } = await import('../send/run.js');
  const summary = await runSend(s, {
    get stdin() {
      return io.stdin; // only if the input is stdin (see runCli)
    },
    emit: output.emit,
    argv: io.argv,
    ...(trace ? { trace } : {}),
    ...(stop ? { signal: stop } : {}),
  });
  output.done();
  if (summary.fatal?.exitCode === EXIT.bind) summary.fatal.message += (await import('./bind-origin.js')).credentialOrigins(loaded);
  // A run that never got going (bind refused, SMSC unreachable) is told by its error alone,
  // except in JSON, where the summary is always the last line.
  const started = summary.counts.messages + summary.counts.skipped + summary.counts.duplicates > 0;
  if (started || s.json || !summary.fatal) reporter.summary(summary);
  if (summary.fatal) {
    // Already in the JSON summary; stderr gets the one line a person reads.
    if (s.json) io.stderr.write(`error: ${summary.fatal.message}\n`);
    else reporter.error(summary.fatal.message, summary.fatal.exitCode);
    if (io.argv.includes('--debug') && summary.fatal.stack) io.stderr.write(`${summary.fatal.stack}\n`);
  }
  return summary.exitCode;
}

async function dryRunCommand(s: Settings, io: Io, reporter: Reporter): Promise<number> {
  const { dryRun, dryRunSummary } = await import('../send/dry-run.js');
  const result = await dryRun(s, { get stdin() { return io.stdin; }, plan: (item) => reporter.plan(item), emit: (ev) => reporter.event(ev) });
  const summary = dryRunSummary(result);
  reporter.summary(summary);
  return summary.exitCode;
}
