// Picks the reporter for a run (pretty, json or quiet) and wires the progress line.
import { Chalk } from 'chalk';
import { createLogUpdate } from 'log-update';
import type { Settings } from '../../config/settings.js';
import type { RunEvent } from '../../send/events.js';
import type { Io } from '../io.js';
import { Progress } from '../progress.js';
import { jsonReporter } from './json.js';
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

export function makeReporter(s: Settings, io: Io): Output {
  if (s.json) return plain(jsonReporter(io));
  if (s.quiet) return plain(quietReporter(io));
  const bulk = s.batch !== undefined || s.toFile !== undefined;
  const showProgress = s.progress === true || (s.progress === 'auto' && io.stderr.isTTY === true && !s.dryRun);
  let progress: Progress | undefined;
  if (showProgress) {
    progress = new Progress(createLogUpdate(io.stderr as NodeJS.WriteStream));
    if (!bulk) progress.setTotal(s.to.length);
    else {
      const file = s.batch ?? s.toFile;
      if (file && file !== '-') progress.estimateFromFile(file, s.batch ? 1 : 0);
    }
  }
  const reporter = prettyReporter(io, {
    chalk: new Chalk({ level: colorLevel(s, io.stdout.isTTY) }),
    perMessage: !bulk,
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
