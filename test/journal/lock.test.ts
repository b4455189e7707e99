// One journal, one run (issue 9.2): a second run refuses at once (exit 9) naming the first; a
// lock left by a killed run is taken over; two runs finding the same stale lock at once do not
// both take it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { JournalLockedError } from '../../src/errors.js';
import { JournalWriter } from '../../src/journal/writer.js';
import { isAlive, JournalLock, lockHolder, type LockOwner } from '../../src/journal/lock.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { writeBatch } from '../helpers/batch.js';
import { recipients } from '../helpers/recipients.js';
import { testDir, testJournal } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const cli = useCli();

const HOLDER = fileURLToPath(new URL('./lock-holder.mjs', import.meta.url));

/** A pid that existed and is gone now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function writeLock(journal: string, owner: Partial<LockOwner>): void {
  const full = { pid: 1, host: hostname(), started: '2026-01-01T00:00:00.000Z', token: 'feedfeedfeedfeed', ...owner };
  writeFileSync(`${journal}.lock`, `${JSON.stringify(full)}\n`);
}

describe('JournalLock', () => {
  it('is taken, named in FILE.lock, and released', () => {
    const journal = testJournal();
    const lock = JournalLock.acquire(journal);
    const owner = JSON.parse(readFileSync(`${journal}.lock`, 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), token: lock.owner.token });
    lock.release();
    lock.release();
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it('refuses while a live run holds it, naming its pid and start time', async () => {
    const journal = testJournal();
    const other = spawn('sleep', ['30']);
    try {
      writeLock(journal, { pid: other.pid!, started: '2026-11-30T13:20:00.000Z' });
      expect(lockHolder(journal)?.pid).toBe(other.pid);
      const err = (() => { try { JournalLock.acquire(journal); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(JournalLockedError);
      expect((err as Error).message).toBe(`--journal ${journal} is in use by another run (pid ${other.pid}, started 2026-11-30T13:20:00.000Z); nothing was sent`);
    } finally {
      other.kill();
    }
  });

  it.each([
    ['its pid is dead', async () => ({ pid: await deadPid() })],
    ['its pid now belongs to another process', async () => ({ pid: process.ppid, pstart: '1' })],
    ['the machine rebooted since (power cut)', async () => ({ pid: process.ppid, boot: 'another-boot' })],
    ['it is not a lock at all', async () => undefined],
  ])('takes over a stale lock: %s', async (_why, owner) => {
    const journal = testJournal();
    const o = await owner();
    if (o) writeLock(journal, o);
    else writeFileSync(`${journal}.lock`, 'garbage');
    const lock = JournalLock.acquire(journal);
    expect(JSON.parse(readFileSync(`${journal}.lock`, 'utf8')).token).toBe(lock.owner.token);
    lock.release();
  });

  it('cannot tell about a run on another host: refuses and says how to clear it', () => {
    const journal = testJournal();
    writeLock(journal, { host: 'elsewhere.example', pid: 4242 });
    expect(isAlive({ host: 'elsewhere.example', pid: 4242 } as LockOwner)).toBe('unknown');
    expect(() => JournalLock.acquire(journal)).toThrow(/pid 4242 on elsewhere\.example/);
  });

  it('eight processes finding the same stale lock at once: exactly one takes it', async () => {
    for (let round = 0; round < 2; round++) {
      const journal = testJournal();
      writeLock(journal, { pid: await deadPid() });
      const children = Array.from({ length: 8 }, () => spawn(process.execPath, [HOLDER, journal]));
      // Each holds what it got until all have answered: a later taker cannot blur the count.
      const outs = await Promise.all(children.map((child) => new Promise<string>((resolve) => {
        let out = '';
        child.stdout!.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          if (out.endsWith('\n')) resolve(out.trim());
        });
      })));
      for (const child of children) child.stdin!.end();
      await Promise.all(children.map((c) => new Promise((resolve) => c.on('close', resolve))));
      expect(outs.filter((o) => o === 'got'), outs.join(',')).toHaveLength(1);
      expect(outs.filter((o) => o === 'locked')).toHaveLength(7);
      expect(existsSync(`${journal}.lock`)).toBe(false);
    }
  });
});

describe('the lock and the journal writer', () => {
  it('a symlink to the journal shares its lock', async () => {
    const journal = testJournal();
    writeFileSync(journal, '');
    const link = `${journal}.link`;
    symlinkSync(journal, link);
    const holder = spawn(process.execPath, [HOLDER, journal]);
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      expect(() => JournalLock.acquire(link)).toThrow(JournalLockedError);
    } finally {
      holder.stdin!.end();
      await new Promise((resolve) => holder.on('close', resolve));
    }
  });

  it('at process exit the writer flushes first, then releases the lock (one exit hook, in that order)', async () => {
    const journal = testJournal();
    const before = new Set(process.listeners('exit'));
    const w = await JournalWriter.open(journal, { lock: JournalLock.acquire(journal) });
    const hooks = process.listeners('exit').filter((l) => !before.has(l));
    expect(hooks).toHaveLength(1);
    w.append({ ev: 'unconfirmed', key: 'k#1', part: 0 });
    (hooks[0] as () => void)();
    expect(readFileSync(journal, 'utf8')).toContain('"ev":"unconfirmed"');
    expect(existsSync(`${journal}.lock`)).toBe(false);
    await w.close();
  });
});

describe('two runs on one journal (spawned)', () => {
  it('the second refuses at once with exit 9 naming the first; the SMSC gets each row once', async () => {
    // Slow replies keep the first run busy while the second starts.
    const sim = await e2eSim({ responseDelayMs: 50 });
    const dir = testDir();
    const rows = recipients(40).map((to, i) => ({ to, text: `message ${i}` }));
    writeBatch(`${dir}/b.csv`, rows);
    const args = [...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', `${dir}/j.jsonl`, '--window', '1'];
    let first: ChildProcess | undefined;
    const firstRun = cli(args, { onSpawn: (c) => (first = c) });
    await until(() => sim.stats.submits >= 2, 'first run sending');
    const second = await cli(args);
    expectExit(second, EXIT.locked);
    expect(second.stderr).toMatch(new RegExp(`in use by another run \\(pid ${first!.pid}, started 20\\d\\d-`));
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expectExit(await firstRun, EXIT.ok);
    expect(sim.stats.submits).toBe(rows.length);
    expect(existsSync(`${dir}/j.jsonl.lock`)).toBe(false);
  });

  it('a run killed with kill -9 leaves its lock; the rerun takes it over and finishes the job', async () => {
    const sim = await e2eSim({ responseDelayMs: 20 });
    const dir = testDir();
    const rows = recipients(30).map((to, i) => ({ to, text: `message ${i}` }));
    writeBatch(`${dir}/b.csv`, rows);
    const args = [...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', `${dir}/j.jsonl`, '--window', '1', '--json'];
    const killed = cli(args, {
      onSpawn: (c) => void until(() => sim.stats.submits >= 5, 'sending').then(() => c.kill('SIGKILL')),
    });
    expect((await killed).signal).toBe('SIGKILL');
    expect(existsSync(`${dir}/j.jsonl.lock`)).toBe(true);
    const rerun = await cli(args);
    expectExit(rerun, EXIT.ok);
    const summary = jsonLines(rerun.stdout).at(-1)!;
    expect(summary.type).toBe('summary');
    expect(existsSync(`${dir}/j.jsonl.lock`)).toBe(false);
  });

  it('two runs started together on a journal with a stale lock: one sends, the other exits 9', async () => {
    const sim = await e2eSim({ responseDelayMs: 30 });
    const dir = testDir();
    const rows = recipients(20).map((to, i) => ({ to, text: `message ${i}` }));
    writeBatch(`${dir}/b.csv`, rows);
    writeLock(`${dir}/j.jsonl`, { pid: await deadPid() });
    const args = [...connArgs(sim), '--batch', `${dir}/b.csv`, '--journal', `${dir}/j.jsonl`, '--window', '1'];
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    expect([a.code, b.code].sort()).toEqual([EXIT.ok, EXIT.locked].sort());
    expect(sim.stats.submits).toBe(rows.length);
  });
});
