// `listen --journal FILE`: late receipts attached to the messages of earlier runs. Decisions:
// - listen takes the journal's lock (FILE.lock) for as long as it runs, like a send: only one
//   writer per journal, so a listen on a journal a send is using exits 9 (and a send on a
//   journal a listen holds exits 9). No run record is written: a listen is not a run of the
//   job (report's run count, job identity and "finished" stay the send runs' own).
// - It appends only `receipt` records, the same as a send run writes, flushed before the
//   deliver_sm is acknowledged; a write failure refuses the delivery (the SMSC keeps it).
// - A receipt is attached only when its id names exactly one journaled part (literal id form
//   first, then the other renderings: message-id.ts). Unknown or ambiguous: unmatched, printed,
//   never journaled.
import { JournalError, UsageError } from '../errors.js';
import { JournalLock } from '../journal/lock.js';
import { readJournal } from '../journal/reader.js';
import { JournalWriter } from '../journal/writer.js';
import { idKeys, sameMessageId } from '../sms/message-id.js';
import { journalIds, type JournaledPart, type JournalIds } from './journal-ids.js';
import type { ReceiptRecord } from './record.js';

export type Attachment =
  | { journal: 'attached'; key: string; part: number }
  | { journal: 'unmatched'; reason: 'unknown id' | 'ambiguous id' };

/** Which journaled part a receipt id names, if exactly one. Pure. */
export function matchPart(index: JournalIds, id: string): JournaledPart | 'none' | 'ambiguous' {
  const candidates = unique(index.find(id).filter((p) => sameMessageId(p.id, id)));
  if (candidates.length === 0) return 'none';
  if (candidates.length === 1) return candidates[0]!;
  // The literal form settles what the other renderings leave open ("10" vs 0x10 = "16").
  const literal = idKeys(id)[0];
  const exact = candidates.filter((p) => idKeys(p.id)[0] === literal);
  return exact.length === 1 ? exact[0]! : 'ambiguous';
}

/** One journaled part per message part: the same id accepted twice for a resent part is one. */
function unique(parts: JournaledPart[]): JournaledPart[] {
  const seen = new Set<string>();
  return parts.filter((p) => !seen.has(`${p.key}/${p.part}`) && seen.add(`${p.key}/${p.part}`));
}

export class JournalReceipts {
  private constructor(private readonly writer: JournalWriter, private readonly index: JournalIds) {}

  /** Locks the journal (exit 9 when held), reads its ids, opens it for appending receipts. */
  static async open(path: string): Promise<JournalReceipts> {
    let lock: JournalLock;
    try {
      lock = JournalLock.acquire(path);
    } catch (err) {
      throw lockError(err, path);
    }
    try {
      const index = await journalIds(readJournal(path)); // a missing file: UsageError naming it
      if (index.size === 0) {
        throw new UsageError(`--journal ${path}: no accepted message in it, so no receipt can be attached`, 'give listen the journal a send run wrote with --journal');
      }
      return new JournalReceipts(await JournalWriter.open(path, { lock }), index);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Journals the receipt when its id names one journaled part; throws JournalError if the write fails. */
  attach(r: ReceiptRecord): Attachment {
    const p = matchPart(this.index, r.id);
    if (p === 'none') return { journal: 'unmatched', reason: 'unknown id' };
    if (p === 'ambiguous') return { journal: 'unmatched', reason: 'ambiguous id' };
    this.writer.append({ ev: 'receipt', key: p.key, part: p.part, id: r.id, state: r.state, ...(r.err !== null && r.err !== '' ? { err: r.err } : {}) });
    this.writer.flush();
    if (r.final) p.final = true;
    return { journal: 'attached', key: p.key, part: p.part };
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}

function lockError(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code) return err;
  return new JournalError(`--journal ${path}: cannot create its lock ${path}.lock (${code})`, 'the journal\'s folder must be writable; check the path', { cause: err });
}
