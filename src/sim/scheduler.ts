// Delayed work (receipts, slow replies) on ONE timer. Node runs the nextTick queue after every
// timer callback, so a timer per receipt means a write syscall per receipt; here everything due
// at the same moment runs in one callback and leaves in one corked write per session.

interface Job {
  due: number;
  seq: number; // equal due times run in scheduling order
  fn: () => void;
}

export class Scheduler {
  private readonly heap: Job[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Run `fn` in `delayMs`. */
  after(delayMs: number, fn: () => void): void {
    const job = { due: Date.now() + Math.max(0, delayMs), seq: this.seq++, fn };
    this.push(job);
    if (job.due < this.armedFor) this.arm();
  }

  get size(): number {
    return this.heap.length;
  }

  /** Drops every pending job. */
  clear(): void {
    this.heap.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    const next = this.heap[0];
    if (!next) return;
    this.armedFor = next.due;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.due - Date.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = Date.now();
    while (this.heap.length > 0 && this.heap[0].due <= now) {
      const job = this.pop();
      try {
        job.fn();
      } catch (err) {
        this.onError(err);
      }
    }
    this.arm();
  }

  private before(a: Job, b: Job): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(job: Job): void {
    const h = this.heap;
    h.push(job);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): Job {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l], h[m])) m = l;
        if (r < h.length && this.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
