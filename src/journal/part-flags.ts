// One byte per journaled part: what its records said so far. Pure: a record's event (and a
// receipt's state) in, the part's next byte out.
//
// Submit state in bits 0-2, receipt seen (bit 3), final (bit 4), delivered (bit 5), ACCEPTD
// before any other final receipt (bit 7). ACCEPTD alone does not set R_FINAL: whether it is
// final is decided when the state is read (JournalState.acceptd), so a report can read it as the
// job's last run meant it, and a resume as the current run means it.
import { ACCEPTED_STATE, isFinalState } from '../sms/receipt.js';
import type { PartState } from './resume-state.js';

export const S_PENDING = 0;
export const S_SENDING = 1;
export const S_ACCEPTED = 2;
export const S_REJECTED = 3;
export const S_UNCONFIRMED = 4;
export const SUBMIT = 0b111;
export const R_SEEN = 1 << 3;
export const R_FINAL = 1 << 4;
export const R_DELIVERED = 1 << 5;
/** An earlier copy may have reached the SMSC (no reply came): kept when a later copy is 'unsent'. */
const MAYBE_SENT = 1 << 6;
export const R_ACCEPTD = 1 << 7;

export type SubmitEvent = 'sending' | 'accepted' | 'rejected' | 'unconfirmed' | 'unsent';

/** The part's flags after a submit-side record (unchanged when the record changes nothing). */
export function afterSubmitRecord(f: number, ev: SubmitEvent): number {
  const submit = f & SUBMIT;
  const answered = submit === S_ACCEPTED || submit === S_REJECTED;
  switch (ev) {
    case 'sending': {
      if (answered) return f;
      // A copy before this one with no reply, or no outcome at all, may have got through.
      const maybe = submit === S_SENDING || submit === S_UNCONFIRMED ? MAYBE_SENT : 0;
      return (f & ~SUBMIT) | S_SENDING | maybe;
    }
    case 'accepted':
      return (f & ~SUBMIT) | S_ACCEPTED;
    case 'rejected':
      return submit === S_ACCEPTED ? f : (f & ~SUBMIT) | S_REJECTED; // accepted: an earlier copy got through
    case 'unconfirmed':
      return answered ? f : (f & ~SUBMIT) | S_UNCONFIRMED;
    case 'unsent':
      // That copy never got through: back to what the part was before its 'sending' line.
      return submit === S_SENDING ? (f & ~SUBMIT) | (f & MAYBE_SENT ? S_UNCONFIRMED : S_PENDING) : f;
  }
}

/**
 * The part's flags after a receipt in `state` (normalised), and the state name to keep for it
 * (undefined: keep the one it has). undefined when a final receipt came before: it is the last word.
 */
export function afterReceipt(f: number, state: string): { flags: number; name?: string } | undefined {
  if (f & R_FINAL) return undefined;
  let flags: number;
  let name: string | undefined;
  if (state === ACCEPTED_STATE || (f & R_ACCEPTD && !isFinalState(state))) {
    // Final or not is read later (JournalState.acceptd); after ACCEPTD an ENROUTE changes nothing.
    flags = f | R_SEEN | R_ACCEPTD;
    if (!(f & R_ACCEPTD)) name = ACCEPTED_STATE;
  } else {
    const final = isFinalState(state);
    flags = (f & (SUBMIT | R_ACCEPTD)) | R_SEEN | (final ? R_FINAL : 0) | (final && state === 'DELIVRD' ? R_DELIVERED : 0);
    name = state;
  }
  // A receipt for a part whose reply never came proves the SMSC took it.
  const submit = f & SUBMIT;
  if (submit !== S_ACCEPTED && submit !== S_REJECTED) flags = (flags & ~SUBMIT) | S_ACCEPTED;
  return name === undefined ? { flags } : { flags, name };
}

export function partStateOf(f: number): PartState {
  const submit = f & SUBMIT;
  return submit === S_ACCEPTED ? 'accepted'
    : submit === S_REJECTED ? 'rejected'
    : submit === S_PENDING ? 'pending'
    : 'unconfirmed'; // S_SENDING, S_UNCONFIRMED
}
