// Message keys (K in records.ts) to message numbers and back, compactly: a key that ends in #1
// (nearly all of them) is kept as its two 32-bit hash halves; any other key as a string.
import { grow } from './grow.js';
import { U64Map } from './u64-map.js';

const KEY = /^([0-9a-f]{8})([0-9a-f]{8})#1$/;

export class MessageKeys {
  private readonly index = new U64Map(4096); // key hash → message number (keys ending in #1)
  private readonly otherIndex = new Map<string, number>(); // any other key → message number
  private readonly otherKeys = new Map<number, string>();
  private keyHi = new Uint32Array(1024);
  private keyLo = new Uint32Array(1024);

  find(key: string): number | undefined {
    const k = KEY.exec(key);
    if (k) return this.index.get(parseInt(k[1]!, 16), parseInt(k[2]!, 16));
    return this.otherIndex.get(key);
  }

  /** Gives `key` the message number m (the next one: numbers are handed out in order). */
  add(key: string, m: number): void {
    if (m >= this.keyHi.length) {
      const n = this.keyHi.length * 2;
      this.keyHi = grow(this.keyHi, n);
      this.keyLo = grow(this.keyLo, n);
    }
    const k = KEY.exec(key);
    if (k) {
      this.keyHi[m] = parseInt(k[1]!, 16);
      this.keyLo[m] = parseInt(k[2]!, 16);
      this.index.set(this.keyHi[m]!, this.keyLo[m]!, m);
    } else {
      this.otherIndex.set(key, m);
      this.otherKeys.set(m, key);
    }
  }

  keyOf(m: number): string {
    return this.otherKeys.get(m) ?? `${hex8(this.keyHi[m]!)}${hex8(this.keyLo[m]!)}#1`;
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
