// The window: never more than `window` submits awaiting a response on a bind, and the run
// actually fills it (a run that sent one at a time would pass a "never exceeded" check alone).
// Judged by the simulator, which counts what is outstanding on the wire.
import { describe, expect, it } from 'vitest';
import { runSend } from '../../src/send/run.js';
import type { LoggedPdu } from '../../src/sim/index.js';
import { collectingDeps, makeSettings } from '../helpers/settings.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';

/** Peak of unanswered submit_sm per session, from every PDU in and out. */
function peakPerSession(): { onPdu: (p: LoggedPdu) => void; peaks: Map<number, number> } {
  const now = new Map<number, number>();
  const peaks = new Map<number, number>();
  return {
    peaks,
    onPdu(p) {
      const d = p.dir === 'in' && p.command === 'submit_sm' ? 1 : p.dir === 'out' && p.command === 'submit_sm_resp' ? -1 : 0;
      if (d === 0) return;
      const v = (now.get(p.session) ?? 0) + d;
      now.set(p.session, v);
      peaks.set(p.session, Math.max(peaks.get(p.session) ?? 0, v));
    },
  };
}

describe('window', () => {
  it('keeps at most --window 5 submits outstanding, and fills the window', async () => {
    const peak = peakPerSession();
    const sim = await startTestSim({ responseDelayMs: 20, onPdu: peak.onPdu });
    const summary = await runSend(makeSettings({ sim, window: 5, to: recipients(200) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 200, accepted: 200, parts: 200 });
    expect(sim.stats.submits).toBe(200);
    expect(sim.stats.maxOutstanding).toBe(5);
    expect([...peak.peaks.values()]).toEqual([5]);
  });

  it('gives each of --binds 3 its own window of 5', async () => {
    const peak = peakPerSession();
    const sim = await startTestSim({ responseDelayMs: 20, onPdu: peak.onPdu });
    const summary = await runSend(makeSettings({ sim, window: 5, binds: 3, to: recipients(200) }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: 200, accepted: 200 });
    expect(sim.stats.binds).toBe(3);
    expect(sim.stats.maxOutstanding).toBeLessThanOrEqual(15);
    // Every bind carried traffic and filled its own window, none went past it.
    expect([...peak.peaks.values()]).toEqual([5, 5, 5]);
    expect(sim.stats.maxOutstanding).toBeGreaterThan(5);
  });
});
