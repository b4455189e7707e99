// The one place that turns outcomes into output and an exit code, and the only caller of
// process.exit. Heavy modules (cosmiconfig, node-smpp, chalk) load lazily so --help and
// --version stay fast.
import { isatty } from 'node:tty';
import { EXIT } from '../exit-codes.js';
import type { Io } from './io.js';
import { reportFailure } from './failure.js';
import { sendCommand, type RunSoFar } from './send-command.js';
import { OUTPUT_CLOSED } from '../send/exit-status.js';

// The bundle's public surface (bin/ and embedders): main, runCli and describeError.
export { describeError } from './failure.js';

export async function main(io: Io, signals?: { stop: AbortSignal }): Promise<number> {
  const debug = io.argv.includes('--debug');
  const startedAt = Date.now();
  const soFar: RunSoFar = {}; // the reporter and --json, known once the settings are
  try {
    return await dispatch(io, signals?.stop, soFar);
  } catch (err) {
    const { reporter, json } = soFar;
    return reportFailure(io, err, { ...(reporter ? { reporter } : {}), ...(json !== undefined ? { json } : {}), debug, startedAt });
  }
}

/** The command word (or none: a send) -> the module that runs it, loaded only then. */
async function dispatch(io: Io, stop: AbortSignal | undefined, soFar: RunSoFar): Promise<number> {
  if (io.argv[0] === 'completion') return await (await import('./completion-command.js')).completionCommand(io);
  const { loadSettings } = await import('./load-settings.js');
  const loaded = await loadSettings({ argv: io.argv, env: io.env, cwd: io.cwd, stdinIsTTY: io.stdinIsTTY, now: new Date() });
  switch (loaded.command) {
    case 'help':
    case 'version':
      io.stdout.write(loaded.text.endsWith('\n') ? loaded.text : `${loaded.text}\n`);
      return EXIT.ok;
    case 'report':
      await io.keepHeapSmall?.();
      return await (await import('./report-command.js')).reportCommand(loaded, io);
    case 'config':
      return (await import('./config-command.js')).configCommand(loaded, io);
    case 'probe':
      return await (await import('./probe-command.js')).probeCommand(loaded, io, stop);
    case 'send':
      return await sendCommand(loaded, io, stop, soFar);
    default:
      for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
      await io.keepHeapSmall?.(); // receivers run for long
      return await (await import('./receive-command.js')).receiveCommand(loaded, io, stop);
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
    keepHeapSmall: async () => void (await import('./heap.js')).keepHeapSmall(),
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
