// The message ids a journal knows, for `query --journal` (those still without a final receipt)
// and `listen --journal` (which journaled part a late receipt belongs to). Pure: records in,
// an index out. Ids are matched in every normalised form (case, leading zeros, hex/decimal).
import { idKeys } from '../sms/message-id.js';
import { isFinalState } from '../sms/receipt.js';
import type { JournalRecord } from '../journal/records.js';

export interface JournaledPart {
  id: string;
  key: string;
  part: number; // 0-based, as in the journal
  to?: string;
  final: boolean; // a final receipt is already journaled
}

export class JournalIds {
  private readonly parts: JournaledPart[] = [];
  private readonly byKey = new Map<string, JournaledPart[]>(); // id form -> parts
  private readonly to = new Map<string, string>();

  add(r: JournalRecord): void {
    if (r.ev === 'queued') this.to.set(r.key, r.to);
    else if (r.ev === 'accepted') {
      const p: JournaledPart = { id: r.id, key: r.key, part: r.part, final: false };
      const to = this.to.get(r.key);
      if (to !== undefined) p.to = to;
      this.parts.push(p);
      for (const k of idKeys(r.id)) this.byKey.set(k, [...(this.byKey.get(k) ?? []), p]);
    } else if (r.ev === 'receipt' && isFinalState(r.state)) {
      for (const p of this.find(r.id)) if (p.key === r.key && p.part === r.part) p.final = true;
    }
  }

  /** Accepted parts known. */
  get size(): number {
    return this.parts.length;
  }

  /** Parts whose id matches in any form. More than one: ambiguous (never guess). */
  find(id: string): JournaledPart[] {
    const out = new Set<JournaledPart>();
    for (const k of idKeys(id)) for (const p of this.byKey.get(k) ?? []) out.add(p);
    return [...out];
  }

  /** Accepted parts without a final receipt, in journal order (one per id). */
  open(): JournaledPart[] {
    const seen = new Set<string>();
    return this.parts.filter((p) => !p.final && !seen.has(p.id) && seen.add(p.id));
  }
}

export async function journalIds(records: AsyncIterable<JournalRecord>): Promise<JournalIds> {
  const index = new JournalIds();
  for await (const r of records) index.add(r);
  return index;
}
