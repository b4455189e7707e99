// How fast the SMSC lets us go, learnt from its ESME_RTHROTTLED answers (issue 9.7). Pure: times
// come in as arguments; the Throttle asks it for a rate and paces to it.
//
// Decisions, for the record:
// - SMSCs limit in three ways: a count per calendar second, a count over a sliding second, or a
//   minimum gap between submits. Halving on a throttle (AIMD) is wrong for all three: one
//   throttle from jitter halved a run, and under a minimum gap a sender just above the limit
//   sees every other submit refused, so its accepted rate halves again.
// - A cut goes to the rate sent times the share of answers the SMSC took (not throttled): exactly
//   the limit for a count limit, half the rate sent for a gap limit just above it, a small step
//   for sparse throttles near a gap limit (jitter). Never below what the SMSC accepted in the
//   last second (a lower bound of its limit under all three kinds), nor below the best rate that
//   ran clean. The accepted rate is counted over a real second of history, never over a shorter
//   period stretched to a second: that read a throttle 300 ms into a period as a limit of a
//   third of the rate (one cut went from 99/s to 28/s), and a period crowded with retries that
//   a per-second limit refused all of as a limit of 1/s (issue 9.7).
// - Rates are what was sent, not the pacer's setting: a period short of demand (retries still
//   pausing, the end of the input) proves nothing about a higher setting.
// - Climbing is a search between the best clean rate and the lowest one refused: halfway each
//   clean second (at most +25%), then, once they meet, probing 2% a second above until refused
//   again. So it settles just under the limit instead of climbing back 1% a second.
// - Without --tps, once paced, a few throttles (JITTER of the submits, judged over a second) are
//   the SMSC's jitter, not its limit: one busy moment there reads several of our submits at once,
//   and a gap limit refuses all but the first whatever our rate. A clear overshoot (CLEAR of the
//   answers throttled) is cut after OBSERVE_MS.
// - With --tps N the user knows the limit: sparse throttles (jitter at the SMSC) are retried and
//   change nothing; only sustained ones (more than TOLERANCE of the submits) lower the rate, and
//   it never goes above N.
// - Throttles within HOLD_MS of a cut answer submits sent before it (and a sliding-window SMSC
//   remembers a burst for a second): they are the same news, not a verdict on the new rate.

/** Throttles answering submits sent before a cut; a sliding window's memory. */
export const HOLD_MS = 1000;
/** A period with many throttles (CLEAR of the answers) is judged after this long (enough submits to measure). */
const OBSERVE_MS = 300;
/** The share of throttled answers that is an overshoot, not jitter: a gap limit refuses half just above it. */
const CLEAR = 0.25;
/** A clean period this long earns a climb. */
const CLEAN_MS = 1000;
/** With --tps: throttles up to this share of the submits (at least 2 a period) are jitter. */
const TOLERANCE = 0.02;
/** Without --tps, once paced: throttles up to this share of the submits (at least 2 a period) are jitter. */
const JITTER = 0.05;
/**
 * At most this much up per clean second: a probe too far above a minimum-gap limit costs half
 * the submits of its period, so small steps settle sooner than bold ones.
 */
const MAX_CLIMB = 1.25;
/** Once the search has met the refused rate, probe this much above per clean second. */
const PROBE = 1.02;
/** A period that sent at least this share of the rate in force ran at that rate (the pacer spaces a little wide, and periods are short). */
const DEMAND = 0.9;
/** The smallest cut: sparse throttles near a gap limit still move the rate. */
const MIN_CUT = 0.02;
/** Successes are kept per step of this long, over the last second. */
const STEP_MS = 100;
const STEPS = 10;

export interface RateAdapterOptions {
  configured: number; // --tps, 0 = none
  minTps: number;
}

export class RateAdapter {
  private rate: number; // 0 = unlimited
  private good = 0; // best rate that ran a clean period
  private bad = Infinity; // lowest rate refused (sustained throttles)
  private probing = false; // ran clean up to `bad`: climbing in PROBE steps
  private unlimitedRate = 0; // the send rate reached before the first cut (no --tps)
  private start = -Infinity; // current period: counts from here
  private takes = 0;
  private successes = 0;
  private throttles = 0;
  private readonly recent = new Uint32Array(STEPS); // successes per STEP_MS over the last second
  private recentStep = -Infinity; // the step (time / STEP_MS) `recent` ends in

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
    this.recent[this.advance(now) % STEPS]!++;
    if (now < this.start) return undefined;
    this.successes++;
    return this.judge(now);
  }

  /** Moves the success history up to `now`; returns the current step. */
  private advance(now: number): number {
    const step = Math.floor(now / STEP_MS);
    if (step > this.recentStep) {
      for (let s = Math.max(this.recentStep + 1, step - STEPS + 1); s <= step; s++) this.recent[s % STEPS] = 0;
      this.recentStep = step;
    }
    return step;
  }

  /** Submits the SMSC accepted in the last second. */
  private acceptedLastSecond(now: number): number {
    this.advance(now);
    let n = 0;
    for (let i = 0; i < STEPS; i++) n += this.recent[i]!;
    return n;
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
    // Unlimited so far: every throttle counts (the limit is unknown). Once paced, sparse throttles
    // are jitter: an SMSC that read two submits in one go (it was busy) refuses the second under
    // a gap limit whatever our rate, so cutting for them only loses rate.
    const share = this.opts.configured > 0 ? TOLERANCE : JITTER;
    const tolerated = this.rate > 0 ? Math.max(2, Math.floor(this.takes * share)) : 0;
    if (this.throttles > tolerated) {
      // Unlimited so far: a full second, so that what was accepted is the limit (a count limit
      // takes a whole second's worth in the first burst; a gap limit needs the time to show).
      // Paced: a clear overshoot is cut soon; a few throttles are judged over a whole second, as
      // one busy moment at the SMSC can refuse several in a row.
      const clear = this.rate > 0 && this.throttles >= (this.throttles + this.successes) * CLEAR;
      return elapsed >= (clear ? OBSERVE_MS : CLEAN_MS) ? this.cut(now, elapsed) : undefined;
    }
    if (elapsed < CLEAN_MS) return undefined;
    // A second with a few throttles, tolerated: hold the rate, climb only from a clean one.
    if (this.rate > 0) return this.throttles === 0 ? this.climb(now) : this.period(now);
    this.period(now); // unlimited and clean: measure afresh each second
    return undefined;
  }

  private cut(now: number, elapsed: number): number {
    const sent = (this.takes * 1000) / elapsed;
    const refused = this.rate > 0 ? this.inForce(sent) : sent;
    if (this.rate === 0) this.unlimitedRate = sent;
    // Of the answers (not the takes: some are still in flight), the share the SMSC took.
    const taken = 1 - Math.max(MIN_CUT, this.throttles / (this.throttles + this.successes));
    this.bad = refused;
    this.probing = false;
    let next = Math.max(this.acceptedLastSecond(now), refused * taken);
    // Refused at a rate that used to run clean: jitter against a minimum gap, or a lowered
    // limit; step 5% down and search afresh. Otherwise no lower than the best clean rate.
    if (this.good >= refused) {
      this.good = 0;
      next = Math.max(next, refused * 0.95);
    } else next = Math.max(next, this.good);
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
    const sent = this.inForce((this.takes * 1000) / (now - this.start));
    this.good = Math.max(this.good, sent);
    const ceiling = this.opts.configured || Infinity;
    this.period(now);
    // Short of demand: the rate in force was not what held the sending back.
    if (this.rate >= ceiling || sent < this.rate) return undefined;
    let next: number;
    if (this.probing) next = this.rate * PROBE;
    else if (this.bad > this.rate * 1.03) next = Math.min(this.rate * MAX_CLIMB, (this.rate + this.bad) / 2);
    else {
      // Ran clean up to the refused rate: probe above it in small steps until refused again
      // (a leap past a gap limit costs half the submits of a period).
      this.probing = true;
      next = this.rate * PROBE;
    }
    next = Math.min(ceiling, Math.max(this.rate + 1, next));
    // No --tps: back at the rate first reached unthrottled, lift the limit (the SMSC will say).
    if (this.opts.configured === 0 && this.unlimitedRate > 0 && next >= this.unlimitedRate) next = 0;
    this.rate = next;
    return next;
  }

  /** The rate a period ran at: the one in force, unless demand fell well short of it. */
  private inForce(sent: number): number {
    return sent >= this.rate * DEMAND ? this.rate : sent;
  }

  private period(start: number): undefined {
    this.start = start;
    this.takes = 0;
    this.successes = 0;
    this.throttles = 0;
  }
}
