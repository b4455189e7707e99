// --tps: no one-second window ever holds more than tps submits (all binds together), judged from
// the times the simulator received them; and when the SMSC throttles, the run slows down by
// itself and still gets every message through.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runSend } from '../../src/send/run.js';
import type { Sim } from '../../src/sim/index.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';
import { submits } from '../helpers/submits.js';

function submitTimes(s: Sim): number[] {
  return submits(s).map((p) => p.t);
}

/**
 * The most submits in any one-second window of the sim's arrival times, for a run paced at `tps`.
 * Sender and sim share this process's event loop, so an arrival can be stamped a few ms after
 * the take that let it go (a late read, Date.now()'s whole ms); the window is shortened by half
 * a send interval to absorb that. Any real excess (a burst, a limiter per bind, parts not
 * counted) puts whole intervals' worth of extra submits in a second, and still shows.
 */
function busiestSecond(times: number[], tps: number): number {
  const span = 1000 - 500 / tps;
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= span) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/**
 * A TCP relay in front of the sim that, once `holdAfter` bytes have come from the client, holds
 * what the client sends for `holdMs` and then passes it on in one lump: an SMSC that stalled.
 */
async function stallingRelay(target: { host: string; port: number }, holdAfter: number, holdMs: number) {
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.push(client, upstream);
    let seen = 0;
    let held: Buffer[] | undefined;
    client.on('data', (chunk) => {
      seen += chunk.length;
      if (held) return void held.push(chunk);
      upstream.write(chunk);
      if (seen >= holdAfter && seen - chunk.length < holdAfter) {
        held = [];
        setTimeout(() => {
          upstream.write(Buffer.concat(held!));
          held = undefined;
        }, holdMs);
      }
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('tps', () => {
  it('never lets more than --tps 50 submits through in any second', async () => {
    const sim = await startTestSim();
    const summary = await runSend(makeSettings({ sim, tps: 50, binds: 2, to: recipients(150) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 150, accepted: 150 });
    const times = submitTimes(sim);
    expect(times).toHaveLength(150);
    expect(busiestSecond(times, 50)).toBeLessThanOrEqual(50);
    // Sanity, not speed: the limit itself forces at least 2 s for 150 at 50/s, and the run keeps
    // close to the rate (a limiter stuck far below it would take many times longer).
    const span = times.at(-1)! - times[0]!;
    expect(span).toBeGreaterThanOrEqual(1990);
    expect(span).toBeLessThan(9000);
  });

  it('counts every part of a long message against the limit', async () => {
    const sim = await startTestSim();
    const text = 'x'.repeat(400); // 3 parts of 153 septets
    const summary = await runSend(makeSettings({ sim, tps: 20, text, to: recipients(15) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 15, accepted: 15, parts: 45 });
    expect(sim.messages.every((m) => m.parts === 3 && m.text === text)).toBe(true);
    expect(busiestSecond(submitTimes(sim), 20)).toBeLessThanOrEqual(20);
  });

  it('rides out a throttling storm within --tps (no halving: issue 9.7), then gets every message accepted', async () => {
    const STORM_AT = 60; // the 61st submit starts it, about a second in
    const STORM_MS = 1000;
    let stormStart = 0;
    const sim = await startTestSim({
      onSubmit: (pdu, { index }) => {
        if (index === STORM_AT) stormStart = pdu.t;
        return stormStart && pdu.t < stormStart + STORM_MS ? { status: 0x58 } : undefined;
      },
    });
    const deps = collectingDeps();
    const summary = await runSend(makeSettings({ sim, tps: 60, retries: 20, to: recipients(90) }), deps);
    expect(summary.counts).toMatchObject({ messages: 90, accepted: 90, rejected: 0 });
    expect(summary.counts.retries).toBeGreaterThan(0);
    expect(eventsOf(deps.events, 'retrying').every((e) => e.reason === 'ESME_RTHROTTLED')).toBe(true);

    // Submits the sim saw in the second before the storm and in the storm's second (new
    // messages and retries together): retries go through the same pacing, so the storm never
    // pushes the sender above --tps; and --tps is not halved (it steps down 10% at most).
    const times = submitTimes(sim);
    const inRange = (from: number, to: number) => times.filter((t) => t >= from && t < to).length;
    const before = inRange(stormStart - STORM_MS, stormStart);
    const during = inRange(stormStart, stormStart + STORM_MS);
    expect(before).toBeGreaterThanOrEqual(40); // about 60
    expect(during).toBeLessThanOrEqual(60);
    expect(busiestSecond(times, 60)).toBeLessThanOrEqual(60)
  });

  it('counts a lump where the SMSC received it: a stall on its side never puts more than --tps in its second', async () => {
    const sim = await startTestSim();
    // About 100 submits in (bind and 100 submit_sm of ~70 bytes), the SMSC stops reading for 400 ms.
    const relay = await stallingRelay(sim, 100 * 70, 400);
    try {
      const summary = await runSend(makeSettings({ sim, port: relay.port, tps: 100, window: 100, to: recipients(400) }), collectingDeps());
      expect(summary.counts).toMatchObject({ messages: 400, accepted: 400 });
    } finally {
      relay.close();
    }
    const times = submitTimes(sim);
    expect(times).toHaveLength(400);
    // The stall happened: a gap of about 400 ms, then a lump of what was held (~40 submits).
    // (A second later comes a gap as long: the pacing holding back what the lump took.)
    const gapEnd = times.find((t, i) => i > 0 && t - times[i - 1]! >= 350) ?? 0;
    expect(gapEnd).toBeGreaterThan(0);
    expect(times.filter((t) => t >= gapEnd && t < gapEnd + 30).length).toBeGreaterThanOrEqual(20);
    // Paced by send times alone, the second from the lump held the lump and the next second's
    // submits (~140). Counted where they landed, it holds at most 100.
    expect(busiestSecond(times, 100)).toBeLessThanOrEqual(100);
  });
});
