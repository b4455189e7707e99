// When the SMSC got our recent submits, as far as we can tell: what --tps must bound is the count
// the SMSC sees in any one second, and that is not the count we sent in one. A stall on its side
// (or ours, between the token and the socket) delivers a stretch of evenly paced submits in one
// lump; the window that starts at the lump then holds the lump and the next second's sends.
//
// Each submit taken from the Throttle gets a ticket (its sequence number). When its answer comes,
// it arrived no later than (answer time - smallest round trip seen lately): the answer took at
// least that long to come back. The Throttle lets a new submit go only when the N-th most recent
// one arrived over a second ago by this bound, so a lump the SMSC read late is counted where it
// landed. Arrivals on one connection come in the order sent (TCP), so a ticket arrived no
// earlier than any ticket before it: the bound uses the latest answer up to it (a prefix
// maximum). The smallest round trip is applied when asked, not when answered: the first answers
// of a run are slow (cold code on both sides), and a bound made with their round trip would be
// too early. A ticket not yet answered is taken as arrived when sent while its answer is not yet
// overdue (older than the longest round trip seen lately, plus LATE_MS): an SMSC that is slow to
// answer but reads on time keeps its rate. Overdue, it may be stuck in a stall that will end in a
// lump: the Throttle holds until it is answered, for HOLD_MS at most (then it counts as arrived
// when sent, so a bookkeeping slip can never stop a run). Pure: times come in as arguments.

/** An answer this much later than the longest round trip seen lately is overdue. */
export const LATE_MS = 100;
/** How long an overdue submit holds the pacing before it counts as arrived when sent. */
export const HOLD_MS = 2000;
/** The smallest round trip is taken over the last one to two of these periods (routes change). */
const RTT_EPOCH_MS = 2000;

/** A ticket for a submit that is not tracked (no rate in force). */
export const UNTRACKED = -1;

/**
 * How a tracked submit ended: answered by the SMSC, lost (no answer), or never written. Only an
 * answer bounds an arrival (a timeout's time bounds nothing, and would hold every later ticket);
 * the other two still count as one of the last N, which errs on the safe side.
 */
export type ArrivalOutcome = 'answered' | 'lost' | 'unsent';

export class ArrivalLog {
  private mask: number;
  private sent: Float64Array; // when each ticket was taken
  private answered: Float64Array; // when it was answered; -Infinity if never; NaN until it ended
  private prefix: Float64Array; // latest answer of this ticket and all before it (tickets < settled)
  private next = 0; // the next ticket
  private settled = 0; // every ticket below this has ended, and its prefix is set
  private settledMax = -Infinity; // prefix of settled - 1
  private rttNow = Infinity; // smallest round trip in this epoch
  private rttBefore = Infinity; // and in the one before
  private rttMaxNow = 0; // longest round trip in this epoch
  private rttMaxBefore = 0; // and in the one before
  private epochStart = -Infinity;

  /** capacity: at least twice the most takes per second it must bound (rounded up to a power of 2). */
  constructor(capacity: number) {
    const cap = pow2(capacity);
    this.mask = cap - 1;
    this.sent = new Float64Array(cap);
    this.answered = new Float64Array(cap);
    this.prefix = new Float64Array(cap);
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Tickets handed out so far. */
  get count(): number {
    return this.next;
  }

  /** A new ticket, taken at `now`. */
  add(now: number): number {
    const t = this.next++;
    // The ring is about to forget ticket t - capacity: still unanswered, it counts as arrived when sent.
    while (this.settled <= t - this.capacity) this.settleOldest();
    const i = t & this.mask;
    this.sent[i] = now;
    this.answered[i] = NaN;
    return t;
  }

  /** The answer (or the end) of ticket t at `now`. */
  end(t: number, now: number, outcome: ArrivalOutcome): void {
    if (t < this.settled || t >= this.next) return; // untracked, settled already, or forgotten
    const i = t & this.mask;
    if (!Number.isNaN(this.answered[i]!)) return;
    if (outcome === 'answered') this.noteRtt(now - this.sent[i]!, now);
    this.answered[i] = outcome === 'answered' ? now : -Infinity;
    this.advance();
  }

  /**
   * The latest time ticket t (and every one before it) arrived; Infinity while one of them is
   * overdue (then `holdUntil` says until when, at most).
   */
  arrivedBy(t: number, now: number): number {
    if (t < 0 || t < this.next - this.capacity) return -Infinity;
    const due = this.longestRtt() + LATE_MS;
    while (this.settled <= t) {
      const i = this.settled & this.mask;
      const age = now - this.sent[i]!;
      if (!Number.isNaN(this.answered[i]!)) this.advance();
      else if (age >= due + HOLD_MS) this.settleOldest();
      else if (age > due) return Infinity;
      else return Math.max(this.sent[t & this.mask]!, this.settledMax - this.minRtt()); // answers not due yet
    }
    const i = t & this.mask;
    return Math.max(this.sent[i]!, this.prefix[i]! - this.minRtt());
  }

  /** While arrivedBy is Infinity: the time the oldest unanswered ticket stops holding. */
  holdUntil(): number {
    return this.sent[this.settled & this.mask]! + this.longestRtt() + LATE_MS + HOLD_MS;
  }

  /** Grows the ring (keeping the tickets it must still bound). */
  grow(capacity: number): void {
    const cap = pow2(capacity);
    if (cap <= this.capacity) return;
    const [sent, answered, prefix] = [new Float64Array(cap), new Float64Array(cap), new Float64Array(cap)];
    for (let t = Math.max(0, this.next - this.capacity); t < this.next; t++) {
      sent[t & (cap - 1)] = this.sent[t & this.mask]!;
      answered[t & (cap - 1)] = this.answered[t & this.mask]!;
      prefix[t & (cap - 1)] = this.prefix[t & this.mask]!;
    }
    [this.sent, this.answered, this.prefix, this.mask] = [sent, answered, prefix, cap - 1];
  }

  /** The oldest unsettled ticket ends without an answer. */
  private settleOldest(): void {
    const i = this.settled & this.mask;
    if (Number.isNaN(this.answered[i]!)) this.answered[i] = -Infinity;
    this.advance();
  }

  private advance(): void {
    while (this.settled < this.next) {
      const i = this.settled & this.mask;
      const b = this.answered[i]!;
      if (Number.isNaN(b)) return;
      this.settledMax = Math.max(this.settledMax, b);
      this.prefix[i] = this.settledMax;
      this.settled++;
    }
  }

  private noteRtt(rtt: number, now: number): void {
    if (now - this.epochStart >= RTT_EPOCH_MS) {
      [this.rttBefore, this.rttMaxBefore] = [this.rttNow, this.rttMaxNow];
      [this.rttNow, this.rttMaxNow] = [Infinity, 0];
      this.epochStart = now;
    }
    if (rtt < this.rttNow) this.rttNow = rtt;
    if (rtt > this.rttMaxNow) this.rttMaxNow = rtt;
  }

  /** Infinity before the first answer (then no answer bounds anything yet). */
  private minRtt(): number {
    return Math.min(this.rttNow, this.rttBefore);
  }

  private longestRtt(): number {
    return Math.max(this.rttMaxNow, this.rttMaxBefore);
  }
}

function pow2(n: number): number {
  let cap = 1;
  while (cap < n) cap *= 2;
  return cap;
}
