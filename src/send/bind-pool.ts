// The run's binds (--binds N): opening them (the first fails fast, the others in parallel),
// reconnecting a lost one with back-off within its budget (link-budget.ts), and handing out
// window slots on a live one. The window is the session's own (smpp/window.ts): one semaphore
// per bind. A bind being restored has no usable session, so whoever needs a slot waits here
// until it is up again, or fails with DeadBindError once it is gone for good.
import type { Settings } from '../config/settings.js';
import { sessionOptions } from '../config/session-options.js';
import { BindError, ConnectError, LinkClosedError, SmppSendError } from '../errors.js';
import { backoffDelay } from '../smpp/backoff.js';
import type { RawPdu } from '../smpp/codec.js';
import { openSession, type SmppSession } from '../smpp/index.js';
import { ESME_RX_T_APPN } from '../sms/status.js';
import type { RunEvent } from './events.js';
import { LinkBudget } from './link-budget.js';
import type { RunControl } from './run-control.js';
import type { Sleeper } from './sleeper.js';

export type BindState = 'connecting' | 'up' | 'down' | 'dead';

/** No bind to send on: this one is gone for good, every one is, or the run is stopping. */
export class DeadBindError extends Error {}

const UNBIND_TIMEOUT_MS = 2_000;

/** One bind of the run: its current session (replaced on reconnect) and its reconnect budget. */
export class Bind {
  session?: SmppSession;
  state: BindState = 'connecting';
  lastError?: Error;
  /** Reconnects left since the SMSC last answered a submit on this bind. */
  readonly budget: LinkBudget;
  /** Waiting for the bind to be up again (it is being restored). */
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    readonly index: number,
    window: number,
    reconnectAttempts: number,
  ) {
    this.budget = new LinkBudget(reconnectAttempts, window);
  }

  /** A window slot can be taken at once. */
  get ready(): boolean {
    return this.state === 'up' && this.session!.slots.free;
  }

  /** Takes a window slot of the current session now if one is free. */
  tryAcquire(): boolean {
    return this.state === 'up' && this.session!.slots.tryAcquire();
  }

  /**
   * Takes a window slot, waiting while the window is full or the link is being restored. The
   * slot belongs to `this.session` as it is when this resolves. DeadBindError once the bind is
   * dead. (No promise when a slot is free at once: this is on every message's path.)
   */
  acquire(): Promise<void> | void {
    if (this.tryAcquire()) return;
    return this.acquireLater();
  }

  private async acquireLater(): Promise<void> {
    for (;;) {
      if (this.state === 'dead') throw this.deadError();
      const session = this.session;
      if (this.state === 'up' && session && !session.closed) {
        try {
          return await session.slots.acquire();
        } catch (err) {
          // The session closed while we queued: wait for the bind to be restored, or to die.
          if (!(err instanceof LinkClosedError)) throw err;
          continue;
        }
      }
      await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
  }

  /** Fails everyone waiting for a slot on this bind (the run is stopping: what waits is not sent). */
  cancelWaiters(error: Error): void {
    this.session?.slots.cancelWaiters(error);
    for (const w of this.waiters.splice(0)) w.reject(error);
  }

  setState(state: BindState, error?: Error): void {
    this.state = state;
    if (error) this.lastError = error;
    if (state === 'dead') {
      const err = this.deadError();
      for (const w of this.waiters.splice(0)) w.reject(err);
    } else if (state === 'up') {
      for (const w of this.waiters.splice(0)) w.resolve();
    }
  }

  private deadError(): Error {
    return new DeadBindError(this.lastError?.message ?? 'link lost');
  }
}

export interface PoolDeps {
  emit: (event: RunEvent) => void;
  trace?: (line: string) => void;
  control: RunControl;
  sleeper: Sleeper;
  random: () => number;
  /** A deliver_sm or data_sm on any bind (receipts, MO). */
  onDeliver: (pdu: RawPdu) => void;
}

export class BindPool {
  readonly binds: Bind[] = [];
  private next = 0; // round robin: the bind the next message goes to
  private allDead?: { promise: Promise<void>; resolve: () => void };

  constructor(
    private readonly s: Settings,
    private readonly deps: PoolDeps,
  ) {
    // A stop must not wait for a window slot (up to --response-timeout): what waits is not sent.
    deps.control.signal?.addEventListener('abort', () => {
      for (const bind of this.binds) bind.cancelWaiters(new DeadBindError('stopped'));
    }, { once: true });
  }

  /** The first bind fails fast (a wrong password or port is not worth retrying); the others open in parallel once the account is known to work. */
  async connect(): Promise<void> {
    for (let i = 0; i < Math.max(1, this.s.binds); i++) this.binds.push(new Bind(i, this.s.window, this.s.reconnectAttempts));
    await this.open(this.binds[0]!, false);
    const extra = await Promise.allSettled(this.binds.slice(1).map((bind) => this.open(bind, false)));
    this.extraBindsRefused(extra);
  }

  /**
   * --binds N on an account that allows fewer sessions: the first bind worked, so a refusal of a
   * later one is a session limit, not a bad password. Go on with the binds that work, warn once.
   */
  private extraBindsRefused(results: PromiseSettledResult<void>[]): void {
    const refused: BindError[] = [];
    results.forEach((r, n) => {
      if (r.status === 'fulfilled') return;
      if (!(r.reason instanceof SmppSendError)) throw r.reason;
      const bind = this.binds[n + 1]!;
      this.markDead(bind, r.reason);
      if (r.reason instanceof BindError) refused.push(r.reason);
      else this.deps.emit({ type: 'warning', message: `bind ${bind.index + 1} of ${this.binds.length} failed: ${r.reason.message}; going on with the others` });
    });
    if (refused.length === 0) return;
    const up = this.binds.filter((b) => b.state === 'up').length;
    this.deps.emit({
      type: 'warning',
      message:
        `--binds ${this.binds.length}: the SMSC refused ${refused.length} of the extra binds (${refused[0]!.message.replace(/^bind /, '')}) ` +
        `after the first one succeeded, so the account most likely allows fewer sessions; going on with ${up}`,
    });
  }

  private async open(bind: Bind, reconnect: boolean): Promise<void> {
    const s = this.s;
    bind.setState('connecting');
    this.deps.emit({ type: 'connecting', bind: bind.index, host: s.host, port: s.port });
    const session = await openSession(sessionOptions(s, { window: s.window, trace: this.deps.trace }));
    if (this.deps.control.closing) {
      // A reconnect that finished after the run ended: its journal may be closed, so nothing it
      // receives could be recorded. Refuse deliveries ("try again later": the SMSC keeps them).
      session.refuseDeliveries(ESME_RX_T_APPN);
      void session.unbind(UNBIND_TIMEOUT_MS);
      throw new LinkClosedError('the run ended while this bind was being restored');
    }
    session.on('deliver', this.deps.onDeliver);
    session.on('close', (err?: Error) => {
      if (err) this.linkLost(bind, session, err.message); // no error: our own unbind or destroy
    });
    if (session.closed) {
      // The SMSC wrote something fatal in the same read as the bind_resp (an unbind, a bad PDU):
      // the close was emitted before anyone listened. A link lost at bind, not a bound session.
      session.destroy();
      throw new LinkClosedError(
        `the link to ${s.host}:${s.port} closed right after the bind was accepted`,
        'the SMSC ended the session at once (run with --debug to see the PDUs)',
      );
    }
    bind.session = session;
    bind.setState('up');
    this.deps.emit({ type: 'bound', bind: bind.index, reconnect });
  }

  /** The link of `bind` is gone (closed, or found unusable): reconnect, within the budget. */
  linkLost(bind: Bind, session: SmppSession, reason: string): void {
    if (this.deps.control.closing || bind.session !== session || bind.state !== 'up') return;
    bind.setState('down', new LinkClosedError(reason));
    this.deps.emit({ type: 'link-lost', bind: bind.index, reason });
    session.destroy();
    void this.reconnect(bind);
  }

  private async reconnect(bind: Bind): Promise<void> {
    const control = this.deps.control;
    // The budget counts attempts since the SMSC last answered a submit on this bind, so a server
    // that binds and then never answers cannot be reconnected to forever (link-budget.ts).
    while (bind.budget.take()) {
      if (control.halted) break;
      await this.deps.sleeper.sleep(backoffDelay(bind.budget.taken - 1, this.s.reconnectDelayMs, 30_000, this.deps.random));
      if (control.halted) break;
      try {
        await this.open(bind, true);
        return;
      } catch (err) {
        if (!(err instanceof SmppSendError)) throw err;
        bind.setState('down', err);
      }
    }
    this.markDead(bind);
    if (this.binds.every((b) => b.state === 'dead') && !control.stopping) {
      const last = bind.lastError?.message ?? 'link lost';
      control.fail(new ConnectError(
        `link to ${this.s.host}:${this.s.port} lost and not restored after ${this.s.reconnectAttempts} attempts since the SMSC last answered a submit (--reconnect-attempts): ${last}`,
        'check the SMSC; rerun with the same --journal to send what is left',
      ));
    }
  }

  private markDead(bind: Bind, error?: Error): void {
    bind.setState('dead', error);
    if (this.binds.every((b) => b.state === 'dead')) this.allDead?.resolve();
  }

  /** Resolves once every bind is gone for good: nothing more can arrive then. */
  whenAllDead(): Promise<void> {
    if (this.binds.every((b) => b.state === 'dead')) return Promise.resolve();
    if (!this.allDead) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.allDead = { promise, resolve };
    }
    return this.allDead.promise;
  }

  /** The bind the next message goes to, when a slot can be taken on it at once (no await: the common case). */
  nextReady(): Bind | undefined {
    const bind = this.binds[this.next];
    return bind?.ready ? bind : undefined;
  }

  /** `bind` took a message: the next one goes to the bind after it. */
  took(bind: Bind): void {
    this.next = (bind.index + 1) % this.binds.length;
  }

  /** The next bind that is up, in turn; waits while all are being restored. DeadBindError when none is left. */
  async pick(): Promise<Bind> {
    const control = this.deps.control;
    for (;;) {
      if (control.fatal || !this.binds.some((b) => b.state !== 'dead')) throw new DeadBindError(control.fatal?.message ?? 'no live bind');
      for (let n = 0; n < this.binds.length; n++) {
        const bind = this.binds[(this.next + n) % this.binds.length]!;
        if (bind.state === 'up') {
          this.took(bind);
          return bind;
        }
      }
      await this.deps.sleeper.sleep(50);
      if (control.stopping) throw new DeadBindError('stopped');
    }
  }

  /**
   * A window slot on `bind`, or on another live bind once that one is gone for good (parts of
   * one message may travel over different binds). Throws DeadBindError when no bind is left.
   */
  async acquireLive(bind: Bind): Promise<Bind> {
    for (;;) {
      if (bind.state === 'dead') bind = await this.pick();
      try {
        await bind.acquire();
        return bind;
      } catch (err) {
        if (!(err instanceof DeadBindError) || this.deps.control.stopping) throw err;
      }
    }
  }

  /** At the end: every bind unbinds (at most UNBIND_TIMEOUT_MS) and is dead. */
  async close(): Promise<void> {
    await Promise.all(this.binds.map((bind) => bind.session?.unbind(UNBIND_TIMEOUT_MS)));
    for (const bind of this.binds) this.markDead(bind);
  }
}
