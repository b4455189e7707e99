// The run's give-up rule per bind (link-budget.ts): reconnects counted since the last answer.
import { expect, it } from 'vitest';
import { LinkBudget } from '../../src/send/link-budget.js';

it('a bind that never gets an answer spends the budget, however often the bind itself succeeds', () => {
  const b = new LinkBudget(3, 10);
  expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
  expect(b.taken).toBe(3);
});

it('an answered submit makes the budget whole again', () => {
  const b = new LinkBudget(2, 10);
  b.take();
  b.take();
  b.answered();
  expect(b.taken).toBe(0);
  expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
});

it.each([
  [1, 2],
  [2, 2],
  [10, 10],
])('window %i: %i timeouts in a row mean a dead link; an answer in between starts over', (window, n) => {
  const b = new LinkBudget(5, window);
  for (let i = 1; i < n; i++) expect(b.timedOut()).toBe(false);
  b.answered();
  for (let i = 1; i < n; i++) expect(b.timedOut()).toBe(false);
  expect(b.timedOut()).toBe(true);
  expect(b.timedOut()).toBe(false); // counting starts over on the new link
});

it('zero attempts: the first lost link is the last', () => {
  expect(new LinkBudget(0, 10).take()).toBe(false);
});
