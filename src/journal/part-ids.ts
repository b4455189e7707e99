// The SMSC's message id of each journaled part, packed: the bytes in fixed 1 MiB chunks (growing
// one big buffer by doubling would waste half), and per part only where its id starts and how long.
import { grow } from './grow.js';

const ID_CHUNK = 1 << 20;
const MAX_ID_BYTES = 255; // SMPP allows 65; anything longer is cut

export class PartIds {
  private start = new Uint32Array(1024); // chunk number × ID_CHUNK + offset
  private length = new Uint8Array(1024); // 0 = no id
  private readonly chunks: Buffer[] = [];
  private used = ID_CHUNK; // in the last chunk; full means a new one is needed

  /** Makes room for parts numbered below n. */
  resize(n: number): void {
    this.start = grow(this.start, n);
    this.length = grow(this.length, n);
  }

  has(p: number): boolean {
    return (this.length[p] ?? 0) > 0;
  }

  set(p: number, id: string): void {
    const length = Math.min(Buffer.byteLength(id), MAX_ID_BYTES);
    if (length === 0) return;
    if (this.used + length > ID_CHUNK) {
      this.chunks.push(Buffer.allocUnsafe(ID_CHUNK));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    this.chunks[chunk]!.write(id, this.used, length, 'utf8');
    this.start[p] = chunk * ID_CHUNK + this.used;
    this.length[p] = length;
    this.used += length;
  }

  get(p: number): string {
    const start = this.start[p]!;
    const offset = start % ID_CHUNK;
    return this.chunks[(start - offset) / ID_CHUNK]!.toString('utf8', offset, offset + this.length[p]!);
  }

  /** Part `to` takes part `from`'s id (the bytes are shared, not copied). */
  copy(from: number, to: number): void {
    this.start[to] = this.start[from]!;
    this.length[to] = this.length[from]!;
  }
}
