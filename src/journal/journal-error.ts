// A journal that cannot be used: not a journal, not a regular file, unreadable or unwritable.
// Its own class (exit 11, `journal`) so scripts can tell it from a bad flag (2).
import { EXIT } from '../exit-codes.js';
import { SmppSendError } from '../errors.js';

export class JournalError extends SmppSendError {
  readonly exitCode = EXIT.journal;
}

/** The journal is in use by another run (exit 9, `locked`): two runs would both send. */
export class JournalLockedError extends SmppSendError {
  readonly exitCode = EXIT.locked;
}

/** The journal records another job (exit 10, `mismatch`): a rerun would send other messages. */
export class JobMismatchError extends SmppSendError {
  readonly exitCode = EXIT.mismatch;
}
