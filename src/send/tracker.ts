// Receipt correlation: which part of which message a delivery receipt belongs to, whatever form
// the SMSC gives the id in (case, leading zeros, hex on one side and decimal on the other), and
// even when the receipt overtakes the submit_sm_resp it belongs to.
import { idKeys } from '../sms/message-id.js';
import type { Receipt } from '../sms/receipt.js';

export interface PartRef<M> {
  message: M;
  part: number;
}

/** What the maps hold: the caller's reference plus the id's keys, computed once in expect(). */
interface Tracked<M> extends PartRef<M> {
  keys: string[];
}

/** Receipts that arrived before their submit_sm_resp, kept a while in case the reply follows. */
const EARLY_LIMIT = 10_000;
/** Ids whose final receipt came, remembered so that a resent copy is dropped, not "unmatched". */
const DONE_LIMIT = 10_000;

/** The id as most SMSCs mean it: trimmed, lower-case, without leading zeros. */
export function primaryIdKey(id: string): string {
  return id.trim().toLowerCase().replace(/^0+(?=.)/, '');
}

/**
 * Exact (normalised) matches win over cross-format ones: with sequential decimal ids, "10" read
 * as hex is 16, another id of ours, so a hex/decimal reading is only a fallback.
 */
export class ReceiptTracker<M> {
  private readonly exact = new Map<string, Tracked<M>>();
  private readonly alternate = new Map<string, Tracked<M>>();
  private readonly early = new Map<string, Receipt>();
  private readonly done = new Set<string>();
  // The same ids in arrival order, to evict the oldest: deleting a Set's first entry via
  // values().next() walks over every slot deleted before it (V8), ~8 us a receipt at 10,000.
  private readonly doneOrder: string[] = [];
  private doneHead = 0;

  get size(): number {
    return this.exact.size;
  }

  /**
   * Remember that `messageId` is part `part` of `message`. Returns a receipt that arrived
   * earlier for this id, if any, so the caller can apply it now.
   */
  expect(messageId: string, message: M, part: number): Receipt | undefined {
    const keys = idKeys(messageId);
    const ref: Tracked<M> = { message, part, keys };
    const primary = primaryIdKey(messageId);
    this.exact.set(primary, ref);
    for (const key of keys) if (key !== primary) this.alternate.set(key, ref);
    const early = this.early.get(primary) ?? this.firstEarly(keys);
    if (early) this.dropEarly(early);
    return early;
  }

  /** Find the part a receipt belongs to; unknown ids are kept briefly as early receipts. */
  match(receipt: Receipt): PartRef<M> | undefined {
    const primary = primaryIdKey(receipt.messageId);
    const hit = this.exact.get(primary) ?? this.alternate.get(primary);
    if (hit) return hit;
    // Only now the other readings of the id (most receipts match above, and idKeys is not free).
    const keys = idKeys(receipt.messageId);
    const ref = keys.map((k) => this.exact.get(k)).find(Boolean);
    if (ref) return ref;
    // A copy of a receipt already applied (SMSCs resend when an ack is slow): ours, nothing to do.
    // Exact ids only: a hex/decimal reading could hide a genuine early receipt for another part.
    if (this.done.has(primary)) return undefined;
    if (this.early.size >= EARLY_LIMIT) {
      const oldest = this.early.values().next().value;
      if (oldest) this.dropEarly(oldest);
    }
    this.early.set(primary, receipt);
    for (const key of keys) this.early.set(key, receipt);
    return undefined;
  }

  /** Stop tracking an id (its part reached a final state); later copies of its receipt are ignored. */
  forget(messageId: string): void {
    const primary = primaryIdKey(messageId);
    const ref = this.exact.get(primary);
    if (ref) this.exact.delete(primary);
    // The same primary key means the same readings: reuse those expect() computed.
    for (const key of ref?.keys ?? idKeys(messageId)) this.alternate.delete(key);
    this.remember(primary);
  }

  /** Adds to `done`, dropping the oldest beyond DONE_LIMIT (doneOrder is a ring once full). */
  private remember(primary: string): void {
    if (this.done.has(primary)) return;
    this.done.add(primary);
    if (this.doneOrder.length < DONE_LIMIT) {
      this.doneOrder.push(primary);
      return;
    }
    this.done.delete(this.doneOrder[this.doneHead]!);
    this.doneOrder[this.doneHead] = primary;
    this.doneHead = (this.doneHead + 1) % DONE_LIMIT;
  }

  /** Receipts never matched to anything we sent. */
  unmatched(): Receipt[] {
    return [...new Set(this.early.values())];
  }

  private firstEarly(keys: string[]): Receipt | undefined {
    for (const key of keys) {
      const found = this.early.get(key);
      if (found) return found;
    }
    return undefined;
  }

  private dropEarly(receipt: Receipt): void {
    for (const key of [primaryIdKey(receipt.messageId), ...idKeys(receipt.messageId)]) {
      if (this.early.get(key) === receipt) this.early.delete(key);
    }
  }
}
