// The submit rate: submit_sm accepted by the SMSC per second. One definition for the summary's
// average and peak, so they agree with each other and with the time shown (issue 9.13: the
// average was parts over the time since start-up, the peak a count per calendar second, so a
// two-message run read "222.2/s avg, 2/s peak" and --binds 3 had an average above its peak).
//
// - Sending time: from the first submit written to the last one accepted.
// - Average: accepted parts / sending time, the time counted as at least one second: a rate is
//   "per second", and 2 parts in 9 ms were 2 parts in that second, not 222/s.
// - Peak: the most parts accepted in any one-second span (sliding, 100 ms steps), at least the
//   average: bursts that straddle span edges can leave every whole span a little under it.
// Pure: the clock comes in; memory is ten counters whatever the rate.

const STEP_MS = 100;
const STEPS = 10; // one second

export interface SubmitRates {
  sendingMs: number; // first submit to last accepted; 0 when nothing was accepted
  avgRate: number; // parts per second, one decimal
  peakRate: number; // parts in the busiest one-second span
}

export class SubmitRate {
  private start: number | undefined;
  private last = 0;
  private count = 0;
  private readonly steps = new Uint32Array(STEPS);
  private step = 0; // the step (from start) the window ends in
  private window = 0; // parts in the last STEPS steps
  private peak = 0;

  constructor(private readonly now: () => number) {}

  /** A submit goes out; the first one starts the sending time. */
  submitted(): void {
    this.start ??= this.now();
  }

  /** A part was accepted (submit_sm_resp ROK). */
  accepted(): void {
    const t = this.now();
    this.start ??= t;
    const step = Math.floor((t - this.start) / STEP_MS);
    for (let s = this.step + 1; s <= step && s <= this.step + STEPS; s++) this.window -= this.drop(s);
    if (step > this.step) this.step = step;
    this.steps[step % STEPS]!++;
    this.window++;
    if (this.window > this.peak) this.peak = this.window;
    this.count++;
    this.last = t;
  }

  /** Empties the slot step `s` reuses; returns what it held. */
  private drop(s: number): number {
    const i = s % STEPS;
    const n = this.steps[i]!;
    this.steps[i] = 0;
    return n;
  }

  rates(): SubmitRates {
    if (this.count === 0 || this.start === undefined) return { sendingMs: 0, avgRate: 0, peakRate: 0 };
    const sendingMs = this.last - this.start;
    const avgRate = Math.round((this.count / Math.max(sendingMs, 1000)) * 1000 * 10) / 10;
    return { sendingMs, avgRate, peakRate: Math.max(this.peak, Math.ceil(avgRate)) };
  }
}
