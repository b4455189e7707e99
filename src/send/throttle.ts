// Submit pacing shared by all binds: at most `tps` submits in ANY one-second window, evenly
// spaced, slowing down when the SMSC says it is throttling us.
//
// Two rules decide when the next take may go:
//  - a sliding-window log: the times of the last `tps` takes in a ring; a take may go once the
//    tps-th most recent is 1000 ms old. This alone guarantees that no window [t, t+1000) ever
//    holds more than tps takes, whatever the timers do;
//  - even spacing (GCRA, the "virtual scheduling" form of a token bucket): takes on a grid
//    1000/tps ms apart. A take that a late timer delayed by up to TOLERANCE_MS keeps the grid,
//    so the next one comes sooner and the lost time is caught up; a longer gap (idle) restarts
//    the grid. Without spacing the ring would let a whole second's worth go in one burst.
//    Takes never go before their slot, so with punctual timers the ring never has to step in.
// A token bucket alone (burst = tps) lets up to 2×tps through some one-second windows.
//
// With tps 0 (unlimited) take() is a shared resolved promise and only counts, to know the rate
// that was reached if the SMSC starts throttling: the limit then starts at half that rate.
// Adaptation is AIMD, as TCP does it: halve on ESME_RTHROTTLED / ESME_RMSGQFUL (at most once per
// HOLD_MS, since replies to submits already in flight repeat the same news), then climb back by
// about 1% of the ceiling per second of successful sends. Without a configured tps, reaching the
// ceiling again lifts the limit altogether (the SMSC will say so if it is still too fast).

export interface Clock {
  now(): number; // milliseconds, monotonic
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const WINDOW_MS = 1000;
/**
 * A take reaches the SMSC a little later (0.2-2 ms to the wire here, more when either side is
 * busy), and not always equally late, so takes are spaced (1000 + this) / tps ms apart and the
 * log rule keeps the tps-th most recent take this much more than a second away: no second of
 * arrivals holds more than tps while the jitter stays under this. It costs 1% of the rate.
 */
const WIRE_SLACK_MS = 10;
/** Lateness (timer wake-ups) that is caught up rather than lost; bounded by the ring. */
const TOLERANCE_MS = 20;
/** After a decrease, further throttling signals within this time are the same news. */
const HOLD_MS = 1000;
const DECREASE = 0.5;
/** Climb per second of successes, as a share of the ceiling (at least 1 tps). */
const CLIMB_SHARE = 0.01;

const RESOLVED: Promise<void> = Promise.resolve();

interface Waiter {
  n: number;
  resolve: () => void;
}

export class Throttle {
  private readonly clock: Clock;
  private readonly configured: number;
  private readonly minTps: number;
  private rate: number; // current limit in takes per second; 0 = unlimited
  private ceiling: number; // the rate climbing stops at
  private spacing = 0; // ms between takes at the current rate
  private tat = -Infinity; // GCRA theoretical arrival time of the next take
  private ring: Float64Array; // times of the most recent takes, circular
  private head = 0; // next write position in ring
  private filled = 0; // valid entries in ring
  private queue: (Waiter | undefined)[] = [];
  private qHead = 0;
  private pumping = false;
  private holdUntil = -Infinity;
  // Rate seen while unlimited: takes in the current and in the previous one-second bucket.
  private bucketStart = -Infinity;
  private bucketCount = 0;
  private prevCount = 0;

  constructor(opts: { tps: number; clock?: Clock; minTps?: number }) {
    if (!(opts.tps >= 0) || !Number.isFinite(opts.tps)) throw new RangeError(`tps must be 0 or more, got ${opts.tps}`);
    this.clock = opts.clock ?? realClock;
    this.configured = Math.floor(opts.tps);
    this.minTps = Math.max(1, Math.min(opts.minTps ?? 1, this.configured || Infinity));
    this.ceiling = this.configured;
    this.rate = 0;
    this.ring = new Float64Array(Math.max(1, this.configured));
    if (this.configured > 0) this.setRate(this.configured);
  }

  /** The limit now in force, in submits per second; 0 = unlimited. */
  get currentTps(): number {
    return this.rate;
  }

  /**
   * Resolves when n submits may go now (FIFO: earlier callers first). The n are counted at the
   * moment it resolves, so send them then. n above the current limit counts as the limit.
   */
  take(n = 1): Promise<void> {
    if (this.rate === 0) {
      this.observe(n);
      return RESOLVED;
    }
    if (this.qHead === this.queue.length && this.tryNow(n)) return RESOLVED;
    return new Promise((resolve) => {
      this.queue.push({ n, resolve });
      if (!this.pumping) void this.pump();
    });
  }

  /** take() without waiting: true if the n submits may go now (and were counted). */
  tryTake(n = 1): boolean {
    if (this.rate === 0) {
      this.observe(n);
      return true;
    }
    return this.qHead === this.queue.length && this.tryNow(n);
  }

  /** The SMSC answered ESME_RTHROTTLED or ESME_RMSGQFUL: halve the rate. */
  onThrottled(): void {
    const now = this.clock.now();
    if (now < this.holdUntil) return;
    this.holdUntil = now + HOLD_MS;
    if (this.rate === 0) {
      // Unlimited so far: the rate reached becomes the ceiling to climb back to.
      this.ceiling = Math.max(this.minTps, Math.ceil(this.observedRate(now)));
      this.ring = new Float64Array(this.ceiling);
      this.head = 0;
      this.filled = 0;
      this.setRate(this.ceiling);
    }
    this.setRate(Math.max(this.minTps, Math.floor(this.rate * DECREASE)));
  }

  /** A submit was accepted: climb back toward the ceiling, about 1% of it per second. */
  onSuccess(): void {
    if (this.rate === 0) return;
    if (this.clock.now() < this.holdUntil) return;
    if (this.rate >= this.ceiling) {
      // No --tps: the ceiling is only the rate seen when the SMSC first pushed back, which may
      // be the first few submits of a run. Back at it without complaint: lift the limit again.
      if (this.configured === 0) this.rate = 0;
      return;
    }
    const step = Math.max(1, this.ceiling * CLIMB_SHARE);
    this.setRate(Math.min(this.ceiling, this.rate + step / this.rate));
  }

  private setRate(rate: number): void {
    this.rate = rate;
    this.spacing = (WINDOW_MS + WIRE_SLACK_MS) / rate;
  }

  private limit(): number {
    return Math.max(1, Math.min(this.ring.length, Math.floor(this.rate)));
  }

  /** The earliest time n takes may go. */
  private readyAt(n: number): number {
    let t = this.tat;
    const j = this.limit() - n + 1; // the j-th most recent take must have left the window
    if (this.filled >= j) {
      const r = this.ring[(this.head - j + this.ring.length) % this.ring.length]!;
      if (r + WINDOW_MS + WIRE_SLACK_MS > t) t = r + WINDOW_MS + WIRE_SLACK_MS;
    }
    return t;
  }

  private tryNow(n: number): boolean {
    n = Math.min(n, this.limit());
    const now = this.clock.now();
    if (now < this.readyAt(n)) return false;
    this.commit(n, now);
    return true;
  }

  private commit(n: number, now: number): void {
    const cap = this.ring.length;
    for (let i = 0; i < n; i++) {
      this.ring[this.head] = now;
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
    }
    this.filled = Math.min(cap, this.filled + n);
    this.tat = (now - this.tat > TOLERANCE_MS ? now : this.tat) + n * this.spacing;
  }

  /** Serves the queue in order; one timer at a time, only while someone waits. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.qHead < this.queue.length) {
        const w = this.queue[this.qHead]!;
        if (this.rate !== 0) {
          const n = Math.min(w.n, this.limit());
          const now = this.clock.now();
          const ready = this.readyAt(n);
          if (now < ready) {
            await this.clock.sleep(ready - now);
            continue;
          }
          this.commit(n, now);
        }
        this.queue[this.qHead++] = undefined;
        w.resolve();
        if (this.qHead > 1024 && this.qHead * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.qHead);
          this.qHead = 0;
        }
      }
    } finally {
      this.queue = [];
      this.qHead = 0;
      this.pumping = false;
    }
  }

  private observe(n: number): void {
    const now = this.clock.now();
    if (now - this.bucketStart >= WINDOW_MS) {
      this.prevCount = now - this.bucketStart < 2 * WINDOW_MS ? this.bucketCount : 0;
      this.bucketStart = now;
      this.bucketCount = 0;
    }
    this.bucketCount += n;
  }

  private observedRate(now: number): number {
    const elapsed = now - this.bucketStart;
    if (!(elapsed < 2 * WINDOW_MS)) return 0;
    const current = elapsed >= WINDOW_MS / 4 ? (this.bucketCount * WINDOW_MS) / elapsed : this.bucketCount;
    return Math.max(this.prevCount, current);
  }
}

/**
 * Delay before retry number `attempt` (0 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that many senders retrying together spread out but none
 * retries at once. Pure: pass Math.random.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const full = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(full / 2 + random() * (full / 2));
}
