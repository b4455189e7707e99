import { describe, expect, it } from 'vitest';
import { SubmitRate } from '../../src/send/rate.js';

/** Parts accepted at these times (ms after the first submit at 0). */
function rates(acceptedAt: number[]) {
  let now = 0;
  const r = new SubmitRate(() => now);
  r.submitted();
  for (const t of acceptedAt) {
    now = t;
    r.accepted();
  }
  return r.rates();
}

const spread = (n: number, overMs: number, from = 0) => Array.from({ length: n }, (_, i) => from + Math.round(((i + 1) * overMs) / n));

describe('SubmitRate: one definition, average never above peak', () => {
  it.each([
    // [what, accepted at, sendingMs, avg, peak]
    ['nothing accepted', [], 0, 0, 0],
    ['two parts in 9 ms: 2 in that second (not 222/s)', [5, 9], 9, 2, 2],
    ['100 parts evenly over 2 s', spread(100, 2000), 2000, 50, 50],
    ['1000 parts in 0.5 s', spread(1000, 500), 500, 1000, 1000],
    ['a burst then a trickle', [...spread(300, 300), ...spread(10, 2000, 300)], 2300, 134.8, 303], // the busiest second: the burst and three of the trickle
    ['bursts straddling span edges: peak lifted to the average', [...Array(75).fill(0), ...Array(75).fill(1500)], 1500, 100, 100],
    ['3000 parts over 3 s with one busy second', [...spread(500, 1000), ...spread(2000, 1000, 1000), ...spread(500, 1000, 2000)], 3000, 1000, 1999], // [1000, 2000): one of the first second's, 1998 of the second's
  ])('%s', (_what, at, sendingMs, avg, peak) => {
    const r = rates(at as number[]);
    expect(r).toEqual({ sendingMs, avgRate: avg, peakRate: peak });
    expect(r.avgRate).toBeLessThanOrEqual(r.peakRate);
  });

  it('a gap longer than a second empties the window', () => {
    expect(rates([...spread(10, 100), ...spread(5, 100, 5000)]).peakRate).toBe(10);
  });
});
