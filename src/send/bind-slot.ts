// One bind of a run: its current session (replaced on reconnect), its window of outstanding
// submits, and the waiters for a free slot. The run owns the reconnect policy; this only counts.
import type { SmppSession } from '../smpp/index.js';
import { LinkBudget } from './link-budget.js';

export type BindState = 'connecting' | 'up' | 'down' | 'dead';

export class BindSlot {
  session?: SmppSession;
  state: BindState = 'connecting';
  inFlight = 0;
  lastError?: Error;
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  /** Reconnects left since the SMSC last answered a submit on this bind. */
  readonly budget: LinkBudget;

  constructor(
    readonly index: number,
    readonly window: number,
    reconnectAttempts = 0,
  ) {
    this.budget = new LinkBudget(reconnectAttempts, window);
  }

  get free(): boolean {
    return this.state === 'up' && this.inFlight < this.window;
  }

  /** A slot can be taken at once: free, and nobody queues for one. */
  get available(): boolean {
    return this.free && this.waiters.length === 0;
  }

  /** Take a window slot now if one is available. */
  tryAcquire(): boolean {
    if (!this.available) return false;
    this.inFlight++;
    return true;
  }

  /** Take a window slot, waiting while the window is full or the link is being restored. */
  acquire(): Promise<void> | void {
    if (this.state === 'dead') throw this.deadError();
    if (this.free && this.waiters.length === 0) {
      this.inFlight++;
      return;
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Fail everyone waiting for a slot (the run is stopping: what waits is not sent). */
  cancelWaiters(error: Error): void {
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  release(): void {
    this.inFlight--;
    this.wake();
  }

  setState(state: BindState, error?: Error): void {
    this.state = state;
    if (error) this.lastError = error;
    if (state === 'dead') {
      const err = this.deadError();
      for (const w of this.waiters.splice(0)) w.reject(err);
    } else this.wake();
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.free) {
      this.inFlight++;
      this.waiters.shift()!.resolve();
    }
  }

  private deadError(): Error {
    return new DeadBindError(this.lastError?.message ?? 'link lost');
  }
}

export class DeadBindError extends Error {}
