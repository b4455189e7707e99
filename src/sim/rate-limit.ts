// An SMSC's submit rate limit, as real ones enforce it (issue 9.7): a count per calendar second,
// a count over any sliding one-second window, or a minimum gap between submits (Jasmin's way).
// A submit over the limit is answered ESME_RTHROTTLED and does not count. Time comes in as an
// argument (ms, monotonic), so the rules are tested on plain numbers.

export type RateLimitMode = 'per-second' | 'sliding' | 'min-gap';

export interface RateLimit {
  /** Submits allowed per second. */
  tps: number;
  /** Default 'sliding'. */
  mode?: RateLimitMode;
}

export const RATE_LIMIT_MODES: readonly RateLimitMode[] = ['per-second', 'sliding', 'min-gap'];

export class SubmitRateLimiter {
  private readonly tps: number;
  private readonly mode: RateLimitMode;
  private readonly ring: Float64Array; // sliding: times of the last tps admitted submits
  private head = 0;
  private filled = 0;
  private second = -Infinity; // per-second: the current calendar second and its count
  private count = 0;
  private last = -Infinity; // min-gap: the last admitted submit

  constructor(limit: RateLimit) {
    if (!(limit.tps >= 1) || !Number.isFinite(limit.tps)) throw new RangeError(`rate limit must be 1 or more per second, got ${limit.tps}`);
    this.tps = Math.floor(limit.tps);
    this.mode = limit.mode ?? 'sliding';
    this.ring = new Float64Array(this.mode === 'sliding' ? this.tps : 0);
  }

  /** Whether a submit arriving at `t` ms is within the limit; if so it is counted. */
  admit(t: number): boolean {
    switch (this.mode) {
      case 'per-second': {
        const second = Math.floor(t / 1000);
        if (second !== this.second) {
          this.second = second;
          this.count = 0;
        }
        if (this.count >= this.tps) return false;
        this.count++;
        return true;
      }
      case 'sliding': {
        // The tps-th most recent admitted submit must be a full second old.
        if (this.filled === this.tps && t - this.ring[this.head]! < 1000) return false;
        this.ring[this.head] = t;
        this.head = (this.head + 1) % this.tps;
        this.filled = Math.min(this.tps, this.filled + 1);
        return true;
      }
      case 'min-gap': {
        if (t - this.last < 1000 / this.tps) return false;
        this.last = t;
        return true;
      }
    }
  }
}

/** The limiter for the options of the moment: rebuilt when set() brings another rateLimit object. */
export class CurrentRateLimiter {
  private current: { for: RateLimit; it: SubmitRateLimiter } | undefined;

  /** Whether a submit at `t` ms is within `limit`; if so it is counted. */
  admit(limit: RateLimit, t: number): boolean {
    if (this.current?.for !== limit) this.current = { for: limit, it: new SubmitRateLimiter(limit) };
    return this.current.it.admit(t);
  }
}
