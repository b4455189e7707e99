// `smpp-send report` tells how the job stands (issue 9.10, and words from 12): interrupted,
// killed, in progress or finished; how to resume; an exit code that reflects the job.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import type { SimOptions } from '../../src/sim/index.js';
import { lastRunState, reportExitCode, resumeCommand, type LastRun } from '../../src/journal/report-state.js';
import { connArgs, e2eSim, expectExit, PASSWORD, useCli } from '../helpers/e2e.js';
import { writeBatch } from '../helpers/batch.js';
import { recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const cli = useCli();

describe('reportExitCode', () => {
  const clean = { messages: { accepted: 5, rejected: 0, unconfirmed: 0, unsent: 0 }, skipped: 0, receipts: { recorded: 5, failed: 0, missing: 0 } };
  const finished: LastRun = { state: 'finished', exitCode: 0 };
  it.each<[string, LastRun, Partial<typeof clean>, boolean, number]>([
    ['all accepted, finished', finished, {}, false, EXIT.ok],
    ['a run is still at it', { state: 'running' }, {}, false, EXIT.locked],
    ['interrupted before the end of its input', { state: 'interrupted', exitCode: 130 }, {}, false, EXIT.rejected],
    ['killed', { state: 'crashed' }, {}, false, EXIT.rejected],
    ['stopped on a lost link', { state: 'stopped', exitCode: 4 }, {}, false, EXIT.rejected],
    ['empty journal', { state: 'none' }, {}, false, EXIT.rejected],
    ['a rejection', finished, { messages: { ...clean.messages, rejected: 1 } }, false, EXIT.rejected],
    ['a skipped row', finished, { skipped: 1 }, false, EXIT.rejected],
    ['unconfirmed', finished, { messages: { ...clean.messages, unconfirmed: 1 } }, false, EXIT.unconfirmed],
    ['a failed receipt', finished, { receipts: { recorded: 5, failed: 1, missing: 0 } }, false, EXIT.receipts],
    ['missing receipts, not waited for', finished, { receipts: { recorded: 3, failed: 0, missing: 2 } }, false, EXIT.ok],
    ['missing receipts, waited for', finished, { receipts: { recorded: 3, failed: 0, missing: 2 } }, true, EXIT.receipts],
  ])('%s', (_what, last, change, waited, code) => {
    expect(reportExitCode(last, { ...clean, ...change }, waited)).toBe(code);
  });

  it('classifies the end record', () => {
    expect(lastRunState({ t: 'T', pid: 7 }, { exitCode: 130 }, false).state).toBe('interrupted');
    expect(lastRunState({ t: 'T', pid: 7 }, { exitCode: 141 }, false).state).toBe('stopped');
    expect(lastRunState({ t: 'T', pid: 7 }, { exitCode: 6 }, false).state).toBe('finished');
    expect(lastRunState({ t: 'T', pid: 7 }, undefined, true).state).toBe('running');
    expect(lastRunState({ t: 'T', pid: 7 }, undefined, false, 'L')).toEqual({ state: 'crashed', startedAt: 'T', pid: 7, lastRecordAt: 'L' });
  });

  it('quotes the resume command for a shell', () => {
    expect(resumeCommand(['--text', "it's 5 o'clock", '--journal', 'j.jsonl'])).toBe(`smpp-send --text 'it'\\''s 5 o'\\''clock' --journal j.jsonl`);
  });
});

describe('report on a real journal (spawned)', () => {
  async function setup(opts: SimOptions = {}, n = 20) {
    const sim = await e2eSim({ responseDelayMs: 20, ...opts });
    const dir = testDir();
    writeBatch(`${dir}/b.csv`, recipients(n).map((to, i) => ({ to, text: `message ${i}` })));
    const journal = `${dir}/j.jsonl`;
    return { sim, journal, args: [...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', journal, '--window', '1'] };
  }

  it('after Ctrl-C: interrupted, how to resume (no password), exit 6; after the rerun: finished, exit 0', async () => {
    const { sim, journal, args } = await setup();
    const first = await cli(args, { onSpawn: (c) => void until(() => sim.stats.submits >= 4, 'sending').then(() => c.kill('SIGINT')) });
    expectExit(first, EXIT.interrupted);
    const report = await cli(['report', journal]);
    expectExit(report, EXIT.rejected);
    expect(report.stdout).toMatch(/the last run was interrupted \(Ctrl-C or SIGTERM, exit 130\)/);
    expect(report.stdout).not.toMatch(/last run finished/);
    expect(report.stdout).toMatch(/to finish the job, run the same command again.*\n\s+smpp-send .*--journal \S*j\.jsonl/);
    expect(report.stdout).not.toContain(PASSWORD);
    const json = JSON.parse((await cli(['report', journal, '--json'])).stdout);
    expect(json).toMatchObject({ finished: false, lastRunState: { state: 'interrupted', exitCode: 130 }, exitCode: EXIT.rejected, resume: expect.stringContaining('--journal') });

    expectExit(await cli(args), EXIT.ok);
    const done = await cli(['report', journal, '--json']);
    expectExit(done, EXIT.ok);
    expect(JSON.parse(done.stdout)).toMatchObject({ finished: true, lastRunState: { state: 'finished', exitCode: 0 }, exitCode: 0 });
    expect(JSON.parse(done.stdout).resume).toBeUndefined();
  });

  it('after kill -9: killed or crashed, exit 6; while a run holds the journal: in progress, exit 9', async () => {
    const { sim, journal, args } = await setup({ responseDelayMs: 100 }, 200);
    let seen: Awaited<ReturnType<typeof cli>> | undefined;
    const running = cli(args, {
      onSpawn: (c) => void until(() => sim.stats.submits >= 2, 'sending').then(async () => {
        seen = await cli(['report', journal]);
        c.kill('SIGKILL');
      }),
    });
    expect((await running).signal).toBe('SIGKILL');
    expectExit(seen!, EXIT.locked);
    expect(seen!.stdout).toMatch(/a run is in progress \(pid \d+, started /);
    const after = await cli(['report', journal]);
    expectExit(after, EXIT.rejected);
    expect(after.stdout).toMatch(/the last run did not finish: it was killed or crashed/);
  });

  it('names a rejection once, not "NAME: NAME (0x0B)"', async () => {
    const { journal, args } = await setup({ onSubmit: (_, ctx) => (ctx.index === 1 ? { status: 0x0b } : undefined) }, 3);
    expectExit(await cli(args), EXIT.rejected);
    const report = await cli(['report', journal]);
    expectExit(report, EXIT.rejected);
    const line = report.stdout.split('\n').find((l) => l.includes('+447700900001'))!;
    expect(line.match(/ESME_RINVDSTADR/g)).toHaveLength(1);
  });

  it('an empty journal says so (not "0 runs, last run did not finish"); a missing one says it does not exist', async () => {
    const path = `${testDir()}/empty.jsonl`;
    writeFileSync(path, '');
    const empty = await cli(['report', path]);
    expectExit(empty, EXIT.rejected);
    expect(empty.stdout).toMatch(/no run recorded yet \(empty journal\)/);
    expect(empty.stdout).not.toMatch(/0 runs|did not finish/);
    const missing = await cli(['report', '/nonexistent']);
    expectExit(missing, EXIT.usage);
    expect(missing.stderr).toMatch(/\/nonexistent: no such file/);
    expect(missing.stderr).not.toMatch(/choose another/);
  });
});
