import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Scheduler } from '../../src/sim/scheduler.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('runs jobs by due time, equal times in the order they were scheduled, all due ones in one timer', () => {
  const ran: string[] = [];
  const s = new Scheduler(() => {});
  s.after(30, () => ran.push('c'));
  s.after(10, () => ran.push('a1'));
  s.after(10, () => ran.push('a2'));
  s.after(20, () => ran.push('b'));
  vi.advanceTimersByTime(10);
  expect(ran).toEqual(['a1', 'a2']);
  vi.advanceTimersByTime(20);
  expect(ran).toEqual(['a1', 'a2', 'b', 'c']);
  expect(s.size).toBe(0);
});

it('keeps order over many random delays', () => {
  const ran: number[] = [];
  const s = new Scheduler(() => {});
  const delays = Array.from({ length: 200 }, (_, i) => (i * 7919) % 97);
  delays.forEach((d, i) => s.after(d, () => ran.push(i)));
  vi.advanceTimersByTime(100);
  const expected = delays.map((d, i) => [d, i]).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, i]) => i);
  expect(ran).toEqual(expected);
});

it('reports a failing job and still runs the others', () => {
  const errors: unknown[] = [];
  const ran: string[] = [];
  const s = new Scheduler((e) => errors.push(e));
  s.after(1, () => { throw new Error('boom'); });
  s.after(1, () => ran.push('next'));
  vi.advanceTimersByTime(1);
  expect([errors.length, ran]).toEqual([1, ['next']]);
});

it('clear() drops pending jobs', () => {
  const ran: string[] = [];
  const s = new Scheduler(() => {});
  s.after(5, () => ran.push('x'));
  s.clear();
  vi.advanceTimersByTime(10);
  expect(ran).toEqual([]);
});
