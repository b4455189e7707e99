// Waits that a stop (the run's AbortSignal) ends early, all hanging on ONE abort listener.
// A listener per wait made a burst of retry waits print Node's "MaxListenersExceededWarning:
// Possible EventTarget memory leak" on stderr (cron mail) once more than ten were pending.
import { realClock, type RunClock } from './clock.js';

export class Sleeper {
  private readonly pending = new Set<() => void>();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly clock: RunClock = realClock,
  ) {
    signal?.addEventListener('abort', () => {
      for (const wake of [...this.pending]) wake();
    }, { once: true });
  }

  /** Resolves after `ms`, or at once when the signal is (or becomes) aborted. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal?.aborted) return resolve();
      const wake = () => {
        cancel();
        this.pending.delete(wake);
        resolve();
      };
      const cancel = this.clock.timer(wake, ms);
      this.pending.add(wake);
    });
  }

  /** Waits still pending (for tests). */
  get size(): number {
    return this.pending.size;
  }
}

/** One turn of the event loop: timers, sockets and signal handlers run before the caller goes on. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
