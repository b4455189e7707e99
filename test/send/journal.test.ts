import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalError, UsageError } from '../../src/errors.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { readJournal } from '../../src/journal/reader.js';
import type { JournalRecord } from '../../src/journal/records.js';
import type { MessageResume } from '../../src/journal/resume-state.js';
import { sanitizeArgv } from '../../src/journal/sanitize-argv.js';
import { JournalWriter } from '../../src/journal/writer.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('smpp-send-journal-');
let n = 0;
const fresh = () => join(dir, `j${++n}.jsonl`);
const T = '2025-01-02T03:04:05.000Z';
const now = () => new Date(T);

async function records(path: string): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const r of readJournal(path)) out.push(r);
  return out;
}

function lines(path: string): unknown[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

describe('JournalWriter', () => {
  it('creates the file private (0600), buffers until flush, and stamps records', async () => {
    const path = fresh();
    const w = await JournalWriter.open(path, { now });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    w.append({ ev: 'queued', key: 'k#1', to: '1', parts: 1, ref: 7 });
    expect(readFileSync(path, 'utf8')).toBe(''); // still in memory
    w.flush();
    // In the kernel now: another reader (or a rerun after kill -9) sees it.
    expect(lines(path)).toEqual([{ ev: 'queued', key: 'k#1', to: '1', parts: 1, ref: 7, t: T }]);
    w.append({ ev: 'sending', key: 'k#1', part: 0, t: 'given' });
    await w.close();
    await w.close(); // twice is harmless
    expect(lines(path)[1]).toEqual({ ev: 'sending', key: 'k#1', part: 0, t: 'given' });
  });

  it('appends to an existing journal', async () => {
    const path = fresh();
    for (const key of ['a#1', 'b#1']) {
      const w = await JournalWriter.open(path, { now });
      w.append({ ev: 'unconfirmed', key, part: 0 });
      await w.close();
    }
    expect(lines(path).map((r) => (r as { key: string }).key)).toEqual(['a#1', 'b#1']);
  });

  it('flushes what is buffered when the process exits', async () => {
    const path = fresh();
    const before = new Set(process.listeners('exit'));
    const w = await JournalWriter.open(path, { now });
    const hook = process.listeners('exit').find((l) => !before.has(l))!;
    w.append({ ev: 'unconfirmed', key: 'x#1', part: 0 });
    (hook as () => void)();
    expect(lines(path)).toHaveLength(1);
    await w.close();
    expect(process.listeners('exit')).not.toContain(hook);
  });

  it('never writes the password, however it was given', async () => {
    const path = fresh();
    const w = await JournalWriter.open(path, { now });
    const argv = ['--to', '1', '--password', 's3cret!', '--password=s3cret!', '--text', 'hi', '--url', 'smpp://me:s3cret!@host'];
    w.append({ ev: 'run', v: 1, argv, pid: 42 });
    await w.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('s3cret');
    expect(lines(path)[0]).toEqual({ ev: 'run', v: 1, pid: 42, t: T, argv: ['--to', '1', '--text', 'hi', '--url', 'smpp://me:********@host'] });
  });

  it.each([
    ['missing folder', () => join(dir, 'no', 'such', 'j.jsonl'), /--journal .*: cannot open \(its folder does not exist\)/],
    ['directory', () => dir, /cannot open \(is a directory\)/],
  ])('refuses a %s', async (_what, path, message) => {
    await expect(JournalWriter.open(path())).rejects.toThrow(message);
  });

  it('cuts off a torn last line before appending', async () => {
    const path = fresh();
    writeFileSync(path, '{"ev":"run","v":1,"t":"x","argv":[],"pid":1}\n{"ev":"accepted","key":"a#1","pa');
    const w = await JournalWriter.open(path, { now });
    w.append({ ev: 'end', summary: {} });
    await w.close();
    expect((await records(path)).map((r) => r.ev)).toEqual(['run', 'end']);
  });

  it('keeps a complete last line that only lacks its newline', async () => {
    const path = fresh();
    writeFileSync(path, '{"ev":"unconfirmed","key":"a#1","part":0,"t":"x"}');
    const w = await JournalWriter.open(path, { now });
    w.append({ ev: 'end', summary: {} });
    await w.close();
    expect((await records(path)).map((r) => r.ev)).toEqual(['unconfirmed', 'end']);
  });
});

describe('sanitizeArgv', () => {
  it.each([
    [['--password', 'x', '--to', '1'], ['--to', '1']],
    [['--password=x', '--to', '1'], ['--to', '1']],
    [['--to', '1', '--password'], ['--to', '1']],
    [['--password', ''], []],
    [['--api-token', 't', '--secret=y'], []],
    [['--text', 'my password is in the text'], ['--text', 'my password is in the text']],
    [['--host', 'smpp://u:pw@h:2775'], ['--host', 'smpp://u:********@h:2775']],
  ])('%j → %j', (argv, expected) => {
    expect(sanitizeArgv(argv)).toEqual(expected);
  });
});

describe('readJournal', () => {
  it('ignores a torn last line, with or without a newline', async () => {
    for (const tail of ['{"ev":"acc', '{"ev":"acc\n', '\u0000\u0000\u0000']) {
      const path = fresh();
      writeFileSync(path, `{"ev":"run","v":1,"t":"x","argv":[],"pid":1}\n\n${tail}`);
      expect((await records(path)).map((r) => r.ev)).toEqual(['run']);
    }
  });

  it('refuses a bad line in the middle, naming its line number', async () => {
    const path = fresh();
    writeFileSync(path, '{"ev":"run","v":1,"t":"x","argv":[],"pid":1}\nnot json\n{"ev":"end","t":"x","summary":{}}\n');
    const err = await records(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError); // exit 11, journal
    expect((err as Error).message).toMatch(/--journal .*:2: not a journal record: "not json"/);
  });

  it.each([
    ['[1,2]'],
    ['{"no":"ev"}'],
  ])('treats %s as a bad line', async (line) => {
    const path = fresh();
    writeFileSync(path, `${line}\n{"ev":"end","t":"x","summary":{}}\n`);
    await expect(records(path)).rejects.toThrow(/:1: not a journal record/);
  });

  it('refuses a journal from a newer version', async () => {
    const path = fresh();
    writeFileSync(path, '{"ev":"run","v":3,"t":"x","argv":[],"pid":1}\n');
    await expect(records(path)).rejects.toThrow(/:1: written by a newer smpp-send \(journal version 3\)/);
  });

  it('expands batch lines (version 2) into their records', async () => {
    const path = fresh();
    writeFileSync(path, [
      '{"ev":"run","v":2,"t":"x","argv":[],"pid":1}',
      '{"ev":"queued","batch":[["a#1","+1",2,7,null,null],["b#1","+2",1,8,"Acme",5]],"t":"t1"}',
      '{"ev":"sending","batch":[["a#1",0],["a#1",1]],"t":"t2"}',
      '{"ev":"accepted","batch":[["a#1",0,"id0"]],"t":"t3"}',
      '{"ev":"receipt","batch":[["a#1",0,"id0","DELIVRD"],["a#1",0,"id0","UNDELIV","012"]],"t":"t4"}',
      '{"ev":"sending","batch":[],"t":"t5"}',
      '',
    ].join('\n'));
    expect(await records(path)).toEqual([
      { ev: 'run', v: 2, t: 'x', argv: [], pid: 1 },
      { ev: 'queued', key: 'a#1', to: '+1', parts: 2, ref: 7, t: 't1' },
      { ev: 'queued', key: 'b#1', to: '+2', parts: 1, ref: 8, from: 'Acme', line: 5, t: 't1' },
      { ev: 'sending', key: 'a#1', part: 0, t: 't2' },
      { ev: 'sending', key: 'a#1', part: 1, t: 't2' },
      { ev: 'accepted', key: 'a#1', part: 0, id: 'id0', t: 't3' },
      { ev: 'receipt', key: 'a#1', part: 0, id: 'id0', state: 'DELIVRD', t: 't4' },
      { ev: 'receipt', key: 'a#1', part: 0, id: 'id0', state: 'UNDELIV', err: '012', t: 't4' },
    ]);
  });

  it.each([
    ['a batch that is not a list', '{"ev":"sending","batch":{"a#1":0},"t":"x"}'],
    ['an entry that is not a list', '{"ev":"accepted","batch":["a#1"],"t":"x"}'],
    ['a batch of a record that has none', '{"ev":"rejected","batch":[["a#1",0]],"t":"x"}'],
  ])('refuses %s as not a journal record, by line', async (_what, line) => {
    const path = fresh();
    writeFileSync(path, `{"ev":"run","v":2,"t":"x","argv":[],"pid":1}\n${line}\n{"ev":"end","t":"x","summary":{}}\n`);
    await expect(records(path)).rejects.toThrow(/:2: not a journal record/);
  });

  it('refuses a missing file, saying it does not exist', async () => {
    const err = await records(join(dir, 'nope.jsonl')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/nope\.jsonl: no such file$/);
    expect((err as UsageError).fix).not.toMatch(/choose another/);
  });
});

describe('loadResumeState', () => {
  const K = (c: string, occ = 1) => `${c.repeat(16)}#${occ}`;
  const journal = [
    { v: 1, ev: 'run', t: T, argv: [], pid: 1 },
    // a: one part, accepted, then delivered
    { ev: 'queued', key: K('a'), to: '1', parts: 1, ref: 10, t: T },
    { ev: 'sending', key: K('a'), part: 0, t: T },
    { ev: 'accepted', key: K('a'), part: 0, id: 'ID-A', t: T },
    { ev: 'receipt', key: K('a'), part: 0, id: 'ID-A', state: 'DELIVRD', t: T },
    // b: two parts, the first accepted, the run dies while sending the second
    { ev: 'queued', key: K('b'), to: '2', parts: 2, ref: 11, t: T },
    { ev: 'sending', key: K('b'), part: 0, t: T },
    { ev: 'accepted', key: K('b'), part: 0, id: 'ID-B0', t: T },
    { ev: 'sending', key: K('b'), part: 1, t: T },
    // c: permanently rejected
    { ev: 'queued', key: K('c'), to: '3', parts: 1, ref: 12, t: T },
    { ev: 'sending', key: K('c'), part: 0, t: T },
    { ev: 'rejected', key: K('c'), part: 0, status: 11, name: 'ESME_RINVDSTADR', t: T },
    // d: queued, never sent
    { ev: 'queued', key: K('d'), to: '4', parts: 1, ref: 13, t: T },
    // e: no reply, not resent (--at-most-once)
    { ev: 'queued', key: K('e'), to: '5', parts: 1, ref: 14, t: T },
    { ev: 'sending', key: K('e'), part: 0, t: T },
    { ev: 'unconfirmed', key: K('e'), part: 0, t: T },
    // f: accepted, only an intermediate receipt so far
    { ev: 'queued', key: K('f'), to: '6', parts: 1, ref: 15, t: T },
    { ev: 'sending', key: K('f'), part: 0, t: T },
    { ev: 'accepted', key: K('f'), part: 0, id: 'ID-F', t: T },
    { ev: 'receipt', key: K('f'), part: 0, id: 'ID-F', state: 'ENROUTE', t: T },
    // a duplicate sent on purpose: its own key
    { ev: 'queued', key: K('a', 2), to: '1', parts: 1, ref: 16, t: T },
    { ev: 'sending', key: K('a', 2), part: 0, t: T },
    { ev: 'skipped', line: 9, reason: 'no recipient', t: T },
    // the resume
    { v: 1, ev: 'run', t: T, argv: [], pid: 2 },
    { ev: 'sending', key: K('b'), part: 1, t: T },
    { ev: 'accepted', key: K('b'), part: 1, id: 'ID-B1', t: T },
    { ev: 'accepted', key: K('a', 2), part: 0, id: 'ID-A2', t: T },
    { ev: 'rejected', key: K('a', 2), part: 0, status: 88, name: 'ESME_RTHROTTLED', t: T }, // too late: it was accepted
    { ev: 'queued', key: 'custom key', to: '7', parts: 1, ref: 17, t: T },
    { ev: 'sending', key: 'custom key', part: 0, t: T },
    { ev: 'receipt', key: K('g'), part: 0, id: 'ID-G', state: 'UNDELIV', t: T }, // no queued line
    { ev: 'receipt', key: K('a'), part: 0, id: 'ID-A', state: 'ENROUTE', t: T }, // after a final: ignored
    { ev: 'end', t: T, summary: {} },
  ];
  let path = '';
  const load = async () => {
    if (!path) {
      path = fresh();
      writeFileSync(path, `${journal.map((r) => JSON.stringify(r)).join('\n')}\n{"ev":"sending","key":"${K('d')}","pa`);
    }
    return loadResumeState(path);
  };

  it('counts runs and remembers the last reference', async () => {
    const s = await load();
    expect(s.runs).toBe(2);
    expect(s.size).toBe(9);
    expect(s.lastRef).toBe(17);
  });

  it.each<[string, Omit<MessageResume, 'key'> | undefined]>([
    [K('a'), { ref: 10, done: true, parts: [{ state: 'accepted', id: 'ID-A', receipt: 'delivered', receiptState: 'DELIVRD' }] }],
    [K('b'), { ref: 11, done: true, parts: [{ state: 'accepted', id: 'ID-B0', receipt: 'none' }, { state: 'accepted', id: 'ID-B1', receipt: 'none' }] }],
    [K('c'), { ref: 12, done: true, parts: [{ state: 'rejected', status: 11, receipt: 'none' }] }],
    [K('d'), { ref: 13, done: false, parts: [{ state: 'pending', receipt: 'none' }] }],
    [K('e'), { ref: 14, done: false, parts: [{ state: 'unconfirmed', receipt: 'none' }] }],
    [K('f'), { ref: 15, done: true, parts: [{ state: 'accepted', id: 'ID-F', receipt: 'enroute', receiptState: 'ENROUTE' }] }],
    [K('a', 2), { ref: 16, done: true, parts: [{ state: 'accepted', id: 'ID-A2', receipt: 'none' }] }],
    ['custom key', { ref: 17, done: false, parts: [{ state: 'unconfirmed', crashed: true, receipt: 'none' }] }],
    [K('g'), { done: true, parts: [{ state: 'accepted', id: 'ID-G', receipt: 'failed', receiptState: 'UNDELIV' }] }],
    [K('h'), undefined],
  ])('%s', async (key, expected) => {
    const s = await load();
    expect(s.get(key)).toEqual(expected && { key, ...expected });
  });

  it('marks a part whose last word is "sending" as unconfirmed after a crash', async () => {
    const path2 = fresh();
    writeFileSync(path2, [
      { ev: 'queued', key: K('b'), to: '2', parts: 2, ref: 11, t: T },
      { ev: 'sending', key: K('b'), part: 0, t: T },
      { ev: 'accepted', key: K('b'), part: 0, id: 'X', t: T },
      { ev: 'sending', key: K('b'), part: 1, t: T },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect((await loadResumeState(path2)).get(K('b'))!.parts[1]).toEqual({ state: 'unconfirmed', crashed: true, receipt: 'none' });
  });

  it('lists accepted parts still waiting for a final receipt', async () => {
    const s = await load();
    expect([...s.pendingReceipts()].map((p) => `${p.key.slice(0, 2)}${p.key.slice(16)}:${p.part}:${p.id}`).sort()).toEqual([
      'aa#2:0:ID-A2', 'bb#1:0:ID-B0', 'bb#1:1:ID-B1', 'ff#1:0:ID-F',
    ]);
  });

  it('lists every message', async () => {
    const s = await load();
    expect([...s.messages()].map((m) => m.key)).toEqual([K('a'), K('b'), K('c'), K('d'), K('e'), K('f'), K('a', 2), 'custom key', K('g')]);
  });

  it('is empty for a journal that does not exist yet', async () => {
    const s = await loadResumeState(join(dir, 'first-run.jsonl'));
    expect(s.size).toBe(0);
    expect(s.runs).toBe(0);
    expect(s.get(K('a'))).toBeUndefined();
  });

  it('still refuses a damaged journal', async () => {
    const bad = fresh();
    writeFileSync(bad, 'garbage\n');
    appendFileSync(bad, '{"ev":"end","t":"x","summary":{}}\n');
    await expect(loadResumeState(bad)).rejects.toThrow(/:1: not a journal record/);
  });
});

describe("an 'unsent' record: that copy never got through", () => {
  const K = 'e'.repeat(16) + '#1';
  const queued = { ev: 'queued', key: K, to: '1', parts: 1, ref: 1, t: T };
  const rec = (ev: string) => ({ ev, key: K, part: 0, t: T });
  it.each([
    ['sending, unsent: never reached the SMSC, a plain resend', ['sending', 'unsent'], { state: 'pending', receipt: 'none' }],
    ['sending, sending, unsent: the first copy may have got through', ['sending', 'sending', 'unsent'], { state: 'unconfirmed', receipt: 'none' }],
    ['sending, unconfirmed, sending, unsent: still unconfirmed', ['sending', 'unconfirmed', 'sending', 'unsent'], { state: 'unconfirmed', receipt: 'none' }],
    ['sending, unsent, sending: the run died sending the second copy', ['sending', 'unsent', 'sending'], { state: 'unconfirmed', crashed: true, receipt: 'none' }],
    ['sending, unsent, sending, accepted', ['sending', 'unsent', 'sending', 'accepted'], { state: 'accepted', receipt: 'none' }],
  ])('%s', async (_, events, part) => {
    const path = fresh();
    writeFileSync(path, [queued, ...events.map(rec)].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect((await loadResumeState(path)).get(K)!.parts[0]).toEqual(part);
  });
});
