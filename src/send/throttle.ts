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
// With tps 0 (unlimited) take() is a shared resolved promise and only counts. What rate to pace
// at when the SMSC throttles (ESME_RTHROTTLED / ESME_RMSGQFUL) is RateAdapter's call
// (rate-adapter.ts): not halving, but the rate the SMSC accepted, searched upward from there;
// with a configured tps, sparse throttles change nothing.
import { RateAdapter } from './rate-adapter.js';
import { realClock, type Clock } from './clock.js';

export type { Clock } from './clock.js';

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
/** The sliding log's size bound (takes per second it can pace exactly). */
const MAX_RING = 1 << 20;

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
  private readonly adapter: RateAdapter;
  private spacing = 0; // ms between takes at the current rate
  private tat = -Infinity; // GCRA theoretical arrival time of the next take
  private ring: Float64Array; // times of the most recent takes, circular
  private head = 0; // next write position in ring
  private filled = 0; // valid entries in ring
  private queue: (Waiter | undefined)[] = [];
  private qHead = 0;
  private pumping = false;

  constructor(opts: { tps: number; clock?: Clock; minTps?: number }) {
    if (!(opts.tps >= 0) || !Number.isFinite(opts.tps)) throw new RangeError(`tps must be 0 or more, got ${opts.tps}`);
    this.clock = opts.clock ?? realClock;
    this.configured = Math.floor(opts.tps);
    this.minTps = Math.max(1, Math.min(opts.minTps ?? 1, this.configured || Infinity));
    this.adapter = new RateAdapter({ configured: this.configured, minTps: this.minTps });
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

  /** The SMSC answered ESME_RTHROTTLED or ESME_RMSGQFUL (the part is retried by the caller). */
  onThrottled(): void {
    this.apply(this.adapter.throttled(this.clock.now()));
  }

  /** A submit was accepted. */
  onSuccess(): void {
    this.apply(this.adapter.succeeded(this.clock.now()));
  }

  private apply(rate: number | undefined): void {
    if (rate === undefined || rate === this.rate) return;
    if (rate === 0) {
      this.rate = 0;
      return;
    }
    if (rate > this.ring.length) this.growRing(Math.min(MAX_RING, Math.ceil(rate)));
    this.setRate(rate);
  }

  private setRate(rate: number): void {
    this.rate = rate;
    this.spacing = (WINDOW_MS + WIRE_SLACK_MS) / rate;
  }

  /** A bigger log, keeping the most recent takes in order (oldest first). */
  private growRing(size: number): void {
    const old = this.ring;
    const next = new Float64Array(size);
    for (let i = 0; i < this.filled; i++) next[i] = old[(this.head - this.filled + i + old.length) % old.length]!;
    this.ring = next;
    this.head = this.filled % size;
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
    // Catching up keeps takes at least 1000/rate ms apart: an SMSC that enforces a minimum gap
    // between submits (Jasmin) refuses the closer one, even when the average is within the rate.
    const caughtUp = (now - this.tat > TOLERANCE_MS ? now : this.tat) + n * this.spacing;
    // Only when finding the limit by ourselves (no --tps) and once the SMSC has throttled us:
    // otherwise catching up keeps the average exact under late timers.
    const strict = this.configured === 0 && this.adapter.seenThrottle;
    this.tat = strict ? Math.max(caughtUp, now + (n * WINDOW_MS) / this.rate) : caughtUp;
    this.adapter.took(now, n);
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
    this.adapter.took(this.clock.now(), n);
  }
}
