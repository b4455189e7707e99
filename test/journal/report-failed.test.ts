// `report --failed FILE.csv` writes the messages to retry (issue 12), and `report` shows the
// picture an operator asks for: bars, latency percentiles and histogram, the failed recipients.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { retryCsv } from '../../src/journal/retry-file.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { writeBatch } from '../helpers/batch.js';
import { recipients } from '../helpers/recipients.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

describe('retryCsv', () => {
  it('quotes what needs it and defuses spreadsheet formulas', () => {
    expect(retryCsv([
      { key: 'k', to: '+447700900001', from: 'ACME', line: 3, outcome: 'rejected', reason: 'ESME_RINVDSTADR (0x0B): "bad", really' },
      { key: 'k', to: '=HYPERLINK("x")', outcome: 'failed', reason: 'receipt UNDELIV' },
    ])).toBe([
      'to,from,line,outcome,reason',
      '+447700900001,ACME,3,rejected,"ESME_RINVDSTADR (0x0B): ""bad"", really"',
      `"'=HYPERLINK(""x"")",,,failed,receipt UNDELIV`,
      '',
    ].join('\n'));
  });
});

describe('report on a campaign (spawned)', () => {
  async function campaign() {
    // Row 2 is rejected, row 3 gets a failure receipt, the rest are delivered.
    const sim = await e2eSim({
      onSubmit: (_, ctx) => (ctx.index === 1 ? { status: 0x0b } : ctx.index === 2 ? { receipt: { stat: 'UNDELIV', err: '001' } } : undefined),
    });
    const dir = testDir();
    const rows = recipients(6).map((to, i) => ({ to, text: `message ${i}` }));
    writeBatch(`${dir}/b.csv`, rows);
    const journal = `${dir}/j.jsonl`;
    const run = await cli([...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', journal, '--window', '1', '--wait', '5s']);
    expectExit(run, EXIT.rejected);
    return { sim, dir, journal, rows };
  }

  it('shows outcomes and receipt states as bars, latency percentiles and a histogram, the failed recipients', async () => {
    const { journal, rows } = await campaign();
    const r = await cli(['report', journal]);
    expectExit(r, EXIT.rejected);
    expect(r.stdout).toMatch(/^ {2}accepted +5 █+$/m);
    expect(r.stdout).toMatch(/^ {2}rejected +1 █+$/m);
    expect(r.stdout).toMatch(/^Rejected parts by status\n {2}ESME_RINVDSTADR 1 █+$/m);
    expect(r.stdout).toMatch(/^ {2}DELIVRD +4 █+\n {2}UNDELIV +1 █+$/m);
    expect(r.stdout).toMatch(/^Delivery latency 4 parts: p50 \d+ ms, p90 \d+ ms, p99 \d+ ms, max \d+ ms\n {2}<1s +4 █+$/m);
    expect(r.stdout).toContain(`${rows[1]!.to} line 3  ESME_RINVDSTADR`);
    expect(r.stdout).toContain(`${rows[2]!.to} line 4  receipt UNDELIV (err 001)`);
    const json = JSON.parse((await cli(['report', journal, '--json'])).stdout);
    expect(json.latency).toMatchObject({ count: 4, histogram: [{ label: '<1s', count: 4 }] });
  });

  it('--failed FILE.csv writes the rows to retry, which --batch takes back', async () => {
    const { sim, dir, journal, rows } = await campaign();
    const out = `${dir}/failed.csv`;
    const r = await cli(['report', journal, '--failed', out, '--json']);
    expectExit(r, EXIT.rejected);
    expect(r.stderr).toBe(`wrote 2 messages to retry to ${out}\n`);
    expect(JSON.parse(r.stdout).failedFile).toEqual({ path: out, rows: 2 });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('to,from,line,outcome,reason');
    expect(lines[1]).toMatch(new RegExp(`^\\${rows[1]!.to},,3,rejected,`));
    expect(lines[2]).toBe(`${rows[2]!.to},,4,failed,receipt UNDELIV (err 001)`);
    const before = sim.stats.submits;
    const retry = await cli([...connArgs(sim), '--batch', out, '--text', 'retry', '--journal', `${dir}/retry.jsonl`]);
    expect(sim.stats.submits - before).toBe(2);
    expect([EXIT.ok, EXIT.rejected]).toContain(retry.code);
  });

  it('--failed refuses to overwrite the journal itself', async () => {
    const { journal } = await campaign();
    const r = await cli(['report', journal, '--failed', journal]);
    expectExit(r, EXIT.usage);
    expect(r.stderr).toMatch(/--failed .*: is the journal being reported on/);
    expect(readFileSync(journal, 'utf8')).toContain('"ev":"run"');
  });
});
