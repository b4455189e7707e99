// Picks the reporter for a run (pretty, json or quiet) and wires the progress line.
import type { Settings } from '../../config/settings.js';
import type { RunEvent } from '../../send/events.js';
import type { Io } from '../io.js';
import { Progress, withTerminalSize } from '../progress.js';
import { jsonReporter } from './json.js';
import { PLAIN, type Paint } from './paint.js';
import { prettyReporter } from './pretty.js';
import { quietReporter } from './quiet.js';
import type { Reporter } from './types.js';

export interface Output {
  reporter: Reporter;
  /** Feed run events here: they reach the reporter and the progress line. */
  emit: (event: RunEvent) => void;
  /** The run is over: remove the progress line. */
  done: () => void;
}

/** Colour only on a terminal, unless forced; --no-color and NO_COLOR win. */
export function colorLevel(s: Pick<Settings, 'color'>, isTTY: boolean | undefined): 0 | 1 {
  if (s.color === false) return 0;
  if (s.color === true) return 1;
  return isTTY ? 1 : 0;
}

export async function makeReporter(s: Settings, io: Io, stop?: AbortSignal): Promise<Output> {
  if (s.quiet) return plain(quietReporter(io, () => stop?.aborted === true));
  const bulk = s.batch !== undefined || s.toFile !== undefined;
  // --json goes to stdout: a terminal on stderr still gets the progress line.
  const showProgress = s.progress === true || (s.progress === 'auto' && io.stderr.isTTY === true && !s.dryRun);
  let progress: Progress | undefined;
  if (showProgress) {
    // Loaded only for a terminal: it pulls in a dozen modules a cron job never needs.
    const { createLogUpdate } = await import('log-update');
    progress = new Progress(createLogUpdate(withTerminalSize(io.stderr as NodeJS.WriteStream)));
    if (!bulk) progress.setTotal(s.to.length);
    else {
      const file = s.batch ?? s.toFile;
      if (file && file !== '-') progress.estimateFromFile(file, s.batch ? 1 : 0);
    }
  }
  if (s.json) {
    const reporter = jsonReporter(io);
    return { reporter, emit: (ev) => (progress?.event(ev), reporter.event(ev)), done: () => progress?.stop() };
  }
  // chalk loads only when there is colour to paint: cron jobs and pipes never need it.
  let paint: Paint = PLAIN;
  if (colorLevel(s, io.stdout.isTTY) > 0) {
    const { Chalk } = await import('chalk');
    paint = new Chalk({ level: 1 });
  }
  const reporter = prettyReporter(io, {
    paint,
    perMessage: !bulk,
    stopped: () => stop?.aborted === true,
    ...(progress ? { beforeWrite: () => progress!.clear() } : {}),
  });
  return {
    reporter,
    emit: (ev) => {
      progress?.event(ev);
      reporter.event(ev);
    },
    done: () => progress?.stop(),
  };
}

function plain(reporter: Reporter): Output {
  return { reporter, emit: (ev) => reporter.event(ev), done: () => undefined };
}
