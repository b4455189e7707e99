// Time and chance as the run sees them. Passed in (RunDeps.clock, RunDeps.random) so that pacing,
// retries and receipt waits can run on virtual time in tests; every timestamp, timer and random
// draw in send/ goes through these.
import { monotonicMs } from '../monotonic.js';

export interface Clock {
  now(): number; // milliseconds, monotonic
  sleep(ms: number): Promise<void>;
}

/** The run's clock: also timers that a stop or an early end cancels (waits, the stop grace). */
export interface RunClock extends Clock {
  /** Calls `fn` after `ms`; the returned function cancels it. */
  timer(fn: () => void, ms: number): () => void;
}

export const realClock: RunClock = {
  now: monotonicMs,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  timer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};
