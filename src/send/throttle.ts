// Submit pacing shared by all binds: at most `tps` submits in ANY one-second window at the SMSC,
// evenly spaced, slowing down when the SMSC says it is throttling us.
//
// These rules decide when the next take may go:
//  - even spacing (GCRA, the "virtual scheduling" form of a token bucket): takes on a grid
//    (1000 + GRID_SLACK_MS)/tps ms apart. A take that a late timer delayed by up to TOLERANCE_MS
//    keeps the grid, so the next one comes sooner and the lost time is caught up; a longer gap
//    (idle) restarts the grid. Without spacing a whole second's worth could go in one burst;
//  - a sliding window over arrivals (arrival-log.ts): a take may go once the tps-th most recent
//    one ARRIVED at the SMSC more than 1000 + GUARD_MS ms ago, by the bound its answer gives.
//    This alone guarantees that no window [t, t+1000) at the SMSC holds more than tps, whatever
//    the timers do, and whatever lumps the SMSC (or our own stalls) made of evenly sent submits.
//    The grid is a little wider than the guard, so with punctual timers and a prompt SMSC the
//    guard never has to step in, and late timers are caught up instead of adding up;
//  - once the SMSC has throttled us (it may enforce a minimum gap, as Jasmin does), no catching
//    up: takes 1000/rate ms apart, while that is at least STRICT_MS (timers cannot keep a
//    shorter gap: one take per wake-up would cap the rate near 1000/s).
// A token bucket alone (burst = tps) lets up to 2×tps through some one-second windows.
//
// With tps 0 (unlimited) take() is a shared resolved promise and only counts. What rate to pace
// at when the SMSC throttles (ESME_RTHROTTLED / ESME_RMSGQFUL) is RateAdapter's call
// (rate-adapter.ts): not halving, but the rate the SMSC accepted, searched upward from there;
// with a configured tps, sparse throttles change nothing.
import { RateAdapter } from './rate-adapter.js';
import { ArrivalLog, UNTRACKED, type ArrivalOutcome } from './arrival-log.js';
import { realClock, type RunClock } from './clock.js';

export type { Clock, RunClock } from './clock.js';
export { UNTRACKED, type ArrivalOutcome } from './arrival-log.js';

const WINDOW_MS = 1000;
/**
 * The guard's margin: an arrival bound is good to the one-way trip, and an SMSC stamps whole
 * milliseconds. The grid's is wider by what an answer's bound is usually late by (the SMSC's
 * turn, our reading of the answer), so that the guard binds only when arrivals really bunched.
 * Together they cost 0.4% of the rate (measured: bench/rate-detail.js).
 */
const GUARD_MS = 2;
const GRID_SLACK_MS = 4;
/** Lateness (timer wake-ups, stalls) that is caught up rather than lost; the arrival window bounds the catch-up. */
const TOLERANCE_MS = 250;
/** The shortest gap kept strictly after a throttle: timers wake up ~1 ms late. */
const STRICT_MS = 2;
/** The most takes per second the arrival guard can bound. */
const MAX_RATE = 1 << 19;

const UNTRACKED_NOW: Promise<number> = Promise.resolve(UNTRACKED);

interface Waiter {
  resolve: (ticket: number) => void;
}

export class Throttle {
  private readonly clock: RunClock;
  private readonly configured: number;
  private readonly minTps: number;
  private rate: number; // current limit in takes per second; 0 = unlimited
  private readonly adapter: RateAdapter;
  private spacing = 0; // ms between takes at the current rate
  private tat = -Infinity; // GCRA theoretical arrival time of the next take
  private readonly arrivals: ArrivalLog;
  private queue: (Waiter | undefined)[] = [];
  private qHead = 0;
  private pumping = false;
  private wake?: () => void; // the pump, waiting for an answer

  constructor(opts: { tps: number; clock?: RunClock; minTps?: number }) {
    if (!(opts.tps >= 0) || !Number.isFinite(opts.tps)) throw new RangeError(`tps must be 0 or more, got ${opts.tps}`);
    this.clock = opts.clock ?? realClock;
    this.configured = Math.floor(opts.tps);
    this.minTps = Math.max(1, Math.min(opts.minTps ?? 1, this.configured || Infinity));
    this.adapter = new RateAdapter({ configured: this.configured, minTps: this.minTps });
    this.rate = 0;
    this.arrivals = new ArrivalLog(2 * Math.min(MAX_RATE, Math.max(1, this.configured)));
    if (this.configured > 0) this.setRate(this.configured);
  }

  /** The limit now in force, in submits per second; 0 = unlimited. */
  get currentTps(): number {
    return this.rate;
  }

  /**
   * Resolves with a ticket when one submit may go now (FIFO: earlier callers first). It is
   * counted at the moment it resolves, so send it then, and hand the ticket to ended().
   */
  take(): Promise<number> {
    if (this.rate === 0) {
      this.observe();
      return UNTRACKED_NOW;
    }
    if (this.qHead === this.queue.length) {
      const ticket = this.tryNow();
      if (ticket !== undefined) return Promise.resolve(ticket);
    }
    return new Promise((resolve) => {
      this.queue.push({ resolve });
      if (!this.pumping) void this.pump();
    });
  }

  /** take() without waiting: a ticket if a submit may go now (and was counted), else undefined. */
  tryTake(): number | undefined {
    if (this.rate === 0) {
      this.observe();
      return UNTRACKED;
    }
    return this.qHead === this.queue.length ? this.tryNow() : undefined;
  }

  /** The submit of `ticket` was answered, lost, or never written: when it reached the SMSC. */
  ended(ticket: number, outcome: ArrivalOutcome): void {
    if (ticket === UNTRACKED) return;
    this.arrivals.end(ticket, this.clock.now(), outcome);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
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
    this.arrivals.grow(2 * Math.min(MAX_RATE, Math.ceil(rate)));
    this.setRate(rate);
  }

  private setRate(rate: number): void {
    this.rate = rate;
    this.spacing = (WINDOW_MS + GRID_SLACK_MS) / rate;
  }

  /** The earliest time the next take may go; Infinity while an unanswered submit holds it. */
  private readyAt(now: number): number {
    const limit = Math.max(1, Math.min(this.arrivals.capacity >> 1, Math.floor(this.rate)));
    const arrived = this.arrivals.arrivedBy(this.arrivals.count - limit, now);
    return Math.max(this.tat, arrived + WINDOW_MS + GUARD_MS);
  }

  private tryNow(): number | undefined {
    const now = this.clock.now();
    return now < this.readyAt(now) ? undefined : this.commit(now);
  }

  private commit(now: number): number {
    // A late take (a timer, a stall here or at the SMSC) is caught up on the grid, so the average
    // stays N; the arrival window keeps the catch-up within N a second at the SMSC. More than
    // TOLERANCE_MS behind is idle: the grid starts again from now.
    const caughtUp = (now - this.tat > TOLERANCE_MS ? now : this.tat) + this.spacing;
    // Once the SMSC has throttled us, no catching up: takes stay 1000/rate ms apart, since an SMSC
    // that enforces a minimum gap between submits (Jasmin) refuses the closer ones.
    const gap = WINDOW_MS / this.rate;
    this.tat = this.adapter.seenThrottle && gap >= STRICT_MS ? Math.max(caughtUp, now + gap) : caughtUp;
    this.adapter.took(now, 1);
    return this.arrivals.add(now);
  }

  /** Serves the queue in order; one timer at a time, only while someone waits. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.qHead < this.queue.length) {
        const w = this.queue[this.qHead]!;
        let ticket = UNTRACKED;
        if (this.rate !== 0) {
          const now = this.clock.now();
          const ready = this.readyAt(now);
          if (now < ready) {
            await this.until(ready === Infinity ? this.arrivals.holdUntil() : ready, ready === Infinity);
            continue;
          }
          ticket = this.commit(now);
        }
        this.queue[this.qHead++] = undefined;
        w.resolve(ticket);
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

  /** Sleeps until `at`, or (waiting for an answer) until ended() is called, whichever is first. */
  private until(at: number, answer: boolean): Promise<void> {
    const ms = Math.max(0, at - this.clock.now());
    if (!answer) return this.clock.sleep(ms);
    return new Promise((resolve) => {
      const cancel = this.clock.timer(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        cancel();
        resolve();
      };
    });
  }

  private observe(): void {
    this.adapter.took(this.clock.now(), 1);
  }
}
