import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJournalSummary } from '../../src/cli/reporters/journal-report.js';
import { summarizeJournal } from '../../src/journal/report.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('smpp-send-report-');
let n = 0;
function journal(records: object[], tail = ''): string {
  const path = join(dir, `r${++n}.jsonl`);
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join('') + tail);
  return path;
}

const K = (c: string) => `${c.repeat(16)}#1`;
const t1 = '2025-01-01T10:00:00.000Z';
const t2 = '2025-01-01T11:00:00.000Z';
const sent = (c: string, to: string, line: number, parts = 1) => [
  { ev: 'queued', key: K(c), to, line, parts, ref: 1, t: t1 },
  ...Array.from({ length: parts }, (_, part) => ({ ev: 'sending', key: K(c), part, t: t1 })),
];
const accepted = (c: string, part = 0) => ({ ev: 'accepted', key: K(c), part, id: `id-${c}${part}`, t: t1 });
const receipt = (c: string, state: string, part = 0, err?: string) => ({ ev: 'receipt', key: K(c), part, id: `id-${c}${part}`, state, ...(err ? { err } : {}), t: t1 });

const records = [
  { v: 1, ev: 'run', t: t1, argv: [], pid: 1 },
  ...sent('a', '+4477001', 2), accepted('a'), receipt('a', 'DELIVRD'),
  ...sent('b', '+4477002', 3, 2), accepted('b', 0), accepted('b', 1), receipt('b', 'DELIVRD', 0), receipt('b', 'UNDELIV', 1, '012'),
  ...sent('c', '+4477003', 4), { ev: 'rejected', key: K('c'), part: 0, status: 11, name: 'ESME_RINVDSTADR', reason: 'bad number', t: t1 },
  ...sent('d', '+4477004', 5), { ev: 'unconfirmed', key: K('d'), part: 0, t: t1 },
  ...sent('e', '+4477005', 6), accepted('e'), receipt('e', 'ENROUTE'),
  ...sent('f', '+4477006', 7), // the run dies here, mid-submit
  { ev: 'queued', key: K('g'), to: '+4477007', line: 8, parts: 1, ref: 2, t: t1 }, // never sent
  { ev: 'skipped', line: 9, reason: 'no recipient', t: t1 },
  { v: 1, ev: 'run', t: t2, argv: [], pid: 2 },
  { ev: 'skipped', line: 9, reason: 'no recipient', t: t2 }, // the same bad row, seen again
  { ev: 'skipped', line: 10, to: '+4477001', reason: 'same recipient and text as an earlier row', t: t2 },
  ...sent('h', '+4477008', 11), accepted('h'),
  { ev: 'end', t: t2, summary: { accepted: 1 } },
];

describe('summarizeJournal', () => {
  it('counts every outcome across runs and lists what went wrong', async () => {
    const path = journal(records);
    expect(await summarizeJournal(path)).toEqual({
      file: path,
      runs: 2,
      resumes: 1,
      finished: true,
      firstRun: t1,
      lastRun: t2,
      lastRunState: { state: 'finished', startedAt: t2, pid: 2 },
      resume: 'smpp-send', // the fixture's argv is empty
      exitCode: 6, // a rejection and a message not sent
      latency: { count: 2, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, histogram: [{ label: '<1s', fromMs: 0, toMs: 1000, count: 2 }] },
      messages: { total: 8, accepted: 4, rejected: 1, unconfirmed: 2, unsent: 1 },
      parts: 9,
      rejectedByStatus: { ESME_RINVDSTADR: 1 },
      skipped: 2,
      receipts: { recorded: 4, delivered: 1, failed: 1, acceptd: 0, missing: 2, byState: { DELIVRD: 2, UNDELIV: 1 } },
      failures: [
        { key: K('b'), to: '+4477002', line: 3, outcome: 'failed', reason: 'receipt UNDELIV (err 012)' },
        { key: K('c'), to: '+4477003', line: 4, outcome: 'rejected', reason: 'ESME_RINVDSTADR: bad number' },
        { key: K('d'), to: '+4477004', line: 5, outcome: 'unconfirmed', reason: 'no reply from the SMSC: it may or may not have it' },
        { key: K('f'), to: '+4477006', line: 7, outcome: 'unconfirmed', reason: 'the run stopped while submitting it: the SMSC may or may not have it' },
        { key: K('g'), to: '+4477007', line: 8, outcome: 'unsent', reason: 'not sent: the run stopped before it' },
      ],
      failuresNotListed: 0,
      missingReceipts: [
        { key: K('e'), to: '+4477005', line: 6, outcome: 'awaiting-receipt', reason: 'last receipt ENROUTE, no final one yet' },
        { key: K('h'), to: '+4477008', line: 11, outcome: 'awaiting-receipt', reason: 'no receipt yet' },
      ],
      missingReceiptsNotListed: 0,
      skippedRows: [
        { line: 9, reason: 'no recipient' },
        { line: 10, to: '+4477001', reason: 'same recipient and text as an earlier row' },
      ],
      skippedNotListed: 0,
    });
  });

  it('caps the lists, not the counts', async () => {
    const many = [{ v: 1, ev: 'run', t: t1, argv: [], pid: 1 }];
    for (const c of 'abcdef') many.push(...(sent(c, `+${c}`, 2) as never[]));
    const s = await summarizeJournal(journal(many), { limit: 2 });
    expect(s.messages.unconfirmed).toBe(6);
    expect(s.failures.map((f) => f.to)).toEqual(['+a', '+b']);
    expect(s.failuresNotListed).toBe(4);
    expect(s.finished).toBe(false);
  });

  it('lists no missing receipts when the journal has no receipts at all', async () => {
    const s = await summarizeJournal(journal([...sent('a', '1', 2), accepted('a')]));
    expect(s.receipts).toEqual({ recorded: 0, delivered: 0, failed: 0, acceptd: 0, missing: 1, byState: {} });
    expect(s.missingReceipts).toEqual([]);
  });

  it('reads past a torn last line', async () => {
    const s = await summarizeJournal(journal([...sent('a', '1', 2), accepted('a')], '{"ev":"receipt","key":"aaaa'));
    expect(s.messages.accepted).toBe(1);
  });

  it('refuses a file that is not there', async () => {
    await expect(summarizeJournal(join(dir, 'none.jsonl'))).rejects.toThrow(/none\.jsonl: no such file$/);
  });
});

describe('formatJournalSummary', () => {
  it('writes plain text without color', async () => {
    const path = journal(records);
    const text = formatJournalSummary(await summarizeJournal(path), { color: false });
    expect(text).toBe(
      [
        `Journal ${path}: 2 runs (1 resume), the last run finished`,
        `  first run ${t1}, last ${t2}`,
        '  to finish the job, run the same command again (the password set as before):',
        '    smpp-send',
        'Messages 8 (9 parts)',
        '  accepted    4 ████████████',
        '  rejected    1 ███',
        '  unconfirmed 2 ██████  rerun with the same --journal to resend, or check with the SMSC',
        '  not sent    1 ███  rerun with the same --journal to send them',
        'Rejected parts by status',
        '  ESME_RINVDSTADR 1 ████████████████████████',
        'Skipped rows 2',
        'Receipts delivered 1, failed 1, awaiting 2',
        '  DELIVRD     2 ████████████████████████',
        '  UNDELIV     1 ████████████',
        'Delivery latency 2 parts: p50 0 ms, p90 0 ms, p99 0 ms, max 0 ms',
        '  <1s         2 ████████████████████████',
        'Not delivered or not sent',
        '  +4477002 line 3  receipt UNDELIV (err 012)',
        '  +4477003 line 4  ESME_RINVDSTADR: bad number',
        '  +4477004 line 5  no reply from the SMSC: it may or may not have it',
        '  +4477006 line 7  the run stopped while submitting it: the SMSC may or may not have it',
        '  +4477007 line 8  not sent: the run stopped before it',
        'No final receipt',
        '  +4477005 line 6  last receipt ENROUTE, no final one yet',
        '  +4477008 line 11  no receipt yet',
        'Skipped rows',
        '  line 9: no recipient',
        '  line 10 +4477001: same recipient and text as an earlier row',
      ].join('\n'),
    );
  });

  it('colors only when asked', async () => {
    const s = await summarizeJournal(journal(records));
    // eslint-disable-next-line no-control-regex
    expect(formatJournalSummary(s, { color: true })).toMatch(/\u001b\[/);
    // eslint-disable-next-line no-control-regex
    expect(formatJournalSummary(s, { color: false })).not.toMatch(/\u001b\[/);
  });

  it('says when no receipts were recorded and when the last run did not finish', async () => {
    const s = await summarizeJournal(journal([{ v: 1, ev: 'run', t: t1, argv: [], pid: 1 }, ...sent('a', '1', 2), accepted('a')]));
    const text = formatJournalSummary(s, { color: false });
    expect(text).toContain(`1 run, the last run did not finish: it was killed or crashed (last record ${t1})`);
    expect(text).toContain('Receipts none recorded');
  });
});
