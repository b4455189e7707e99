// One run per journal: FILE.lock beside the journal names the run that holds it (pid, host,
// start time). Decisions, for the record:
// - The lock appears whole or not at all: its content is written to a private temporary file
//   first, then hard-linked to FILE.lock, which fails if a lock exists (link(2) is atomic, also
//   on NFS, unlike O_EXCL on old NFS).
// - A lock is stale when its run is gone: the machine rebooted since (boot id), the pid is dead,
//   or the pid now belongs to another process (its start time differs). On another host nothing
//   can be checked: refused, with the way out named.
// - Two runs may find the same stale lock at once. Only the one holding FILE.lock.break may
//   remove it, and only if it is still the stale lock it read (same token); the other then finds
//   the winner's fresh lock and refuses. Without this, the second could delete the first's new lock.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { JournalLockedError } from '../errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  started: string; // ISO time the run took the lock
  token: string; // tells this lock from a later one with the same pid
  boot?: string; // /proc/sys/kernel/random/boot_id
  pstart?: string; // the process's start time since boot (/proc/PID/stat field 22)
}

const ATTEMPTS = 5;

export class JournalLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(readonly path: string, readonly owner: LockOwner) {
    process.on('exit', this.onExit); // process.exit() from a second Ctrl-C
  }

  /** Takes the lock of `journal` or throws JournalLockedError naming the run that holds it. */
  static acquire(journal: string, now: Date = new Date()): JournalLock {
    const path = lockPath(journal);
    const owner = selfOwner(now);
    const tmp = `${path}.${owner.token}`;
    writeFileSync(tmp, `${JSON.stringify(owner)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      for (let i = 0; i < ATTEMPTS; i++) {
        if (tryLink(tmp, path)) return new JournalLock(path, owner);
        const held = readOwner(path);
        if (held === undefined) continue; // released meanwhile
        const live = held === 'garbage' ? false : isAlive(held);
        if (live !== false) throw lockedError(journal, held as LockOwner, live === 'unknown');
        if (!breakStale(path, held === 'garbage' ? undefined : held.token, tmp)) pause(10);
      }
      throw new JournalLockedError(`--journal ${journal}: could not take its lock ${path} (other runs keep taking it)`, 'retry in a moment');
    } finally {
      unlinkQuietly(tmp);
    }
  }

  /** The caller (the journal writer) releases the lock at exit itself, after its last flush. */
  handOver(): void {
    process.off('exit', this.onExit);
  }

  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    const held = readOwner(this.path);
    if (held !== undefined && held !== 'garbage' && held.token === this.owner.token) unlinkQuietly(this.path);
  }
}

/** Who holds the lock of `journal`, if a live run does (for `report`). */
export function lockHolder(journal: string): LockOwner | undefined {
  let held;
  try {
    held = readOwner(lockPath(journal));
  } catch {
    return undefined; // an unreadable lock: report what the journal says
  }
  if (held === undefined || held === 'garbage') return undefined;
  return isAlive(held) === false ? undefined : held;
}

/** Beside the journal's real file: a symlink to it (or another spelling of its path) shares the lock. */
export function lockPath(journal: string): string {
  let real = journal;
  try {
    real = realpathSync(journal);
  } catch {
    // not there yet: the run creates it at this path
  }
  return `${real}.lock`;
}

function selfOwner(now: Date): LockOwner {
  const boot = readBootId();
  const pstart = processStart(process.pid);
  return {
    pid: process.pid, host: hostname(), started: now.toISOString(), token: randomBytes(8).toString('hex'),
    ...(boot ? { boot } : {}), ...(pstart ? { pstart } : {}),
  };
}

/** true: the run still holds it; false: stale; 'unknown': another host, cannot tell. */
export function isAlive(o: LockOwner): boolean | 'unknown' {
  if (o.host !== hostname()) return 'unknown';
  const boot = readBootId();
  if (o.boot && boot && o.boot !== boot) return false; // rebooted since: a power cut
  if (o.pid === process.pid) return false; // a lock of an earlier process with our pid (a restarted container)
  try {
    process.kill(o.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const pstart = processStart(o.pid);
  if (o.pstart && pstart && o.pstart !== pstart) return false; // the pid was reused
  return true;
}

/** Removes the stale lock if it is still the one read; false when another run is at it. */
function breakStale(path: string, staleToken: string | undefined, tmp: string): boolean {
  const breaker = `${path}.break`;
  if (!tryLink(tmp, breaker)) {
    // Another run is breaking it (microseconds), or one was killed while doing so.
    const b = readOwner(breaker);
    if (b === 'garbage' || (b !== undefined && isAlive(b) === false)) unlinkQuietly(breaker);
    return false;
  }
  try {
    const again = readOwner(path);
    const same = again === 'garbage' ? staleToken === undefined : again?.token === staleToken;
    if (again !== undefined && same) unlinkQuietly(path);
  } finally {
    unlinkQuietly(breaker);
  }
  return true;
}

/** A short synchronous wait between attempts (the lock is taken before anything else runs). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lockedError(journal: string, o: LockOwner, elsewhere: boolean): JournalLockedError {
  const who = `pid ${o.pid}${elsewhere ? ` on ${o.host}` : ''}, started ${o.started}`;
  return new JournalLockedError(
    `--journal ${journal} is in use by another run (${who}); nothing was sent`,
    elsewhere
      ? `wait for it to finish; if no run is active on ${o.host}, delete ${journal}.lock`
      : 'wait for it to finish or stop it, then rerun to resume; or use another --journal file',
  );
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readOwner(path: string): LockOwner | 'garbage' | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' && typeof o.token === 'string' && typeof o.host === 'string' ? o : 'garbage';
  } catch {
    return 'garbage';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Start time of a process in clock ticks since boot (Linux), to tell a reused pid. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): field 22 is the 20th.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
