// Message ids the sim hands out, and the form they take inside receipts. Real SMSCs answer
// submit_sm in one form and write receipts in another (hex vs decimal, zero-padded): the sim
// reproduces each so the sender's id matching is tested against all of them.
import { randomUUID } from 'node:crypto';
import type { IdFormat, ReceiptIdFormat } from './types.js';

/** An id as issued: `n` is the counter value when the id came from the counter. */
export interface IssuedId {
  messageId: string;
  n?: number;
}

export class IdCounter {
  private n: number;
  constructor(first: number) {
    this.n = first;
  }
  next(format: IdFormat): IssuedId {
    if (format === 'uuid') return { messageId: randomUUID() };
    const n = this.n++;
    return { messageId: format === 'hex' ? n.toString(16) : String(n), n };
  }
}

/** Random start, 7 digits: zero padding to 10 shows, and the hex form usually has letters. */
export function randomFirstId(): number {
  return 1_000_000 + Math.floor(Math.random() * 9_000_000);
}

/** The id written in a receipt. Ids not from the counter (uuid, scripted) stay as they are. */
export function receiptId(id: IssuedId, format: ReceiptIdFormat): string {
  if (format === 'same' || id.n === undefined) return id.messageId;
  if (format === 'hex') return id.n.toString(16);
  if (format === 'decimal') return String(id.n);
  return String(id.n).padStart(10, '0');
}
