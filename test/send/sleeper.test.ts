// Issue 9.8: a burst of retry waits must not print MaxListenersExceededWarning (cron mail).
import { expect, it, onTestFinished } from 'vitest';
import { Sleeper } from '../../src/send/sleeper.js';
import { runSend } from '../../src/send/run.js';
import { collectingDeps, makeSettings } from '../helpers/settings.js';
import { recipients } from '../helpers/recipients.js';
import { startTestSim } from '../helpers/sim.js';

const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);

it('many waits hang on one abort listener, and a stop ends them all at once', async () => {
  const stop = new AbortController();
  const sleeper = new Sleeper(stop.signal);
  const waits = Array.from({ length: 100 }, () => sleeper.sleep(60_000));
  expect(sleeper.size).toBe(100);
  stop.abort();
  await Promise.all(waits);
  expect(sleeper.size).toBe(0);
  await sleeper.sleep(60_000); // already stopped: at once
});

it('a run with 40 throttled submits waiting to retry at once prints no warning', async () => {
  process.on('warning', onWarning);
  onTestFinished(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });
  const seen = new Set<string>();
  const sim = await startTestSim({
    // Every first copy is throttled: 40 retry waits pending together.
    onSubmit: (p) => {
      const to = String(p.fields.destination_addr);
      if (seen.has(to)) return undefined;
      seen.add(to);
      return { status: 0x58 };
    },
  });
  const stop = new AbortController();
  const deps = { ...collectingDeps(), signal: stop.signal };
  const summary = await runSend(makeSettings({ sim, to: recipients(40), window: 40, retryDelayMs: 200 }), deps);
  expect(summary.counts.accepted).toBe(40);
  expect(summary.counts.retries).toBe(40);
  await new Promise((r) => setImmediate(r));
  expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
});
