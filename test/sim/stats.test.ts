import { expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { sm, useSimPeers } from './peer.js';

const t = useSimPeers();

it('counts submits in flight over all sessions, and their peak', async () => {
  const sim = await t.start({ responseDelayMs: 300 });
  const [a, b] = [await t.bound(), await t.bound()];
  const replies = [
    ...[1, 2, 3].map(() => a.request('submit_sm', sm())),
    ...[1, 2].map(() => b.request('submit_sm', sm())),
  ];
  await until(() => sim.stats.outstanding === 5, '5 submits outstanding');
  await Promise.all(replies);
  expect(sim.stats).toMatchObject({ outstanding: 0, maxOutstanding: 5, submits: 5, binds: 2 });
});

it('forgets the outstanding submits of a session that closes', async () => {
  const sim = await t.start({ onSubmit: () => ({ reply: 'none' }) });
  const p = await t.bound();
  void p.request('submit_sm', sm());
  void p.request('submit_sm', sm());
  await until(() => sim.stats.outstanding === 2, '2 submits outstanding');
  p.close();
  await until(() => sim.sessions() === 0, 'the session to close');
  expect(sim.stats).toMatchObject({ outstanding: 0, maxOutstanding: 2 });
});

it('counts submit_sm per arrival second', async () => {
  const sim = await t.start();
  const p = await t.bound();
  const first = Math.floor(Date.now() / 1000);
  await Promise.all(Array.from({ length: 40 }, () => p.request('submit_sm', sm())));
  const last = Math.floor(Date.now() / 1000);
  const seconds = [...sim.stats.perSecond.keys()];
  expect([...sim.stats.perSecond.values()].reduce((x, y) => x + y, 0)).toBe(40);
  expect(seconds.every((s) => s >= first && s <= last)).toBe(true);
});
