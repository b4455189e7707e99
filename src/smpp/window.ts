// The submit window: at most `size` requests awaiting a response, FIFO waiters for a free slot,
// a response deadline per request, and fail-everything when the link goes. It is the one window
// semaphore of a bind: the send run takes its slots here too (WindowSlots), so it can pace
// between taking a slot and writing.
//
// Deadlines share one timer: every request gets the same timeout, so requests expire in the
// order they were sent, which is the insertion order of the Map. The timer is armed for the
// oldest request only; when it fires it expires what is due and re-arms for the new oldest.
// At ~50k submits/s this saves a Timeout object and two timer-list operations per request.
import { LinkClosedError } from '../errors.js';
import { monotonicMs } from '../monotonic.js';

/** The link closed after this submit_sm was written and before its response: the SMSC may or may not have it. */
export class SubmitUnconfirmedError extends LinkClosedError {}

export interface Pending<T> {
  resolve(value: T): void;
  reject(err: Error): void;
  deadline: number;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/** The slots of a window, for a caller that takes one before it is ready to write. */
export interface WindowSlots {
  /** A slot can be taken at once: one is free and nobody is queued ahead. */
  readonly free: boolean;
  tryAcquire(): boolean;
  acquire(): Promise<void>;
  /** Gives back a slot taken but not used for a request (a request's own slot frees itself). */
  release(): void;
  /** Fails everyone queued for a slot (the caller is stopping); the window stays open. */
  cancelWaiters(err: Error): void;
}

export class Window<T> implements WindowSlots {
  private readonly inflight = new Map<number, Pending<T>>();
  private readonly waiters: Waiter[] = [];
  private used = 0; // slots held: in flight plus granted but not yet sent
  private timer: NodeJS.Timeout | undefined;
  private closedError: Error | undefined;

  constructor(
    private readonly size: number,
    private readonly timeoutMs: number,
    /** The error for a request whose response did not come in time. */
    private readonly expired: () => Error,
  ) {
    if (!(size >= 1)) throw new RangeError(`window must be at least 1 (got ${size})`);
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.inflight.size;
  }

  get free(): boolean {
    return this.closedError === undefined && this.used < this.size && this.waiters.length === 0;
  }

  /** Takes a slot now if one is free and nobody is queued ahead; false otherwise. */
  tryAcquire(): boolean {
    if (!this.free) return false;
    this.used++;
    return true;
  }

  /** Resolves once the caller holds a slot (FIFO); rejects when the window is closed. */
  acquire(): Promise<void> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Gives a held slot back: straight to the first waiter, if any. */
  release(): void {
    if (this.closedError !== undefined) return; // close() took every slot back
    const next = this.waiters.shift();
    if (next !== undefined) next.resolve();
    else this.used--;
  }

  cancelWaiters(err: Error): void {
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  /** Records a sent request (its slot already held) and starts its response deadline. */
  track(seq: number, resolve: (value: T) => void, reject: (err: Error) => void): void {
    this.inflight.set(seq, { resolve, reject, deadline: monotonicMs() + this.timeoutMs });
    this.timer ??= setTimeout(this.sweep, this.timeoutMs);
  }

  /** Removes the request answered by `seq` and frees its slot; undefined if unknown or expired. */
  settle(seq: number): Pending<T> | undefined {
    const pending = this.inflight.get(seq);
    if (pending === undefined) return undefined;
    this.inflight.delete(seq);
    this.release();
    return pending;
  }

  /** Rejects every request in flight with `sent()` and every waiter with `unsent`; later acquires reject too. */
  close(sent: () => Error, unsent: Error): void {
    if (this.closedError !== undefined) return;
    this.closedError = unsent;
    clearTimeout(this.timer);
    this.timer = undefined;
    const inflight = [...this.inflight.values()];
    this.inflight.clear();
    const waiters = this.waiters.splice(0);
    this.used = 0;
    for (const p of inflight) p.reject(sent());
    for (const w of waiters) w.reject(unsent);
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = monotonicMs();
    for (const [seq, pending] of this.inflight) {
      if (pending.deadline > now) {
        this.timer = setTimeout(this.sweep, Math.max(1, Math.ceil(pending.deadline - now)));
        return;
      }
      this.inflight.delete(seq);
      this.release();
      pending.reject(this.expired());
    }
  };
}
