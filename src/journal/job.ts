// What makes a job: what is sent, to whom, from whom, encoded how. Stored in each run record of
// the journal; a rerun whose job differs from the journal's (a typo fixed in the template, another
// input file, another sender) would send other messages under the name of a resume, so it is
// refused unless --allow-job-change says it is meant.
//
// Decisions, for the record:
// - Not part of the job: how it is sent (--window, --tps, --binds, timeouts, --debug, output
//   flags), nor --validity/--schedule (relative times differ on every run).
// - Texts and input files are kept as digests (sha256, 16 hex digits): the journal needs to tell
//   "same or not", not to hold a copy. The input file is hashed by content, so a file rewritten
//   with the same rows is the same job and a file with one row changed is not. Standard input
//   cannot be read twice: it is recorded as "stdin" (each message's key still tells changes).
// - The password and other connection settings are never part of it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Settings } from '../config/settings.js';

/** Field -> value or digest. Fields are only added; one missing on either side is not compared. */
export type Job = Record<string, string>;

const LABELS: Record<string, string> = {
  text: 'the text or template (--text/--hex)',
  recipients: 'the recipients (--to)',
  input: 'the input file (--to-file/--batch)',
  sender: 'the sender (--from)',
  encoding: 'the encoding (--coding, --smsc-alphabet, --transliterate, --flash, --split)',
  rows: 'how rows are read (--to-column, --batch-format, --delimiter, --allow-duplicates)',
};

export type JobSettings = Pick<Settings, 'to' | 'toFile' | 'batch' | 'batchFormat' | 'toColumn' | 'text' | 'hex' | 'udh' | 'from' | 'fromTon' | 'fromNpi' | 'coding' | 'smscAlphabet' | 'transliterate' | 'flash' | 'split' | 'allowDuplicates' | 'delimiter'>;

export async function jobOf(s: JobSettings): Promise<Job> {
  const job: Job = {};
  if (s.hex !== undefined) job.text = `hex:${digest(`${s.udh ?? ''}\0${s.hex}`)}`;
  else job.text = s.text === undefined || s.text === '-' ? 'stdin' : digest(s.text);
  job.recipients = digest(s.to.join(','));
  const file = s.batch ?? s.toFile;
  const input = file === undefined ? 'none' : file === '-' ? 'stdin' : await fileDigest(file);
  if (input !== undefined) job.input = input;
  job.sender = [s.from ?? '', s.fromTon ?? '', s.fromNpi ?? ''].join('/');
  job.encoding = [s.coding, s.smscAlphabet, s.transliterate ? 'transliterate' : '', s.flash ? 'flash' : '', s.split].join('/');
  job.rows = [s.batch !== undefined ? 'batch' : s.toFile !== undefined ? 'to-file' : 'to', s.toColumn, s.batchFormat ?? '', s.allowDuplicates ? 'duplicates' : '', s.delimiter ?? ''].join('/');
  return job;
}

/** What differs, as words for the user; empty when the jobs agree. */
export function jobDifferences(was: Job, now: Job): string[] {
  const out: string[] = [];
  for (const field of Object.keys(LABELS)) {
    if (was[field] !== undefined && now[field] !== undefined && was[field] !== now[field]) out.push(LABELS[field]!);
  }
  return out;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The content's digest. A pipe or device (`--batch <(cmd)`) can be read only once: 'stream', not
 * hashed. A file that cannot be read: undefined, left to the source to report.
 */
async function fileDigest(path: string): Promise<string | undefined> {
  try {
    if (!(await stat(path)).isFile()) return 'stream';
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex').slice(0, 16);
  } catch {
    return undefined;
  }
}
