// Reading a journal back in tests: every record in order, and per part how many copies were sent,
// accepted and left without an answer over all the runs that wrote it.
import { readJournal } from '../../src/journal/reader.js';
import type { JournalRecord } from '../../src/journal/records.js';

/** Every record of the journal at `path`, in order. */
export async function journalRecords(path: string): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const r of readJournal(path)) out.push(r);
  return out;
}

/** What a journal says about one part over every run: copies sent, and how many got no answer. */
export interface PartHistory {
  to: string;
  sendings: number; // 'sending' records: copies handed to the SMSC (or about to be)
  accepted: number; // 'accepted' records
  unanswered: number; // copies with no outcome: 'unconfirmed', or a 'sending' left open by a crash or resend
}

/** Per `key#part`, from the records of every run in order. Recipients come from 'queued' records. */
export function partHistories(records: JournalRecord[]): Map<string, PartHistory> {
  const to = new Map<string, string>();
  const out = new Map<string, PartHistory>();
  const open = new Set<string>();
  const get = (id: string, key: string) => {
    let h = out.get(id);
    if (!h) out.set(id, (h = { to: to.get(key) ?? '?', sendings: 0, accepted: 0, unanswered: 0 }));
    return h;
  };
  const closeAll = () => {
    for (const id of open) out.get(id)!.unanswered++;
    open.clear();
  };
  for (const r of records) {
    if (r.ev === 'run') closeAll();
    else if (r.ev === 'queued') to.set(r.key, r.to);
    else if (r.ev === 'sending' || r.ev === 'accepted' || r.ev === 'rejected' || r.ev === 'unconfirmed') {
      const id = `${r.key}#${r.part}`;
      const h = get(id, r.key);
      if (r.ev === 'sending') {
        if (open.has(id)) h.unanswered++; // resent: the earlier copy never got an answer
        open.add(id);
        h.sendings++;
        continue;
      }
      open.delete(id);
      if (r.ev === 'accepted') h.accepted++;
      if (r.ev === 'unconfirmed') h.unanswered++;
    }
  }
  closeAll();
  return out;
}
