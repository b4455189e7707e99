// The window alone, on a fake clock: slots, FIFO hand-over, per-request deadlines, close.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Window } from '../../src/smpp/window.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'hrtime'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const expired = () => new Error('expired');

function tracked(w: Window<string>, seq: number) {
  const outcome: { value?: string; error?: Error } = {};
  w.track(seq, (value) => (outcome.value = value), (error) => (outcome.error = error));
  return outcome;
}

it('grants up to `size` slots, then none until one is released', () => {
  const w = new Window<string>(2, 1000, expired);
  expect([w.tryAcquire(), w.tryAcquire(), w.tryAcquire()]).toEqual([true, true, false]);
  w.release();
  expect(w.tryAcquire()).toBe(true);
});

it('hands released slots to waiters first come, first served, with no barging', async () => {
  const w = new Window<string>(1, 1000, expired);
  expect(w.tryAcquire()).toBe(true);
  const order: number[] = [];
  const waiters = [1, 2, 3].map((n) => w.acquire().then(() => order.push(n)));
  expect(w.tryAcquire()).toBe(false); // a free slot would go to the queue, not to a newcomer
  w.release();
  await Promise.resolve();
  w.release();
  w.release();
  await Promise.all(waiters);
  expect(order).toEqual([1, 2, 3]);
  expect(w.tryAcquire()).toBe(false); // the last waiter still holds the slot
});

it('settle returns the request once and frees its slot', () => {
  const w = new Window<string>(1, 1000, expired);
  w.tryAcquire();
  const out = tracked(w, 5);
  expect(w.inFlight).toBe(1);
  expect(w.settle(6)).toBeUndefined();
  w.settle(5)!.resolve('id');
  expect(out.value).toBe('id');
  expect(w.settle(5)).toBeUndefined();
  expect(w.inFlight).toBe(0);
  expect(w.tryAcquire()).toBe(true);
});

it('expires each request at its own deadline and frees its slot', () => {
  const w = new Window<string>(3, 100, expired);
  w.tryAcquire();
  const a = tracked(w, 1);
  vi.advanceTimersByTime(50);
  w.tryAcquire();
  const b = tracked(w, 2);
  w.tryAcquire();
  const c = tracked(w, 3);
  w.settle(3)!.resolve('c');
  vi.advanceTimersByTime(50); // t=100: a is due, b is not
  expect(a.error?.message).toBe('expired');
  expect(b.error).toBeUndefined();
  expect(w.inFlight).toBe(1);
  vi.advanceTimersByTime(49);
  expect(b.error).toBeUndefined();
  vi.advanceTimersByTime(1); // t=150
  expect(b.error?.message).toBe('expired');
  expect(c).toEqual({ value: 'c' });
  expect(w.inFlight).toBe(0);
  expect([w.tryAcquire(), w.tryAcquire(), w.tryAcquire(), w.tryAcquire()]).toEqual([true, true, true, false]);
});

it('an expired request can no longer be settled', () => {
  const w = new Window<string>(1, 100, expired);
  w.tryAcquire();
  tracked(w, 1);
  vi.advanceTimersByTime(100);
  expect(w.settle(1)).toBeUndefined();
});

it('close rejects what is in flight and what waits, and every later acquire', async () => {
  const w = new Window<string>(1, 1000, expired);
  w.tryAcquire();
  const sent = tracked(w, 1);
  const waiting = w.acquire().catch((e: Error) => e.message);
  w.close(() => new Error('sent'), new Error('unsent'));
  expect(sent.error?.message).toBe('sent');
  expect(await waiting).toBe('unsent');
  await expect(w.acquire()).rejects.toThrow('unsent');
  expect(w.tryAcquire()).toBe(false);
  expect(w.inFlight).toBe(0);
  vi.advanceTimersByTime(2000); // no timer left to fire
  expect(sent.error?.message).toBe('sent');
});
