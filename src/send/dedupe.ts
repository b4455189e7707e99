// Message identity and duplicate detection. A message is (recipient, sender, text or hex); its
// key is a 64-bit hash of that (cyrb53's two 32-bit lanes, kept whole) plus the occurrence number, so a resumed run recognises
// the same rows again, and two identical rows sent on purpose (--allow-duplicates) stay apart.
// Only the 64-bit hash and a count are kept per message (occurrence-table.ts), never the text.
import { OccurrenceTable } from './occurrence-table.js';

export interface MessageHash {
  hex: string; // 16 hex digits
  hi: number;
  lo: number;
}

export function messageHash(to: string, from: string, body: string): MessageHash {
  const [hi, lo] = hash64(`${to}\0${from}\0${body}`);
  return { hex: hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'), hi, lo };
}

/**
 * A 64-bit non-cryptographic hash of a string's UTF-16 units (cyrb53 by bryc, both lanes kept).
 * Not sha1 from node:crypto: loading that module costs ~10 ms at start-up, a tenth of a whole
 * one-message run, and identity needs no cryptographic strength (collision odds for a million
 * messages: about 3e-8). The keys are written to journals: never change this function.
 */
export function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * The journal key: `<16 hex>#<occurrence>`. Joined, not concatenated: join makes one flat string,
 * where `+` makes a tree of four (the hex is two halves) that the first read of each character
 * must flatten, and every message's key is read by its four journal records.
 */
export function messageKey(h: MessageHash, occurrence: number): string {
  return [h.hex, occurrence].join('#');
}

export class Dedupe {
  private readonly seen = new OccurrenceTable();

  /** The occurrence number h would get, without counting it. */
  peek(h: MessageHash): number {
    return this.seen.get(h.hi, h.lo) + 1;
  }

  /** Counts one more occurrence of h and returns its number, 1 for the first. */
  see(h: MessageHash): number {
    return this.seen.add(h.hi, h.lo);
  }

  get size(): number {
    return this.seen.size;
  }
}
