// `listen --journal FILE` over TCP against the simulator (the built CLI, spawned): late receipts
// held by the SMSC are attached to the journaled messages of an earlier send, `report` then
// shows them; an id the journal does not know is printed as unmatched and never journaled.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, PASSWORD, useCli } from '../helpers/e2e.js';
import { testDir, testJournal } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const cli = useCli();

const UNKNOWN = 'id:99999999 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:';

it('attaches held receipts to the journal of an earlier send; report shows them; an unknown id is unmatched', async () => {
  const sim = await e2eSim({ outcomes: [{ to: '447700900999', stat: 'UNDELIV', err: '001' }] });
  const journal = testJournal();
  // The send ends without waiting: its receipts are held by the SMSC for a receiver.
  const sent = await cli([...connArgs(sim), '--bind', 'transmitter', '--journal', journal, '--json', '--to', '+447700900123,+447700900999', '--text', 'hi']);
  expectExit(sent, 0);
  const ids = jsonLines(sent.stdout).filter((l) => l.type === 'submitted').map((l) => l.ids[0]);
  await until(() => sim.stats.held === 2, 'receipts held');
  sim.deliver('ACME', { source_addr: '447700900555', source_addr_ton: 1, esm_class: 0x04, short_message: UNKNOWN });
  const before = await cli(['report', journal, '--json']);
  expect(jsonLines(before.stdout)[0]!.receipts).toMatchObject({ delivered: 0, failed: 0 });

  const r = await cli(['listen', ...connArgs(sim), '--journal', journal, '--json', '--count', '3']);
  expectExit(r, 0);
  const got = jsonLines(r.stdout).filter((l) => l.type === 'receipt');
  expect(got.map((g) => [g.id, g.state, g.journal, g.part, g.reason])).toEqual([
    [ids[0], 'DELIVRD', 'attached', 0, undefined],
    [ids[1], 'UNDELIV', 'attached', 0, undefined],
    ['99999999', 'DELIVRD', 'unmatched', undefined, 'unknown id'],
  ]);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', receipts: 3, attached: 2, unmatched: 1, exitCode: 0 });
  expectUnbound(sim);

  const report = await cli(['report', journal, '--json']);
  expect(jsonLines(report.stdout)[0]).toMatchObject({ runs: 1, receipts: { recorded: 2, delivered: 1, failed: 1, missing: 0, byState: { DELIVRD: 1, UNDELIV: 1 } } });
  const text = readFileSync(journal, 'utf8');
  expect(text).not.toContain('99999999'); // never attached to some other message
  expect(text).not.toContain(PASSWORD);
  expect(existsSync(`${journal}.lock`)).toBe(false); // released
});

it('human output names an unmatched receipt; the summary counts what was journaled', async () => {
  const sim = await e2eSim();
  const journal = testJournal();
  expectExit(await cli([...connArgs(sim), '--bind', 'transmitter', '--journal', journal, '--to', '+447700900123', '--text', 'hi']), 0);
  await until(() => sim.stats.held === 1, 'receipt held');
  sim.deliver('ACME', { source_addr: '447700900555', esm_class: 0x04, short_message: UNKNOWN });
  const r = await cli(['listen', ...connArgs(sim), '--journal', journal, '--count', '2']);
  expectExit(r, 0);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/^receipt {2}\S+ DELIVRD to \+447700900123$/);
  expect(lines[1]).toBe('receipt  99999999 DELIVRD to 447700900555 UNMATCHED (id not in the journal; not journaled)');
  expect(r.stderr).toContain('listened: 0 MO, 2 receipt(s) (1 journaled, 1 unmatched); stopped by count');
});

it('a journal another run holds is refused with exit 9; a missing journal exits 2', async () => {
  const sim = await e2eSim();
  const journal = testJournal();
  expectExit(await cli([...connArgs(sim), '--bind', 'transmitter', '--receipt', 'never', '--journal', journal, '--to', '+447700900123', '--text', 'hi']), 0);
  // Stopped by the receipt delivered below, once the others were refused: no race with a timer.
  const first = cli(['listen', ...connArgs(sim), '--journal', journal, '--count', '1', '--timeout', '30s']);
  await until(() => existsSync(`${journal}.lock`), 'the first listen holds the lock');
  const second = await cli(['listen', ...connArgs(sim), '--journal', journal, '--count', '1']);
  expectExit(second, 9);
  expect(second.stderr).toContain(`--journal ${journal}`);
  const send = await cli([...connArgs(sim), '--bind', 'transmitter', '--journal', journal, '--to', '+447700900123', '--text', 'hi']);
  expectExit(send, 9);
  sim.deliver('ACME', { source_addr: '447700900555', esm_class: 0x04, short_message: UNKNOWN });
  expectExit(await first, 0);
  expect(existsSync(`${journal}.lock`)).toBe(false);
  const missing = await cli(['listen', ...connArgs(sim), '--journal', join(testDir(), 'none.jsonl'), '--count', '1']);
  expectExit(missing, 2);
  expect(missing.stderr).toContain('no such file');
});
