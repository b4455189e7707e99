// The one place that turns outcomes into output and an exit code, and the only caller of
// process.exit. Heavy modules (cosmiconfig, node-smpp, chalk) load lazily so --help and
// --version stay fast.
import { isatty } from 'node:tty';
import { EXIT } from '../exit-codes.js';
import type { Io } from './io.js';
import type { Reporter } from './reporters/types.js';
import { reportFailure } from './failure.js';
import { OUTPUT_CLOSED } from '../send/outcome.js';

// The bundle's public surface (bin/ and embedders): main, runCli and describeError.
export { describeError } from './failure.js';

export async function main(io: Io, signals?: { stop: AbortSignal }): Promise<number> {
  const debug = io.argv.includes('--debug');
  const startedAt = Date.now();
  let reporter: Reporter | undefined;
  let json: boolean | undefined; // known once the settings are
  try {
    if (io.argv[0] === 'completion') return await (await import('./completion-command.js')).completionCommand(io);
    const { loadSettings } = await import('./load-settings.js');
    const loaded = await loadSettings({ argv: io.argv, env: io.env, cwd: io.cwd, stdinIsTTY: io.stdinIsTTY, now: new Date() });
    if (loaded.command === 'help' || loaded.command === 'version') {
      io.stdout.write(loaded.text.endsWith('\n') ? loaded.text : `${loaded.text}\n`);
      return EXIT.ok;
    }
    const { makeReporter } = await import('./reporters/index.js');
    if (loaded.command === 'report') {
      const { reportCommand } = await import('./report-command.js');
      return await reportCommand(loaded, io);
    }
    if (loaded.command === 'config') {
      const { configCommand } = await import('./config-command.js');
      return configCommand(loaded, io);
    }
    if (loaded.command === 'probe') {
      const { probeCommand } = await import('./probe-command.js');
      return await probeCommand(loaded, io, signals?.stop);
    }
    if (loaded.command !== 'send') {
      for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
      const { receiveCommand } = await import('./receive-command.js');
      return await receiveCommand(loaded, io, signals?.stop);
    }
    const s = loaded.settings;
    json = s.json;
    const output = await makeReporter(s, io, signals?.stop);
    reporter = output.reporter;
    for (const warning of loaded.warnings) reporter.warning(warning);
    const trace = s.debug ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
    if (s.dryRun) {
      const { dryRun, dryRunSummary } = await import('../send/dry-run.js');
      const result = await dryRun(s, { stdin: io.stdin, plan: (item) => reporter!.plan(item), emit: (ev) => reporter!.event(ev) });
      const summary = dryRunSummary(result);
      reporter.summary(summary);
      return summary.exitCode;
    }
    const { runSend } = await import('../send/run.js');
    const summary = await runSend(s, {
      stdin: io.stdin,
      emit: output.emit,
      argv: io.argv,
      ...(trace ? { trace } : {}),
      ...(signals ? { signal: signals.stop } : {}),
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
      if (debug && summary.fatal.stack) io.stderr.write(`${summary.fatal.stack}\n`);
    }
    return summary.exitCode;
  } catch (err) {
    return reportFailure(io, err, { ...(reporter ? { reporter } : {}), ...(json !== undefined ? { json } : {}), debug, startedAt });
  }
}

/** Entry point of bin/smpp-send: real process, signals, exit once stdout is flushed. */
export function runCli(): void {
  const stop = new AbortController();
  let signalled = false;
  const onSignal = () => {
    if (signalled) {
      // Second signal: leave now. Journals are flushed by their own exit hook.
      process.exit(EXIT.interrupted);
    }
    signalled = true;
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // stdout or stderr closed early (`| head -1`): like SIGPIPE for a well-behaved Unix tool, but
  // in order: stop taking messages, settle what is in flight, journal, unbind, exit 141. Later
  // writes to the closed stream fail into this same listener, never into an uncaught exception.
  let pipeClosed = false;
  const onStreamError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED' && err.code !== 'ECONNRESET') throw err;
    if (pipeClosed) return;
    pipeClosed = true;
    stop.abort(OUTPUT_CLOSED);
  };
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  const io: Io = {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    // Built on first use: creating process.stdin costs a one-message run start-up time.
    get stdin() {
      return process.stdin;
    },
    stdinIsTTY: isatty(0),
    stdout: process.stdout,
    stderr: process.stderr,
  };
  main(io, { stop: stop.signal }).then(
    (code) => exitAfterFlush(pipeClosed ? EXIT.pipe : signalled ? EXIT.interrupted : code),
    (err) => {
      process.stderr.write(`internal error: ${String(err)}\n`);
      exitAfterFlush(EXIT.internal);
    },
  );
}

function exitAfterFlush(code: number): void {
  process.exitCode = code;
  // A pipe may still hold output: exit once stdout and stderr have drained.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
