// What a message id looks like, and how the id in a receipt relates to the id submit_sm_resp
// gave: the answer to "why don't my receipts match?". Pure: `smpp-send probe` reports it, the
// matching itself is message-id.ts (sameMessageId), which this file does not replace.
import { sameMessageId } from './message-id.js';

/** decimal digits; hex (a-f present, or 0x); RFC 4122 UUID; anything else. */
export type IdForm = 'decimal' | 'hex' | 'uuid' | 'other';

/**
 * same: byte for byte; case: differs only in letter case; zero-padded: the same number with
 * leading zeros added or dropped; hex-to-decimal: the submit's id read as hex is the receipt's
 * in decimal; decimal-to-hex: the reverse; unrelated: no reading makes them one.
 */
export type IdRelation = 'same' | 'case' | 'zero-padded' | 'hex-to-decimal' | 'decimal-to-hex' | 'unrelated';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function clean(id: string): string {
  return id.replace(/\0+$/, '').trim();
}

export function idForm(id: string): IdForm {
  const s = clean(id);
  if (/^[0-9]+$/.test(s)) return 'decimal';
  if (/^(0x)?[0-9a-f]+$/i.test(s)) return 'hex';
  if (UUID.test(s)) return 'uuid';
  return 'other';
}

/** The id as a number read in `base`, or undefined when it is not one. */
function numberIn(id: string, base: 10 | 16): bigint | undefined {
  const s = clean(id).toLowerCase();
  if (base === 10) return /^[0-9]+$/.test(s) ? BigInt(s) : undefined;
  const hex = s.replace(/^0x/, '');
  return /^[0-9a-f]+$/.test(hex) ? BigInt(`0x${hex}`) : undefined;
}

export function idRelation(submitId: string, receiptId: string): IdRelation {
  const a = clean(submitId);
  const b = clean(receiptId);
  if (a === b) return 'same';
  if (a.toLowerCase() === b.toLowerCase()) return 'case';
  for (const base of [10, 16] as const) {
    const x = numberIn(a, base);
    if (x !== undefined && x === numberIn(b, base)) return 'zero-padded';
  }
  const hexSubmit = numberIn(a, 16);
  if (hexSubmit !== undefined && hexSubmit === numberIn(b, 10)) return 'hex-to-decimal';
  const decSubmit = numberIn(a, 10);
  if (decSubmit !== undefined && decSubmit === numberIn(b, 16)) return 'decimal-to-hex';
  return 'unrelated';
}

/** Whether the two ids are zero-padded to different lengths (whatever else relates them). */
export function paddingDiffers(submitId: string, receiptId: string): boolean {
  const lead = (s: string) => /^0+(?=.)/.exec(clean(s).replace(/^0x/i, ''))?.[0].length ?? 0;
  return lead(submitId) !== lead(receiptId);
}

export interface IdMatch {
  relation: IdRelation;
  /** What smpp-send does with it: the receipt is matched to the message, or never is. */
  matches: boolean;
}

export function idMatch(submitId: string, receiptId: string): IdMatch {
  return { relation: idRelation(submitId, receiptId), matches: sameMessageId(submitId, receiptId) };
}
