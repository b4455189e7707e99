import { describe, expect, it } from 'vitest';
import { Throttle, UNTRACKED, type RunClock } from '../../src/send/throttle.js';
import { HOLD_MS } from '../../src/send/arrival-log.js';
import { backoffDelay } from '../../src/smpp/backoff.js';
import { SubmitRateLimiter, type RateLimitMode } from '../../src/sim/rate-limit.js';

/** Virtual time: sleeps fire in time order when run() advances the clock, optionally late. */
class FakeClock implements RunClock {
  t = 0;
  sleeps = 0;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;

  constructor(private readonly lateness: () => number = () => 0) {}

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps++;
    return new Promise((fire) => this.at(this.t + ms + this.lateness(), fire));
  }

  timer(fn: () => void, ms: number): () => void {
    const t = { at: this.t + ms, seq: this.seq++, fire: fn };
    this.timers.push(t);
    return () => {
      const i = this.timers.indexOf(t);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  at(time: number, fire: () => void): void {
    this.timers.push({ at: time, seq: this.seq++, fire });
  }

  async run(until = Infinity): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve)); // let promise chains settle
      if (this.timers.length === 0) return;
      let k = 0;
      for (let i = 1; i < this.timers.length; i++) {
        const a = this.timers[i]!;
        const b = this.timers[k]!;
        if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) k = i;
      }
      const next = this.timers[k]!;
      if (next.at > until) {
        this.t = until;
        return;
      }
      this.timers.splice(k, 1);
      this.t = Math.max(this.t, next.at);
      next.fire();
    }
  }
}

/** Deterministic PRNG (mulberry32), so a failing pattern can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An SMSC that answers every submit `ms` after it was taken (a prompt one, as on loopback). */
function answering(throttle: Throttle, clock: FakeClock, ms = 1): (ticket: number) => void {
  return (ticket) => clock.at(clock.now() + ms, () => throttle.ended(ticket, 'answered'));
}

/**
 * Four senders that each take again as soon as they got the last one, answered 1 ms later, for
 * `ms` of virtual time; the times of the takes within it.
 */
async function saturate(throttle: Throttle, clock: FakeClock, ms: number): Promise<number[]> {
  const answer = answering(throttle, clock);
  const times: number[] = [];
  let stop = false;
  for (let s = 0; s < 4; s++) {
    void (async () => {
      while (!stop) {
        answer(await throttle.take());
        times.push(clock.now());
      }
    })();
  }
  await clock.run(ms);
  stop = true;
  return times.filter((x) => x < ms);
}

/** The most takes found in any window [t, t+1000). Windows starting at a take suffice. */
function busiestWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let j = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('the sliding-window guarantee', () => {
  it('counts windows correctly (the checker itself)', () => {
    expect(busiestWindow([0, 999, 1000, 1999])).toBe(2);
    expect(busiestWindow([0, 1, 2, 999.9])).toBe(4);
  });

  it.each([
    [1, 11],
    [7, 12],
    [50, 13],
    [333, 14],
    [1000, 15],
  ])('never lets more than %i takes into any one-second window (random bursts, late timers; seed %i)', async (tps, seed) => {
    const random = prng(seed);
    const clock = new FakeClock(() => (random() < 0.3 ? random() * 15 : 0));
    const throttle = new Throttle({ tps, clock });
    const answer = answering(throttle, clock);
    const times: number[] = [];
    const order: number[] = [];
    let calls = 0;
    // Bursts of 1..3×tps callers at random times over 8 s.
    let t = 0;
    while (t < 8000) {
      const burst = 1 + Math.floor(random() * Math.max(1, tps * 3));
      for (let b = 0; b < burst; b++) {
        clock.at(t, () => {
          const id = calls++;
          void throttle.take().then((ticket) => {
            times.push(clock.now());
            order.push(id);
            answer(ticket);
          });
        });
      }
      t += random() * 2500;
    }
    await clock.run();
    expect(order).toHaveLength(calls);
    expect(order).toEqual([...order].sort((a, b) => a - b)); // first come, first served
    expect(busiestWindow(times)).toBeLessThanOrEqual(tps);
    expect(busiestWindow(times)).toBe(tps); // the bursts did saturate it: the check is not vacuous
  });

  it('counts submits where the SMSC got them: one that went silent for 1.5 s and then read a lump', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 50, clock });
    const arrivals: number[] = [];
    // Submits sent between 1 s and 2.5 s reach the SMSC at 2.5 s (it stopped reading); each is
    // answered 0.5 ms after it arrives.
    const arrive = (sent: number) => (sent >= 1000 && sent < 2500 ? 2500 : sent + 0.5);
    for (let i = 0; i < 300; i++) {
      void throttle.take().then((ticket) => {
        const at = arrive(clock.now());
        arrivals.push(at);
        clock.at(at + 0.5, () => throttle.ended(ticket, 'answered'));
      });
    }
    await clock.run();
    expect(arrivals).toHaveLength(300);
    // Unanswered, the submits of the silence hold the pacing once they are the last 50: the lump
    // is 50, and the second after it is held back by as much. Paced by send times, the lump was 75.
    expect(arrivals.filter((t) => t === 2500)).toHaveLength(50);
    expect(busiestWindow(arrivals)).toBe(50);
  });

  it('holds the guarantee for tryTake mixed with take', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 10, clock });
    const answer = answering(throttle, clock);
    const times: number[] = [];
    const took = (ticket: number) => {
      times.push(clock.now());
      answer(ticket);
    };
    for (let t = 0; t < 5000; t += 37) {
      clock.at(t, () => {
        const ticket = throttle.tryTake();
        if (ticket !== undefined) took(ticket);
        else void throttle.take().then(took);
      });
    }
    await clock.run();
    expect(busiestWindow(times)).toBe(10);
  });
});

describe('pacing', () => {
  it.each([
    [100, 0],
    [100, 3],
    [1000, 2],
    [7, 10],
  ])('achieves %i/s within 2 percent over 20 s of saturated demand (timers up to %i ms late)', async (tps, late) => {
    const random = prng(tps + late);
    const clock = new FakeClock(() => random() * late);
    const throttle = new Throttle({ tps, clock });
    const inRun = (await saturate(throttle, clock, 20_000)).length;
    expect(inRun).toBeGreaterThanOrEqual(tps * 20 * 0.98);
    expect(inRun).toBeLessThanOrEqual(tps * 20);
  });

  it('keeps the rate against an SMSC that answers 1.5 s late but reads on time (more than N unanswered)', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 5, clock });
    const answer = answering(throttle, clock, 1500);
    const times: number[] = [];
    for (let i = 0; i < 60; i++) void throttle.take().then((ticket) => (times.push(clock.now()), answer(ticket)));
    await clock.run();
    // 60 at 5 a second: about 12 s (holding for answers would make it 1.5 s per 5: 18 s).
    expect(times.at(-1)!).toBeLessThan(12_500);
    expect(busiestWindow(times)).toBe(5);
  });

  it('keeps --tps 2000 after a throttle, though timers wake up 1 ms late (no strict gap below 2 ms)', async () => {
    const clock = new FakeClock(() => 1);
    const throttle = new Throttle({ tps: 2000, clock });
    throttle.onThrottled(); // one throttle: sparse, the rate stays, but the SMSC has throttled
    const times = await saturate(throttle, clock, 5_000);
    expect(throttle.currentTps).toBe(2000);
    // Strict 0.5 ms gaps, one take per late wake-up: about 670/s.
    expect(times.length).toBeGreaterThanOrEqual(2000 * 5 * 0.98);
  });

  it('spaces takes evenly instead of sending a second in one burst', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 10, clock });
    const answer = answering(throttle, clock);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) void throttle.take().then((ticket) => (times.push(clock.now()), answer(ticket)));
    await clock.run();
    const gaps = times.slice(1).map((x, i) => x - times[i]!);
    // Punctual timers, a prompt SMSC: exactly on the grid (1004 ms / 10); the arrival guard never steps in.
    for (const gap of gaps) expect(gap).toBeCloseTo(100.4, 6);
  });

  it('with tps 0 never waits, never sleeps, and hands out one shared promise', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 0, clock });
    const first = throttle.take();
    for (let i = 0; i < 10_000; i++) expect(throttle.take()).toBe(first);
    expect(throttle.tryTake()).toBe(UNTRACKED);
    await expect(first).resolves.toBe(UNTRACKED);
    expect(clock.sleeps).toBe(0);
    expect(throttle.currentTps).toBe(0);
  });
});

describe('adapting to ESME_RTHROTTLED (issue 9.7)', () => {
  /**
   * A sender against an SMSC model on virtual time: `window` workers each take a token, the
   * submit reaches the SMSC `oneWay` ms later (admitted or throttled by the simulator's own
   * SubmitRateLimiter), the reply comes as long again; a throttled message is retried after
   * through the throttle again, while the worker goes on (as the run does: the window slot is
   * free again at once). Returns what was accepted and the rates in force each second.
   */
  async function simulate(opts: {
    tps: number; limit: number; mode: RateLimitMode; ms: number; window?: number; oneWay?: number;
    jitter?: () => number; // added to a submit's way to the SMSC
    busy?: () => boolean; // the SMSC refuses this one with a throttle whatever its limit says
  }) {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: opts.tps, clock });
    const smsc = new SubmitRateLimiter({ tps: opts.limit, mode: opts.mode });
    const accepted: number[] = [];
    let throttled = 0;
    const oneWay = opts.oneWay ?? 1;
    const rates: number[] = [];
    let stop = false;
    const reply = (ms: number) => new Promise<void>((r) => clock.at(clock.now() + ms, r));
    for (let w = 0; w < (opts.window ?? 10); w++) {
      void (async () => {
        while (!stop) {
          const ticket = await throttle.take();
          await reply(oneWay + (opts.jitter?.() ?? 0));
          const ok = smsc.admit(clock.now()) && !opts.busy?.();
          await reply(oneWay);
          throttle.ended(ticket, 'answered');
          if (ok) {
            accepted.push(clock.now());
            throttle.onSuccess();
          } else {
            throttled++;
            throttle.onThrottled();
          }
        }
      })();
    }
    for (let s = 1; s * 1000 <= opts.ms; s++) {
      await clock.run(s * 1000);
      rates.push(throttle.currentTps);
    }
    stop = true;
    const inRun = accepted.filter((t) => t < opts.ms);
    if (process.env.THROTTLE_DEBUG) console.log(opts.mode, opts.limit, opts.tps, 'acc/s', (inRun.length * 1000) / opts.ms, 'throttled', throttled, 'rates', rates.map((x) => Math.round(x)).join(' '));
    return { accepted: inRun, throttled, rates, perSecond: (inRun.length * 1000) / opts.ms };
  }

  it.each([
    ['sliding', 200],
    ['per-second', 200],
    ['min-gap', 200],
    ['min-gap', 20],
    ['sliding', 20],
  ] as const)('with no --tps converges on a %s limit of %i/s: at least 90%% of it over 30 s', async (mode, limit) => {
    const r = await simulate({ tps: 0, limit, mode, ms: 30_000 });
    expect(r.perSecond).toBeGreaterThanOrEqual(limit * 0.9);
    expect(r.perSecond).toBeLessThanOrEqual(limit * 1.0001);
  });

  it('--tps at a sliding limit, arrivals up to 15 ms late: counted where they landed, never one too many', async () => {
    const random = prng(7);
    // 15 ms is more than the pacing's margin: paced by send times alone, a late one now and then
    // joins the next second's submits at the SMSC (20 throttles with this seed).
    const r = await simulate({ tps: 200, limit: 200, mode: 'sliding', ms: 10_000, jitter: () => (random() < 0.05 ? random() * 15 : 0) });
    expect(r.throttled).toBe(0);
    expect(Math.min(...r.rates)).toBe(200);
    expect(r.perSecond).toBeGreaterThanOrEqual(200 * 0.98);
  });

  it('--tps at the limit of a busy SMSC (0.5% throttled at random): retried, the rate is never cut', async () => {
    const random = prng(9);
    const r = await simulate({ tps: 200, limit: 200, mode: 'sliding', ms: 10_000, busy: () => random() < 0.005 });
    expect(r.throttled).toBeGreaterThan(0);
    expect(Math.min(...r.rates)).toBe(200);
    expect(r.perSecond).toBeGreaterThanOrEqual(200 * 0.95);
  });

  it('--tps at a minimum-gap limit with jitter: steps down a little, not by half', async () => {
    const random = prng(8);
    const r = await simulate({ tps: 20, limit: 20, mode: 'min-gap', ms: 20_000, jitter: () => random() * 3 });
    expect(r.throttled).toBeGreaterThan(0);
    expect(Math.min(...r.rates)).toBeGreaterThanOrEqual(20 * 0.85);
    expect(r.perSecond).toBeGreaterThanOrEqual(20 * 0.85);
  });

  it('one throttle with --tps changes nothing', () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 100, clock });
    for (let i = 0; i < 100; i++) {
      const ticket = throttle.tryTake();
      clock.t += 10;
      throttle.ended(ticket!, 'answered');
      throttle.onSuccess();
    }
    throttle.onThrottled();
    clock.t += 500;
    throttle.onSuccess();
    expect(throttle.currentTps).toBe(100);
  });

  it('--tps above the SMSC limit: sustained throttles bring it down to the limit, not to half', async () => {
    const r = await simulate({ tps: 400, limit: 200, mode: 'sliding', ms: 20_000 });
    expect(Math.min(...r.rates.slice(2))).toBeGreaterThanOrEqual(150);
    expect(Math.max(...r.rates)).toBeLessThanOrEqual(400);
    expect(r.perSecond).toBeGreaterThanOrEqual(200 * 0.9);
  });

  it('paces at the lowered rate after a cut: no window over it', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 0, clock });
    // Unlimited at 500/s, one in 12 accepted (about 42/s): cut after a second.
    for (let i = 0; i < 600 && throttle.currentTps === 0; i++) {
      void throttle.take();
      if (i % 12 === 0) throttle.onSuccess();
      else throttle.onThrottled();
      clock.t += 2;
    }
    const rate = throttle.currentTps;
    expect(rate).toBeGreaterThanOrEqual(38);
    expect(rate).toBeLessThanOrEqual(42);
    const answer = answering(throttle, clock);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) void throttle.take().then((ticket) => (times.push(clock.now()), answer(ticket)));
    await clock.run();
    expect(busiestWindow(times)).toBeLessThanOrEqual(Math.floor(rate));
  });

  it('with tps 0, a throttle in the first few submits does not cap the rest of the run', () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 0, clock });
    for (let i = 0; i < 3; i++) void throttle.take();
    clock.t += 400;
    throttle.onThrottled();
    for (let s = 0; s < 30 && throttle.currentTps !== 0; s++) {
      clock.t += 1000;
      throttle.onSuccess();
    }
    expect(throttle.currentTps).toBe(0);
  });
});

describe('backoffDelay', () => {
  it.each([
    // attempt, base, cap, random → delay
    [0, 1000, 60_000, 0, 500],
    [0, 1000, 60_000, 1, 1000],
    [1, 1000, 60_000, 0.5, 1500],
    [3, 1000, 60_000, 0, 4000],
    [10, 1000, 60_000, 1, 60_000],
    [10, 1000, 60_000, 0, 30_000],
    [1e6, 1000, 60_000, 0.5, 45_000],
    [2, 0, 60_000, 0.7, 0],
  ])('attempt %i, base %i, cap %i, random %f → %i ms', (attempt, base, cap, r, expected) => {
    expect(backoffDelay(attempt, base, cap, () => r)).toBe(expected);
  });
});
