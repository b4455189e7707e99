// Receipt correlation: which part of which message a delivery receipt belongs to, whatever form
// the SMSC gives the id in (case, leading zeros, hex on one side and decimal on the other), and
// even when the receipt overtakes the submit_sm_resp it belongs to.
import { idKeys } from '../sms/message-id.js';
import type { Receipt } from '../sms/receipt.js';

export interface PartRef<M> {
  message: M;
  part: number;
}

/** Why a part's receipts cannot be told apart from another's: never credit them to anyone. */
export type Untrackable = 'empty' | 'duplicate';

export interface TrackerHooks<M> {
  /**
   * The SMSC gave an empty message_id, or one it already gave another part still waiting for
   * its receipt: receipts for that id cannot be attributed. Called once per part concerned.
   */
  onUntrackable?(ref: PartRef<M>, messageId: string, why: Untrackable): void;
  /** A receipt known never to match (no id, or pushed out of the early cache). */
  onUnmatched?(receipt: Receipt): void;
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
 * Our ids are kept under their normalised form only. A receipt is looked up by its own normalised
 * form first (exact matches win: with sequential decimal ids, "10" read as hex is 16, another id
 * of ours), then by its other readings (idKeys: hex as decimal and decimal as hex), which meet our
 * id's normalised form whichever side used which base. So the common case costs one Map lookup
 * and idKeys runs only for receipts in another form than the replies.
 */
export class ReceiptTracker<M> {
  private readonly exact = new Map<string, PartRef<M>>();
  /** Ids the SMSC gave to more than one waiting part: their receipts are credited to none. */
  private readonly ambiguous = new Set<string>();
  /** Receipts given up as unmatched (no id, or evicted from `early`); `early` holds the rest. */
  private unmatchedGone = 0;
  private readonly early = new Map<string, Receipt>();
  private readonly done = new Set<string>();
  // The same ids in arrival order, to evict the oldest: deleting a Set's first entry via
  // values().next() walks over every slot deleted before it (V8), ~8 us a receipt at 10,000.
  private readonly doneOrder: string[] = [];
  private doneHead = 0;

  constructor(private readonly hooks: TrackerHooks<M> = {}) {}

  get size(): number {
    return this.exact.size;
  }

  /**
   * Remember that `messageId` is part `part` of `message`. Returns a receipt that arrived
   * earlier for this id, if any, so the caller can apply it now.
   */
  expect(messageId: string, message: M, part: number): Receipt | undefined {
    const primary = primaryIdKey(messageId);
    const ref = { message, part };
    if (primary === '') {
      this.hooks.onUntrackable?.(ref, messageId, 'empty');
      return undefined;
    }
    if (this.ambiguous.has(primary)) {
      this.hooks.onUntrackable?.(ref, messageId, 'duplicate');
      return undefined;
    }
    const other = this.exact.get(primary);
    if (other && (other.message !== message || other.part !== part)) {
      // Two waiting parts, one id: a receipt for it could be either's. Neither gets it.
      this.exact.delete(primary);
      this.ambiguous.add(primary);
      this.hooks.onUntrackable?.(other, messageId, 'duplicate');
      this.hooks.onUntrackable?.(ref, messageId, 'duplicate');
      return undefined;
    }
    this.exact.set(primary, ref);
    this.done.delete(primary); // an id the SMSC reuses after the first one's final receipt
    if (this.early.size === 0) return undefined;
    // Early receipts are kept under all their readings, so our normalised form finds them.
    const early = this.early.get(primary);
    if (early) this.dropEarly(early);
    return early;
  }

  /** Find the part a receipt belongs to; unknown ids are kept briefly as early receipts. */
  match(receipt: Receipt): PartRef<M> | undefined {
    const primary = primaryIdKey(receipt.messageId);
    const hit = this.exact.get(primary);
    if (hit) return hit;
    if (primary === '') {
      // No id: nothing can ever claim it.
      this.unmatchedGone++;
      this.hooks.onUnmatched?.(receipt);
      return undefined;
    }
    // Ours, but whose? Not another reading of the id either: that could be a third part.
    if (this.ambiguous.has(primary)) return undefined;
    // Only now the other readings of the id (most receipts match above, and idKeys is not free).
    const keys = idKeys(receipt.messageId);
    const ref = keys.map((k) => this.exact.get(k)).find(Boolean);
    if (ref) return ref;
    // A copy of a receipt already applied (SMSCs resend when an ack is slow): ours, nothing to do.
    // Exact ids only: a hex/decimal reading could hide a genuine early receipt for another part.
    if (this.done.has(primary)) return undefined;
    if (this.early.size >= EARLY_LIMIT) {
      const oldest = this.early.values().next().value;
      if (oldest) {
        this.dropEarly(oldest);
        this.unmatchedGone++;
        this.hooks.onUnmatched?.(oldest);
      }
    }
    this.early.set(primary, receipt);
    for (const key of keys) this.early.set(key, receipt);
    return undefined;
  }

  /** Stop tracking an id (its part reached a final state); later copies of its receipt are ignored. */
  forget(messageId: string): void {
    const primary = primaryIdKey(messageId);
    this.exact.delete(primary);
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

  /** Receipts still held unmatched (at most the early cache's bound). */
  unmatched(): Receipt[] {
    return [...new Set(this.early.values())];
  }

  /** Every receipt never matched to anything we sent: those given up on and those still held. */
  unmatchedCount(): number {
    return this.unmatchedGone + this.unmatched().length;
  }

  private dropEarly(receipt: Receipt): void {
    for (const key of [primaryIdKey(receipt.messageId), ...idKeys(receipt.messageId)]) {
      if (this.early.get(key) === receipt) this.early.delete(key);
    }
  }
}
