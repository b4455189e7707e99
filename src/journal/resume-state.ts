// What the journal says each message became, as a resume (and `report`) reads it: the view that
// journal-state.ts builds from its compact arrays. Types only, plus one predicate.

/** pending: never submitted. unconfirmed: submitted, no reply (or the run died while sending). */
export type PartState = 'pending' | 'accepted' | 'rejected' | 'unconfirmed';

/**
 * How far a part's receipts got. none: no receipt. enroute: only intermediate ones. delivered /
 * failed: a final one. acceptd: a final ACCEPTD (neither delivered nor failed); with --acceptd
 * intermediate it reads as enroute. (sms/receipt.ts's ReceiptOutcome judges one receipt instead.)
 */
export type ReceiptProgress = 'none' | 'enroute' | 'delivered' | 'failed' | 'acceptd';

/** Receipt progress after which no other receipt is awaited. */
export function isFinalReceipt(r: ReceiptProgress): boolean {
  return r === 'delivered' || r === 'failed' || r === 'acceptd';
}

/** What an ACCEPTD receipt means (Settings.acceptd): final by default, as SMPP 3.4 says. */
export type AcceptdMeaning = 'final' | 'intermediate';

export interface PartResume {
  state: PartState;
  crashed?: true; // unconfirmed because the last record is 'sending': the run died mid-submit
  id?: string; // accepted: the SMSC's message_id (the latest if it was resent)
  status?: number; // rejected: the command_status
  receipt: ReceiptProgress;
  receiptState?: string; // e.g. DELIVRD, UNDELIV, ENROUTE
}

export interface MessageResume {
  key: string;
  ref?: number; // concatenation reference used so far (absent if the journal has no 'queued' line for it)
  parts: PartResume[]; // by part index, from 0
  done: boolean; // every part accepted or rejected: do not send again
}

export interface ResumeState {
  readonly runs: number; // 'run' records: 1 + the number of resumes
  readonly size: number; // messages known
  readonly lastRef: number | undefined; // ref of the last queued message
  /** undefined: never queued, so send it. */
  get(key: string): MessageResume | undefined;
  messages(): IterableIterator<MessageResume>;
  /** Accepted parts with no final receipt yet, to match receipts that arrive after a resume. */
  pendingReceipts(): IterableIterator<{ key: string; part: number; id: string }>;
}
