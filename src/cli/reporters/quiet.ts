// --quiet: nothing on stdout; a fatal error is still one line on stderr.
import type { Io } from '../io.js';
import type { Reporter } from './types.js';

export function quietReporter(io: Io): Reporter {
  return {
    event() {},
    plan() {},
    summary() {},
    error(message: string) {
      io.stderr.write(`error: ${message}\n`);
    },
    warning() {},
  };
}
