// How fast the SMSC lets us go, learnt from its ESME_RTHROTTLED answers (issue 9.7). Pure: times
// come in as arguments; the Throttle asks it for a rate and paces to it.
//
// Decisions, for the record:
// - SMSCs limit in three ways: a count per calendar second, a count over a sliding second, or a
//   minimum gap between submits. Halving on a throttle (AIMD) is wrong for all three: one
//   throttle from jitter halved a run, and under a minimum gap a sender just above the limit
//   sees every other submit refused, so its accepted rate halves again.
// - What the SMSC accepted while refusing some is a lower bound of its limit under all three
//   kinds (a count limit accepts exactly it; a gap limit accepts at least half of it). So a cut
//   goes to the accepted rate, measured over at least a second (a count limit lets a whole
//   second's worth through in a burst), or to the best rate that ran clean, whichever is higher.
// - Climbing is a search between the best clean rate and the lowest one refused: halfway each
//   clean second (at most +25%), then, once they meet, probing 2% a second above. So it
//   settles just under the limit instead of climbing back 1% a second.
// - With --tps N the user knows the limit: sparse throttles (jitter at the SMSC) are retried and
//   change nothing; only sustained ones (more than TOLERANCE of the submits) lower the rate, and
//   it never goes above N.
// - Throttles within HOLD_MS of a cut answer submits sent before it (and a sliding-window SMSC
//   remembers a burst for a second): they are the same news, not a verdict on the new rate.

/** Throttles answering submits sent before a cut; a sliding window's memory. */
export const HOLD_MS = 1000;
/** A period with throttles is judged after this long (enough submits to measure). */
const OBSERVE_MS = 300;
/** A clean period this long earns a climb. */
const CLEAN_MS = 1000;
/** With --tps: throttles up to this share of the submits (at least 2 a period) are jitter. */
const TOLERANCE = 0.02;
/**
 * At most this much up per clean second: a probe too far above a minimum-gap limit costs half
 * the submits of its period, so small steps settle sooner than bold ones.
 */
const MAX_CLIMB = 1.25;
/** Once the search has met the refused rate, probe this much above per clean second. */
const PROBE = 1.02;

export interface RateAdapterOptions {
  configured: number; // --tps, 0 = none
  minTps: number;
}

export class RateAdapter {
  private rate: number; // 0 = unlimited
  private good = 0; // best rate that ran a clean period
  private bad = Infinity; // lowest rate refused (sustained throttles)
  private unlimitedRate = 0; // the send rate reached before the first cut (no --tps)
  private start = -Infinity; // current period: counts from here
  private takes = 0;
  private successes = 0;
  private throttles = 0;

  constructor(private readonly opts: RateAdapterOptions) {
    this.rate = opts.configured;
  }

  get current(): number {
    return this.rate;
  }

  /** n submits were let go at `now`. */
  took(now: number, n: number): void {
    if (this.start === -Infinity) this.start = now;
    if (now >= this.start) this.takes += n;
  }

  /** A submit was accepted. Returns the new rate when it changed. */
  succeeded(now: number): number | undefined {
    if (now < this.start) return undefined;
    this.successes++;
    return this.judge(now);
  }

  /** Whether the SMSC has ever throttled us (then pacing keeps a strict minimum gap). */
  seenThrottle = false;

  /** ESME_RTHROTTLED or ESME_RMSGQFUL. Returns the new rate when it changed. */
  throttled(now: number): number | undefined {
    this.seenThrottle = true;
    if (this.start === -Infinity) this.start = now;
    if (now < this.start) return undefined; // the same news as the last cut
    this.throttles++;
    return this.judge(now);
  }

  private judge(now: number): number | undefined {
    const elapsed = now - this.start;
    const tolerated = this.opts.configured > 0 ? Math.max(2, Math.floor(this.takes * TOLERANCE)) : 0;
    // Unlimited so far: a full second, so that what was accepted is the limit (a count limit
    // takes a whole second's worth in the first burst; a gap limit needs the time to show).
    const observe = this.rate === 0 ? 1000 : OBSERVE_MS;
    if (this.throttles > tolerated) return elapsed >= observe ? this.cut(now, elapsed) : undefined;
    if (elapsed < CLEAN_MS) return undefined;
    if (this.rate > 0) return this.climb(now);
    this.period(now); // unlimited and clean: measure afresh each second
    return undefined;
  }

  private cut(now: number, elapsed: number): number {
    const sent = (this.takes * 1000) / elapsed;
    const refused = this.rate > 0 ? this.rate : sent;
    if (this.rate === 0) this.unlimitedRate = sent;
    const accepted = (this.successes * 1000) / Math.max(elapsed, 1000);
    this.bad = refused;
    let next: number;
    if (this.good >= refused) {
      // Refused at a rate that used to run clean: jitter against a minimum gap (which refuses
      // about half just above it), or a lowered limit. Step 5% down, or to what was accepted.
      this.good = 0;
      next = Math.max(accepted, refused * 0.95);
    } else next = Math.max(accepted, this.good);
    // With --tps the user vouched for the rate: step down 10% at a time, never straight to what
    // a minimum-gap SMSC accepted from a jittery stream (about half).
    if (this.opts.configured > 0) next = Math.max(next, refused * 0.9);
    next = Math.max(this.opts.minTps, Math.floor(next));
    if (this.opts.configured > 0) next = Math.min(next, this.opts.configured);
    this.rate = next;
    this.period(now + HOLD_MS);
    return next;
  }

  private climb(now: number): number | undefined {
    this.good = Math.max(this.good, this.rate);
    const ceiling = this.opts.configured || Infinity;
    this.period(now);
    if (this.rate >= ceiling) return undefined;
    let next: number;
    if (this.bad > this.rate * 1.03) next = Math.min(this.rate * MAX_CLIMB, (this.rate + this.bad) / 2);
    else {
      this.bad = Infinity; // ran clean up to the refused rate: the limit has moved, probe
      next = this.rate * PROBE;
    }
    next = Math.min(ceiling, Math.max(this.rate + 1, next));
    // No --tps: back at the rate first reached unthrottled, lift the limit (the SMSC will say).
    if (this.opts.configured === 0 && this.unlimitedRate > 0 && next >= this.unlimitedRate) next = 0;
    this.rate = next;
    return next;
  }

  private period(start: number): void {
    this.start = start;
    this.takes = 0;
    this.successes = 0;
    this.throttles = 0;
  }
}
