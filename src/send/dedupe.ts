// Message identity and duplicate detection. A message is (recipient, sender, text or hex); its
// key is a 64-bit sha1 prefix of that plus the occurrence number, so a resumed run recognises
// the same rows again, and two identical rows sent on purpose (--allow-duplicates) stay apart.
// Only the 64-bit hash is kept per message (see u64-map.ts), never the text.
import { hash } from 'node:crypto';
import { U64Map } from './u64-map.js';

export interface MessageHash {
  hex: string; // 16 hex digits
  hi: number;
  lo: number;
}

export function messageHash(to: string, from: string, body: string): MessageHash {
  const hex = hash('sha1', `${to}\0${from}\0${body}`).slice(0, 16);
  return { hex, hi: parseInt(hex.slice(0, 8), 16), lo: parseInt(hex.slice(8), 16) };
}

/** The journal key: `<16 hex>#<occurrence>`. */
export function messageKey(h: MessageHash, occurrence: number): string {
  return `${h.hex}#${occurrence}`;
}

export class Dedupe {
  private readonly seen = new U64Map(4096);

  /** The occurrence number h would get, without counting it. */
  peek(h: MessageHash): number {
    return (this.seen.get(h.hi, h.lo) ?? 0) + 1;
  }

  /** Counts one more occurrence of h and returns its number, 1 for the first. */
  see(h: MessageHash): number {
    const n = (this.seen.get(h.hi, h.lo) ?? 0) + 1;
    this.seen.set(h.hi, h.lo, n);
    return n;
  }

  get size(): number {
    return this.seen.size;
  }
}
