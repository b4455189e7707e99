// Journals that are not what they seem (issue 8, items 16-18): a file that holds no journal
// record, something that is not a regular file, a crafted part index. Unit checks on the reader,
// writer and state, and the spawned CLI for the exit code and the one line a user reads.
import { mkfifoSync } from './mkfifo.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { readJournal } from '../../src/journal/reader.js';
import { JournalWriter } from '../../src/journal/writer.js';
import { JournalError } from '../../src/errors.js';
import { JournalState } from '../../src/journal/journal-state.js';
import { summarizeJournal } from '../../src/journal/report.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

const K = 'ab'.repeat(8) + '#1';

async function all(path: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of readJournal(path)) out.push(r);
  return out;
}

describe('a file that holds no journal record (8.16)', () => {
  it.each([
    ['one line, no newline', 'remember to call the SMSC people'],
    ['one line with newline', 'remember to call the SMSC people\n'],
    ['JSON that is not a record', '{"note":"x"}'],
  ])('is refused, not wiped: %s', async (_what, content) => {
    const path = join(testDir(), 'notes.txt');
    writeFileSync(path, content);
    const err = await JournalWriter.open(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as Error).message).toMatch(/notes\.txt:1: not a journal record/);
    expect(readFileSync(path, 'utf8')).toBe(content); // untouched
    await expect(all(path)).rejects.toThrow(/notes\.txt:1: not a journal record/);
  });

  it('a torn tail is still cut off after valid records', async () => {
    const path = join(testDir(), 'j.jsonl');
    writeFileSync(path, `{"ev":"unconfirmed","key":"${K}","part":0,"t":"x"}\nremember to`);
    const w = await JournalWriter.open(path);
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe(`{"ev":"unconfirmed","key":"${K}","part":0,"t":"x"}\n`);
  });

  it('a first run record torn by a kill is an empty journal, not a foreign file', async () => {
    const path = join(testDir(), 'j.jsonl');
    writeFileSync(path, '{"ev":"run","v":1,"ar');
    expect(await all(path)).toEqual([]);
    const w = await JournalWriter.open(path);
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('the CLI refuses it with exit 11, sends nothing and leaves the file as it was', async () => {
    const sim = await e2eSim();
    const path = join(testDir(), 'notes.txt');
    writeFileSync(path, 'remember to call the SMSC people');
    const r = await cli([...connArgs(sim), '--to', '+447700900001', '--text', 'hi', '--journal', path]);
    expectExit(r, EXIT.journal);
    expect(r.stderr).toMatch(/notes\.txt:1: not a journal record.*move it away/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(path, 'utf8')).toBe('remember to call the SMSC people');
    expect(sim.stats.submits).toBe(0);
    const rep = await cli(['report', path]);
    expectExit(rep, EXIT.journal);
  });
});

describe('what is not a regular file (8.17)', () => {
  it('refuses /dev/full and /dev/zero at once, reading or writing', async () => {
    for (const dev of ['/dev/full', '/dev/zero']) {
      await expect(loadResumeState(dev)).rejects.toThrow(/is a device, not a regular file/);
      await expect(JournalWriter.open(dev)).rejects.toBeInstanceOf(JournalError);
    }
  });

  it('refuses a FIFO without blocking on it', async () => {
    const path = join(testDir(), 'fifo');
    mkfifoSync(path);
    await expect(loadResumeState(path)).rejects.toThrow(/is a pipe, not a regular file/);
    await expect(JournalWriter.open(path)).rejects.toThrow(/is a pipe, not a regular file/);
  });

  it('the CLI exits 11 with one line for --journal /dev/full', async () => {
    const sim = await e2eSim();
    const r = await cli([...connArgs(sim), '--to', '+447700900001', '--text', 'hi', '--journal', '/dev/full'], { timeoutMs: 10_000 });
    expectExit(r, EXIT.journal);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/\/dev\/full: is a device, not a regular file/);
    expect(sim.stats.submits).toBe(0);
  });
});

describe('part indexes beyond the message (8.18)', () => {
  it('ignores a part the queued line does not have, and any part past 255', () => {
    const s = new JournalState();
    s.apply({ ev: 'queued', key: K, to: '1', parts: 2, ref: 1, t: 'x' });
    s.apply({ ev: 'accepted', key: K, part: 65534, id: 'x', t: 'x' });
    s.apply({ ev: 'accepted', key: K, part: 2, id: 'x', t: 'x' });
    expect(s.get(K)!.parts).toHaveLength(2);
    const orphan = 'cd'.repeat(8) + '#1';
    s.apply({ ev: 'accepted', key: orphan, part: 65534, id: 'x', t: 'x' });
    s.apply({ ev: 'accepted', key: orphan, part: 255, id: 'x', t: 'x' });
    expect(s.get(orphan)).toBeUndefined();
    s.apply({ ev: 'queued', key: orphan, to: '1', parts: 65535, ref: 1, t: 'x' });
    expect(s.get(orphan)).toBeUndefined();
  });

  it('report on a crafted journal counts only the real parts', async () => {
    const path = join(testDir(), 'j.jsonl');
    writeFileSync(path, [
      { v: 1, ev: 'run', t: 'x', argv: [], pid: 1 },
      { ev: 'queued', key: K, to: '1', parts: 1, ref: 1, t: 'x' },
      { ev: 'accepted', key: K, part: 0, id: 'a', t: 'x' },
      { ev: 'accepted', key: K, part: 65534, id: 'b', t: 'x' },
    ].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const s = await summarizeJournal(path);
    expect(s.parts).toBe(1);
    expect(s.messages.accepted).toBe(1);
  });
});
