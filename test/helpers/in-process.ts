// The CLI run in this test process through main(io), with the result shape of runCli (spawned):
// exit code, stdout, stderr. No process start (~0.3-0.5 s each), so argument, config and error
// matrices stay fast. Keep runCli where the process itself is the subject: signals as the OS
// sends them, exit flushing, closed pipes, the bundle, the process list.
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { EXIT } from '../../src/exit-codes.js';
import { cleanEnv, type CliResult } from './cli.js';

/** What a test can do to a running in-process CLI: what a signal would do to the spawned one. */
export interface RunningMain {
  /** SIGINT or SIGTERM: the run stops in order and exits 130, as bin/smpp-send's first signal does. */
  kill(signal?: 'SIGINT' | 'SIGTERM'): void;
}

export interface MainOptions {
  env?: Record<string, string | undefined>;
  /** Standard input: a pipe holding this, then closed (empty when not given), as runCli gives. */
  input?: string | Buffer;
  /** A terminal on stdin (runCli's stdin is always a pipe). */
  stdinIsTTY?: boolean;
  cwd?: string;
  /** Past this the result is { code: null, signal: 'SIGKILL' }, as runCli's kill; the run is stopped. */
  timeoutMs?: number;
  /** Called with each stdout write, a tick later (as a pipe would deliver it). */
  onStdout?: (chunk: string, run: RunningMain) => void;
}

const EMPTY_DIR = fileURLToPath(new URL('../fixtures/empty-dir/', import.meta.url));

/** main(io) with string outputs, a piped stdin and runCli's clean environment and working folder. */
export async function runMain(args: string[], opts: MainOptions = {}): Promise<CliResult> {
  const stop = new AbortController();
  const out = { stdout: '', stderr: '' };
  let ended = false; // once main has answered, later writes would never reach a reader
  let interrupted = false;
  const running: RunningMain = {
    kill() {
      // bin/smpp-send leaves at once on a second signal: that is a test for the spawned CLI.
      if (interrupted) throw new Error('runMain: a second signal ends the process; test that with runCli');
      interrupted = true;
      stop.abort();
    },
  };
  const stdin = new PassThrough();
  stdin.end(opts.input ?? '');
  const io: Io = {
    argv: args,
    env: cleanEnv(opts.env),
    cwd: opts.cwd ?? EMPTY_DIR,
    stdin,
    stdinIsTTY: opts.stdinIsTTY ?? false,
    stdout: {
      write(text: string) {
        if (ended) return true;
        out.stdout += text;
        if (opts.onStdout) setImmediate(() => !ended && opts.onStdout!(String(text), running));
        return true;
      },
    },
    stderr: { write: (text: string) => (ended || (out.stderr += text), true) },
  };
  const answer = main(io, { stop: stop.signal }).then(
    (code) => ({ code: interrupted ? EXIT.interrupted : code, signal: null }),
    (err: unknown) => {
      out.stderr += `internal error: ${String(err)}\n`;
      return { code: EXIT.internal, signal: null };
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ code: null; signal: 'SIGKILL' }>((resolve) => {
    timer = setTimeout(() => {
      stop.abort(); // let the abandoned run wind down instead of holding sockets in this worker
      resolve({ code: null, signal: 'SIGKILL' });
    }, opts.timeoutMs ?? 15_000);
  });
  const ending = await Promise.race([answer, timeout]);
  clearTimeout(timer);
  ended = true;
  return { ...ending, stdout: out.stdout, stderr: out.stderr };
}
