// A rerun that is a different job (issue 9.3): same journal, another template, input file or
// sender. Refused with exit 10 naming what differs, unless --allow-job-change; how it is sent
// (--window, --tps, --debug) is not part of the job.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { jobDifferences, jobOf, type JobSettings } from '../../src/journal/job.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, PASSWORD, useCli } from '../helpers/e2e.js';
import { writeBatch } from '../helpers/batch.js';
import { recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

const base: JobSettings = {
  to: ['+447700900001'], toColumn: 'to', text: 'Hello {name}', coding: 'auto', smscAlphabet: 'gsm7',
  transliterate: false, flash: false, split: 'udh8', allowDuplicates: false,
};

describe('jobOf / jobDifferences', () => {
  it.each<[string, Partial<JobSettings>, string[]]>([
    ['the same job', {}, []],
    ['a typo fixed in the text', { text: 'Hello {name}!' }, ['the text or template (--text/--hex)']],
    ['another sender', { from: 'ACME' }, ['the sender (--from)']],
    ['other recipients', { to: ['+447700900002'] }, ['the recipients (--to)']],
    ['another encoding', { coding: 'ucs2' }, ['the encoding (--coding, --smsc-alphabet, --transliterate, --flash, --split)']],
    ['text and sender', { text: 'x', from: 'ACME' }, ['the text or template (--text/--hex)', 'the sender (--from)']],
  ])('%s', async (_what, change, differs) => {
    expect(jobDifferences(await jobOf(base), await jobOf({ ...base, ...change }))).toEqual(differs);
  });

  it('hashes an input file by content, and keeps no text or secret in the clear', async () => {
    const dir = testDir();
    writeFileSync(`${dir}/a.csv`, 'to,name\n+447700900001,Ann\n');
    writeFileSync(`${dir}/b.csv`, 'to,name\n+447700900001,Ann\n');
    writeFileSync(`${dir}/c.csv`, 'to,name\n+447700900001,Anne\n');
    const job = (batch: string) => jobOf({ ...base, to: [], batch });
    expect((await job(`${dir}/a.csv`)).input).toBe((await job(`${dir}/b.csv`)).input);
    expect(jobDifferences(await job(`${dir}/a.csv`), await job(`${dir}/c.csv`))).toEqual(['the input file (--to-file/--batch)']);
    expect(JSON.stringify(await jobOf({ ...base, text: 'secret text' }))).not.toContain('secret');
  });

  it('compares only fields both sides know (a journal from an older version)', () => {
    expect(jobDifferences({ text: 'a' }, { text: 'a', sender: 'x' })).toEqual([]);
  });
});

describe('a rerun with the same journal (spawned)', () => {
  async function firstRun() {
    const sim = await e2eSim();
    const dir = testDir();
    writeBatch(`${dir}/b.csv`, recipients(5).map((to) => ({ to, text: '' })));
    const journal = `${dir}/j.jsonl`;
    const common = [...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', journal];
    const first = await cli([...common, '--text', 'Your code is redy']);
    expectExit(first, EXIT.ok);
    expect(sim.stats.submits).toBe(5);
    return { sim, dir, journal, common };
  }

  it('another template (a typo fixed) is refused with exit 10, naming what differs; nothing is sent', async () => {
    const { sim, common } = await firstRun();
    const r = await cli([...common, '--text', 'Your code is ready']);
    expectExit(r, EXIT.mismatch);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/belongs to a different job: the text or template \(--text\/--hex\) differs; nothing was sent; for a new job use a new --journal file; .* add --allow-job-change/);
    expect(sim.stats.submits).toBe(5);
  });

  it('another sender, and another input file, are refused too', async () => {
    const { sim, dir, common } = await firstRun();
    const sender = await cli([...common, '--text', 'Your code is redy', '--from', 'ACME']);
    expectExit(sender, EXIT.mismatch);
    expect(sender.stderr).toMatch(/the sender \(--from\) differs/);
    writeBatch(`${dir}/b.csv`, recipients(6).map((to) => ({ to, text: '' })));
    const input = await cli([...common, '--text', 'Your code is redy', '--json']);
    expectExit(input, EXIT.mismatch);
    expect(jsonLines(input.stdout).at(-1)).toMatchObject({ type: 'summary', exitCode: EXIT.mismatch });
    expect(sim.stats.submits).toBe(5);
  });

  it('--allow-job-change continues knowingly: the changed messages are sent, the journal notes it', async () => {
    const { sim, journal, common } = await firstRun();
    const r = await cli([...common, '--text', 'Your code is ready', '--allow-job-change']);
    expectExit(r, EXIT.ok);
    expect(sim.stats.submits).toBe(10);
    const runs = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.ev === 'run');
    expect(runs.at(-1)).toMatchObject({ allowJobChange: true });
    // The changed job is now the journal's: the same command again resends nothing.
    const again = await cli([...common, '--text', 'Your code is ready']);
    expectExit(again, EXIT.ok);
    expect(sim.stats.submits).toBe(10);
  });

  it('how it is sent is not the job: --window, --tps, --debug and the password source do not matter', async () => {
    const { sim, journal, common } = await firstRun();
    const r = await cli([...common, '--text', 'Your code is redy', '--window', '3', '--tps', '50', '--debug']);
    expectExit(r, EXIT.ok);
    expect(sim.stats.submits).toBe(5);
    expect(readFileSync(journal, 'utf8')).not.toContain(PASSWORD);
  });
});
