import { describe, expect, it } from 'vitest';
import { backoffDelay, Throttle, type Clock } from '../../src/send/throttle.js';

/** Virtual time: sleeps fire in time order when run() advances the clock, optionally late. */
class FakeClock implements Clock {
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
    const times: number[] = [];
    const order: number[] = [];
    let calls = 0;
    // Bursts of 1..3×tps callers at random times over 8 s, each taking 1-3 tokens.
    let t = 0;
    while (t < 8000) {
      const burst = 1 + Math.floor(random() * Math.max(1, tps * 3));
      for (let b = 0; b < burst; b++) {
        const n = Math.min(tps, 1 + Math.floor(random() * 3));
        clock.at(t, () => {
          const id = calls++;
          void throttle.take(n).then(() => {
            for (let i = 0; i < n; i++) times.push(clock.now());
            order.push(id);
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

  it('holds the guarantee for tryTake mixed with take', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 10, clock });
    const times: number[] = [];
    for (let t = 0; t < 5000; t += 37) {
      clock.at(t, () => {
        if (throttle.tryTake()) times.push(clock.now());
        else void throttle.take().then(() => times.push(clock.now()));
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
    const times: number[] = [];
    let stop = false;
    // Four senders that each take again as soon as they got the last one.
    for (let s = 0; s < 4; s++) {
      void (async () => {
        while (!stop) {
          await throttle.take();
          times.push(clock.now());
        }
      })();
    }
    await clock.run(20_000);
    stop = true;
    const inRun = times.filter((x) => x < 20_000).length;
    expect(inRun).toBeGreaterThanOrEqual(tps * 20 * 0.98);
    expect(inRun).toBeLessThanOrEqual(tps * 20);
  });

  it('spaces takes evenly instead of sending a second in one burst', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 10, clock });
    const times: number[] = [];
    for (let i = 0; i < 30; i++) void throttle.take().then(() => times.push(clock.now()));
    await clock.run();
    const gaps = times.slice(1).map((x, i) => x - times[i]!);
    expect(new Set(gaps)).toEqual(new Set([101])); // punctual timers: exactly on the grid (1010 ms / 10)
  });

  it('with tps 0 never waits, never sleeps, and hands out one shared promise', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 0, clock });
    const first = throttle.take();
    for (let i = 0; i < 10_000; i++) expect(throttle.take()).toBe(first);
    expect(throttle.tryTake()).toBe(true);
    expect(clock.sleeps).toBe(0);
    expect(throttle.currentTps).toBe(0);
  });
});

describe('adapting to ESME_RTHROTTLED', () => {
  it('halves on throttling, once per second, down to minTps', () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 100, clock, minTps: 10 });
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      throttle.onThrottled();
      throttle.onThrottled(); // replies to submits already in flight: the same news
      seen.push(throttle.currentTps);
      clock.t += 1000;
    }
    expect(seen).toEqual([50, 25, 12, 10, 10, 10]);
  });

  it('climbs back about 1% of the ceiling per second of successes, never past it', () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 100, clock });
    throttle.onThrottled();
    for (let i = 0; i < 50; i++) throttle.onSuccess(); // within the hold time: no climb
    expect(throttle.currentTps).toBe(50);
    clock.t += 1000;
    const curve: number[] = [];
    for (let second = 0; second < 60; second++) {
      const n = Math.floor(throttle.currentTps); // a second's worth of successes at the current rate
      for (let i = 0; i < n; i++) throttle.onSuccess();
      curve.push(throttle.currentTps);
    }
    expect(curve[0]).toBeCloseTo(51, 0);
    expect(curve[9]).toBeCloseTo(60, 0);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]!);
    expect(curve.at(-1)).toBe(100);
  });

  it('paces at the lowered rate after throttling', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 40, clock });
    throttle.onThrottled();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) void throttle.take().then(() => times.push(clock.now()));
    await clock.run();
    expect(busiestWindow(times)).toBe(20);
  });

  it('with tps 0 starts from half the rate it had reached, holds the window at that, then lifts the limit', async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 0, clock });
    for (let i = 0; i < 400; i++) {
      void throttle.take();
      clock.t += 5; // 200 per second
    }
    throttle.onThrottled();
    expect(throttle.currentTps).toBe(100);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) void throttle.take().then(() => times.push(clock.now()));
    await clock.run();
    expect(busiestWindow(times)).toBe(100);
    clock.t += 1000;
    let climbed = 0;
    for (let i = 0; i < 100_000 && throttle.currentTps !== 0; i++) {
      throttle.onSuccess();
      climbed = Math.max(climbed, throttle.currentTps);
    }
    expect(climbed).toBe(200); // climbs back to the rate that was throttled...
    expect(throttle.currentTps).toBe(0); // ...then, with no --tps, lifts the limit again
  });

  it('with tps 0, a throttle in the first few submits does not cap the rest of the run', () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ tps: 0, clock });
    for (let i = 0; i < 3; i++) void throttle.take();
    throttle.onThrottled();
    expect(throttle.currentTps).toBeGreaterThan(0);
    clock.t += 1000;
    for (let i = 0; i < 1000 && throttle.currentTps !== 0; i++) throttle.onSuccess();
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
