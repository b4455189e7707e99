// A CSV batch end to end: the --text template filled per row, a per-row sender, bad rows skipped
// with their line numbers, a repeated row sent once and reported, and exit code 6 for the skips.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runSend } from '../../src/send/run.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { startTestSim } from '../helpers/sim.js';

const BATCH = fileURLToPath(new URL('../fixtures/send/batch.csv', import.meta.url));

it('sends a CSV batch: template, per-row sender, bad rows by line, a duplicate once', async () => {
  const sim = await startTestSim();
  const deps = collectingDeps();
  const summary = await runSend(makeSettings({ sim, to: [], batch: BATCH, text: 'Hi {name}!', from: 'Info' }), deps);

  expect(summary.counts).toMatchObject({ messages: 4, accepted: 4, parts: 4, skipped: 2, duplicates: 1, rejected: 0 });
  expect(summary.exitCode).toBe(EXIT.rejected);

  const sent = sim.messages.map((m) => [m.to, m.from, m.sourceTon, m.sourceNpi, m.text]);
  expect(sent).toEqual([
    ['447700900001', 'ACME', 5, 0, 'Hi Alice!'],
    ['447700900002', 'Info', 5, 0, 'Hi Bob!'], // empty from cell: the --from default
    ['447700900003', '447700900999', 1, 1, 'Hi Dave!'],
    ['447700900004', 'Shop', 5, 0, 'Hi Eve, Jr.!'],
  ]);
  expect(sim.stats.submits).toBe(4);

  const skipped = eventsOf(deps.events, 'skipped').map((e) => e.row);
  expect(skipped.map((r) => [r.line, r.source, r.to])).toEqual([
    [4, BATCH, 'not-a-number'],
    [6, BATCH, undefined],
  ]);
  expect(skipped[0]!.reason).toMatch(/not-a-number/);
  expect(skipped[1]!.reason).toBe('no recipient');

  const duplicates = eventsOf(deps.events, 'duplicate').map((e) => e.row);
  expect(duplicates.map((r) => [r.line, r.to])).toEqual([[5, '+447700900001']]);

  // Accepted messages know their line, so a report can point back into the file.
  expect(eventsOf(deps.events, 'accepted').map((e) => e.message.line)).toEqual([2, 3, 7, 8]);
});
