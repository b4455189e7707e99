// Reading a journal into its compact state (journal-state.ts): for a resume, and for `report`.
//
// Resume: a message whose parts were all accepted or rejected is not sent again. A part whose
// last word is 'sending' (the run died before any reply) counts as unconfirmed: resent, unless
// --at-most-once. Messages never queued are sent.
import { JournalState, type JournalStateOptions } from './journal-state.js';
import { forEachRecord } from './reader.js';
import type { ResumeState } from './resume-state.js';

/** What earlier runs did, for a resume. A journal that does not exist yet is an empty state. */
export async function loadResumeState(path: string, opts: JournalStateOptions = {}): Promise<ResumeState> {
  try {
    return await loadJournalState(path, opts);
  } catch (err) {
    if ((err as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOENT') return new JournalState(opts);
    throw err;
  }
}

/** The full state (with run and end counts), streaming; the journal must exist. */
export async function loadJournalState(path: string, opts: JournalStateOptions = {}): Promise<JournalState> {
  const state = new JournalState(opts);
  await forEachRecord(path, (r) => state.apply(r));
  return state;
}
