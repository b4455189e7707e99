// What can be wrong with a journal file, said once for the writer, the reader and journal-open:
// not a regular file, an errno from open/read/write, a line that is not a journal record.
import type { Stats } from 'node:fs';
import { JournalError, UsageError } from '../errors.js';

/** A device (/dev/full, /dev/zero), FIFO, socket or directory is not a journal: reading it may never end. */
export function checkRegular(st: Stats, path: string): void {
  if (st.isFile()) return;
  const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
  throw new JournalError(`--journal ${path}: is ${kind}, not a regular file`, 'give --journal the path of a file (it is created if missing)');
}

/** An error met on the journal file as one the user can act on (a missing file to read is a UsageError). */
export function journalError(err: unknown, path: string, what: 'open' | 'write' | 'read'): Error {
  if (err instanceof UsageError || err instanceof JournalError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code) return err as Error;
  if (code === 'ENOENT' && what === 'read') {
    return new UsageError(`journal ${path}: no such file`, 'check the path: it is the file a run wrote with --journal', { cause: err });
  }
  const why =
    code === 'ENOENT' ? 'its folder does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ENOSPC' ? 'disk full'
    : code === 'EFBIG' ? 'file too large'
    : code === 'EDQUOT' ? 'disk quota exceeded'
    : code;
  return new JournalError(`--journal ${path}: cannot ${what} (${why})`, 'check the path and its permissions, or choose another --journal file', { cause: err });
}

export function notAJournal(path: string, line: number, text: string): JournalError {
  const shown = text.length > 60 ? `${text.slice(0, 60)}...` : text;
  return new JournalError(
    `--journal ${path}:${line}: not a journal record: ${JSON.stringify(shown)}`,
    'the file is damaged or not an smpp-send journal; move it away to start a fresh journal',
  );
}
