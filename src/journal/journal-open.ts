// Opening the journal for a run, in the order that keeps it honest: refuse what is not a
// regular file, take the lock (one run per journal), read what earlier runs did, check that
// this run is the same job, then open for appending and write the run record.
import { statSync } from 'node:fs';
import type { Settings } from '../config/settings.js';
import { JobMismatchError, JournalError } from '../errors.js';
import { checkRegular } from './journal-file.js';
import type { JournalState } from './journal-state.js';
import { jobDifferences, jobOf } from './job.js';
import { JournalLock } from './lock.js';
import { loadResumeState } from './load-state.js';
import { JOURNAL_VERSION } from './records.js';
import type { ResumeState } from './resume-state.js';
import { JournalWriter } from './writer.js';

export interface OpenedJournal {
  writer: JournalWriter; // close() also releases the lock
  resume: ResumeState;
}

export async function openJournal(s: Settings & { journal: string }, argv: readonly string[]): Promise<OpenedJournal> {
  const path = s.journal;
  refuseNonRegular(path);
  let lock: JournalLock;
  try {
    lock = JournalLock.acquire(path);
  } catch (err) {
    throw lockFileError(err, path);
  }
  try {
    const resume = await loadResumeState(path, { acceptd: s.acceptd }); // a journaled ACCEPTD means what this run says
    const job = await jobOf(s);
    const was = (resume as JournalState).job;
    if (was && resume.size > 0 && !s.allowJobChange) {
      const differs = jobDifferences(was, job);
      if (differs.length > 0) {
        throw new JobMismatchError(
          `--journal ${path} belongs to a different job: ${differs.join(', ')} ${differs.length === 1 ? 'differs' : 'differ'}; nothing was sent`,
          'for a new job use a new --journal file; to continue this one anyway (what it sent is not sent again, changed messages are sent) add --allow-job-change',
        );
      }
    }
    const writer = await JournalWriter.open(path, { lock });
    writer.append({ ev: 'run', v: JOURNAL_VERSION, argv: [...argv], pid: process.pid, job, ...(s.allowJobChange && was ? { allowJobChange: true as const } : {}), ...(s.acceptd === 'intermediate' ? { acceptd: s.acceptd } : {}) });
    writer.flush();
    return { writer, resume };
  } catch (err) {
    lock.release();
    throw err;
  }
}

function refuseNonRegular(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    return; // missing (created later) or unreadable: JournalWriter.open says which
  }
  checkRegular(st, path);
}

function lockFileError(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code) return err;
  const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : code;
  return new JournalError(`--journal ${path}: cannot create its lock ${path}.lock (${why})`, 'the journal\'s folder must be writable; check the path, or choose another --journal file', { cause: err });
}
