// The journal (--journal FILE): an append-only record of a run, so that a rerun sends only what
// is left and `smpp-send report FILE` can tell what happened.
//
// Format: JSON Lines (UTF-8), one object per line, appended by every run and resume:
//
//   {"v":2,"ev":"run","t":ISO,"argv":[...],"pid":N,"job":{...}} a run or resume starts (argv without --password;
//                                                                job: what identifies the job, see job.ts)
//   {"ev":"queued","key":K,"to":S,"from":S?,"line":N?,"parts":N,"ref":R,"t":ISO}
//                                                                a message, before its first part is submitted
//   {"ev":"sending","key":K,"part":I,"t":ISO}                   written to the OS BEFORE part I goes on the wire
//   {"ev":"accepted","key":K,"part":I,"id":S,"t":ISO}           submit_sm_resp OK, with the SMSC's message_id
//   {"ev":"rejected","key":K,"part":I,"status":N,"name":S,"reason":S?,"t":ISO}   permanent error
//   {"ev":"unconfirmed","key":K,"part":I,"t":ISO}               no reply (link lost, timeout), not resent
//   {"ev":"unsent","key":K,"part":I,"t":ISO}                    the copy of part I announced by the last
//                                                                'sending' did not get through (never written, or
//                                                                refused with a temporary status): to be sent again
//   {"ev":"skipped","key":K?,"line":N?,"to":S?,"reason":S,"dup":true?,"t":ISO}  a bad input row, or a duplicate (dup)
//   {"ev":"receipt","key":K,"part":I,"id":S,"state":S,"err":S?,"t":ISO}          a delivery receipt
//   {"ev":"end","t":ISO,"summary":{...}}                         the run finished (absent after a crash)
//
// Since version 2 the four records every message makes are written in batches, one line for
// those of a kind made in the same millisecond (writer.ts; the clock is read once per turn of
// the event loop, so a burst shares its t), each entry the record's fields in
// this order (null for an absent FROM or LINE):
//
//   {"ev":"queued","batch":[[K,TO,PARTS,R,FROM,LINE],...],"t":ISO}
//   {"ev":"sending","batch":[[K,I],...],"t":ISO}
//   {"ev":"accepted","batch":[[K,I,ID],...],"t":ISO}
//   {"ev":"receipt","batch":[[K,I,ID,STATE,ERR?],...],"t":ISO}
//
// Reading expands a batch into its records (parseLine), so everything downstream sees the
// records above. The single-record lines stay valid (version 1 wrote only those; `listen
// --journal` appends receipts as such).
//
// K is the message key from the source: 16 hex digits of hash64(to \0 from \0 text-or-hex) (dedupe.ts), '#',
// and the occurrence of that same message in the input (1 unless --allow-duplicates). I is the
// part index, from 0. R is the concatenation reference, reused when parts are resent. Fields
// may be added; readers ignore what they do not know.
//
// This file holds the record types and how one line is parsed; writer.ts appends records,
// reader.ts streams them back, journal-state.ts folds them into what each message became.

export interface RunRecord { v: number; ev: 'run'; t: string; argv: string[]; pid: number; job?: Record<string, string>; allowJobChange?: true; acceptd?: 'intermediate' }
export interface QueuedRecord { ev: 'queued'; key: string; to: string; from?: string; line?: number; parts: number; ref: number; t: string }
export interface SendingRecord { ev: 'sending'; key: string; part: number; t: string }
export interface AcceptedRecord { ev: 'accepted'; key: string; part: number; id: string; t: string }
export interface RejectedRecord { ev: 'rejected'; key: string; part: number; status: number; name: string; reason?: string; t: string }
export interface UnconfirmedRecord { ev: 'unconfirmed'; key: string; part: number; t: string }
export interface UnsentRecord { ev: 'unsent'; key: string; part: number; t: string }
export interface SkippedRecord { ev: 'skipped'; key?: string; line?: number; to?: string; reason: string; dup?: true; t: string }
export interface ReceiptRecord { ev: 'receipt'; key: string; part: number; id: string; state: string; err?: string; t: string }
export interface EndRecord { ev: 'end'; t: string; summary: Record<string, unknown> }

export type JournalRecord =
  | RunRecord | QueuedRecord | SendingRecord | AcceptedRecord | RejectedRecord
  | UnconfirmedRecord | UnsentRecord | SkippedRecord | ReceiptRecord | EndRecord;

/** A record about one part of a message (it has a `part` index). */
export type PartRecord = Extract<JournalRecord, { part: number }>;

/** What append() takes: a record whose `t` may be left out (then it is now). */
export type JournalEntry = JournalRecord extends infer R ? (R extends { t: string } ? Omit<R, 't'> & { t?: string } : never) : never;

/** Version 2: batch lines. A reader refuses a journal with a run record of a later version. */
export const JOURNAL_VERSION = 2;

/** What a run writes first, when a kill cut even that line short: an empty journal, not a foreign file. */
export const TORN_RUN = /^\{"ev":"run"/;

/**
 * The records one line holds: the record itself, or the entries of a batch line as records;
 * undefined when it is not a JSON object with an `ev`, or a batch that is not a list of lists.
 */
export function parseLine(line: string): JournalRecord[] | undefined {
  const r = parseRecord(line) as (JournalRecord & { batch?: unknown }) | undefined;
  if (r === undefined || r.batch === undefined) return r && [r];
  const { batch, ev, t } = r;
  if (!Array.isArray(batch) || !batch.every(Array.isArray)) return undefined;
  switch (ev) {
    case 'queued':
      return (batch as [string, string, number, number, string | null, number | null][]).map(([key, to, parts, ref, from, line]) => ({
        ev, key, to, parts, ref, ...(from !== null && from !== undefined ? { from } : {}), ...(line !== null && line !== undefined ? { line } : {}), t,
      }));
    case 'sending':
      return (batch as [string, number][]).map(([key, part]) => ({ ev, key, part, t }));
    case 'accepted':
      return (batch as [string, number, string][]).map(([key, part, id]) => ({ ev, key, part, id, t }));
    case 'receipt':
      return (batch as [string, number, string, string, string?][]).map(([key, part, id, state, err]) =>
        err === undefined ? { ev, key, part, id, state, t } : { ev, key, part, id, state, err, t },
      );
    default:
      return undefined;
  }
}

/** One line as a record, or undefined when it is not a JSON object with an `ev`. */
function parseRecord(line: string): JournalRecord | undefined {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof r !== 'object' || r === null || Array.isArray(r) || typeof (r as { ev?: unknown }).ev !== 'string') return undefined;
  return r as JournalRecord;
}
