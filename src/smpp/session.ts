// One bound SMPP session: the state machine tying the socket, node-smpp's codec, the window,
// the keepalive and the answers together. Never prints, never reads flags.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { LinkClosedError, ResponseTimeoutError, TextError, UsageError } from '../errors.js';
import { answerRequest } from './answer.js';
import { WriteGuard } from './backpressure.js';
import { bindError, bindPdu, bindTimeoutError, notSmppError, type BindOptions } from './bind.js';
import { decodeError, decodeLeniently, smpp, type RawPdu, type Session } from './codec.js';
import { closedEarly, connectErrorFor, connectSocket, hostPort, seconds, type ConnectOptions } from './connect.js';
import { Keepalive } from './keepalive.js';
import { AnsweredSubmits, describe, judgeBindAnswer, judgeSubmitAnswer, protocolError } from './protocol.js';
import { traceLine } from './trace.js';
import { closeSocket, unbindAndClose } from './unbind.js';
import { SubmitUnconfirmedError, Window } from './window.js';

export interface SessionOptions extends ConnectOptions, BindOptions {
  responseTimeoutMs: number;
  enquireLinkMs: number; // 0 = off
  window: number;
  trace?: (line: string) => void; // --debug PDU trace, password already masked
}

export interface SubmitResult {
  messageId: string;
}

type State = 'binding' | 'bound' | 'unbinding' | 'closed';

const MAX_SHORT_MESSAGE = 255; // octets: one length byte (SMPP 3.4 5.2.22)
const SNIFF_BYTES = 64;
const MAX_HELD = 1000; // deliveries kept while binding (see holdDeliveriesUntilNextTurn) // how much of the peer's first answer we keep to say what it speaks

/**
 * Connects, binds, and resolves with a session that is bound and open: a link the SMSC ends in
 * the same read as its bind_resp (an unbind, garbage right behind it) rejects here, never
 * reaches the caller as "bound". Rejects: ConnectError, BindError, UsageError (--ca),
 * LinkClosedError (ProtocolError included) for a link lost during or right after bind.
 */
export async function openSession(opts: SessionOptions, beforeBind?: (session: SmppSession) => void): Promise<SmppSession> {
  const socket = await connectSocket(opts);
  let session: SmppSession;
  try {
    session = new SmppSession(socket, opts);
  } catch (err) {
    socket.destroy();
    throw err;
  }
  // Listeners attached here see deliveries the SMSC flushes right behind its bind_resp.
  beforeBind?.(session);
  await session.bind();
  if (session.closed) {
    const reason = session.closeReason?.message ?? 'session closed';
    throw new LinkClosedError(`link to ${hostPort(opts)} lost right after bind: ${reason}`, session.closeReason?.fix ?? 'check the SMSC; connect again', {
      cause: session.closeReason,
    });
  }
  return session;
}

export interface SmppSession {
  on(event: 'deliver', listener: (pdu: RawPdu) => void): this;
  on(event: 'close', listener: (err?: LinkClosedError) => void): this;
  once(event: 'deliver', listener: (pdu: RawPdu) => void): this;
  once(event: 'close', listener: (err?: LinkClosedError) => void): this;
}

/**
 * Events: 'deliver' (pdu) for deliver_sm / data_sm, answered with ROK once the listeners have
 * run; 'close' (err?) exactly once when the link ends, err undefined after our own
 * unbind() / destroy().
 */
export class SmppSession extends EventEmitter {
  private state: State = 'binding';
  private readonly codec: Session;
  private readonly window: Window<SubmitResult>;
  private readonly keepalive: Keepalive;
  private readonly trace: ((line: string) => void) | undefined;
  private lastSocketError: Error | undefined;
  private bindFailed: ((err: Error) => void) | undefined;
  private sniffed: Buffer[] | undefined = []; // the peer's first bytes, kept during bind only
  private sniffedBytes = 0;
  private drainWait: Promise<void> | undefined;
  private corked = false;
  private unbinding: Promise<void> | undefined;
  private closeError: LinkClosedError | undefined;
  // Deliveries read before or with the bind_resp: see holdDeliveriesUntilNextTurn.
  private held: RawPdu[] | undefined = [];
  /** Our non-windowed requests (bind, enquire_link, unbind) by sequence number. */
  private readonly requests = new Map<number, (resp: RawPdu) => void>();
  private readonly answered = new AnsweredSubmits();
  private readonly writes: WriteGuard;
  private deliverRefusal = 0;
  /** The SMSC's bind_resp once bound (system_id, sc_interface_version): what `smpp-send probe` shows. */
  bindResponse: RawPdu | undefined;

  /** Takes over a connected socket; call bind() next (openSession does both). */
  constructor(
    private readonly socket: Socket,
    private readonly opts: SessionOptions,
  ) {
    super();
    this.trace = opts.trace;
    // Ours first, so that the 'error' node-smpp relays can be told apart from its reader's own.
    socket.on('error', (err) => (this.lastSocketError = err));
    this.codec = new smpp.Session({ socket });
    decodeLeniently(socket);
    this.codec.on('error', this.onCodecError);
    this.codec.on('pdu', this.onPdu);
    // After node-smpp's 'readable' listener, so this sees what its reader reads and never
    // switches the socket to flowing mode.
    socket.on('data', this.sniff);
    socket.once('close', this.onSocketClose);
    this.window = new Window<SubmitResult>(
      opts.window,
      opts.responseTimeoutMs,
      () =>
        new ResponseTimeoutError(
          `no submit_sm_resp within ${seconds(opts.responseTimeoutMs)} (--response-timeout); the SMSC may or may not have the message`,
          'raise --response-timeout, or ask the SMSC why it is slow',
        ),
    );
    this.keepalive = new Keepalive(
      opts.enquireLinkMs,
      opts.responseTimeoutMs,
      (onReply) => {
        if (!this.request(new smpp.PDU('enquire_link'), onReply)) this.finish(this.notWritable(), 'destroy');
      },
      (err) => this.finish(err, 'destroy'),
    );
    this.writes = new WriteGuard(socket, this.codec, opts.responseTimeoutMs, () =>
      this.finish(
        new LinkClosedError(
          `the SMSC ${hostPort(opts)} read nothing we sent for ${seconds(opts.responseTimeoutMs)} (--response-timeout): link stalled`,
          'the SMSC stopped reading: check it (and the network)',
        ),
        'destroy',
      ),
    );
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.window.inFlight;
  }

  /** True once the session no longer accepts submits (unbinding, destroyed or link lost). */
  get closed(): boolean {
    return this.state !== 'bound';
  }

  /** Why the link was lost, once it was; undefined while open and after our own unbind/destroy. */
  get closeReason(): LinkClosedError | undefined {
    return this.closeError;
  }

  /** Unsent output queued on the socket, in bytes (bounded: see backpressure.ts). */
  get queuedBytes(): number {
    return this.socket.writableLength;
  }

  /**
   * Calls `listener` once when the link ends, as 'close' does, and also when it ended before
   * the listener was attached (then on the next tick): a late listener still learns of it.
   */
  onClose(listener: (err?: LinkClosedError) => void): this {
    if (this.state === 'closed') process.nextTick(listener, this.closeError);
    else this.once('close', listener);
    return this;
  }

  /** Sends the bind and resolves once bound. Rejects ConnectError / BindError and closes the socket. */
  bind(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // --connect-timeout covers the whole way to a bound session, bind_resp included.
      const timer = setTimeout(() => fail(bindTimeoutError(this.opts, this.opts.connectTimeoutMs)), this.opts.connectTimeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.writes.stop(); // no stall timer may outlive a failed bind
        this.held = undefined;
        this.bindFailed = undefined;
        this.state = 'closed';
        this.socket.destroy();
        reject(err);
      };
      this.bindFailed = fail;
      const pdu = bindPdu(this.opts);
      const sent = this.request(pdu, (resp) => {
        if (this.state !== 'binding') return;
        const answer = judgeBindAnswer(resp, pdu);
        if (answer.kind === 'refused') return fail(bindError(resp, this.opts));
        if (answer.kind === 'violation') return fail(protocolError(hostPort(this.opts), answer.what));
        clearTimeout(timer);
        this.bindResponse = resp;
        this.bindFailed = undefined;
        this.socket.off('data', this.sniff);
        this.sniffed = undefined;
        this.state = 'bound';
        this.keepalive.start();
        this.holdDeliveriesUntilNextTurn();
        resolve();
      });
      if (!sent) fail(closedEarly(this.opts, 'bind'));
    });
  }

  /**
   * Receipts and MOs read before or with the bind_resp (an SMSC flushes stored ones at
   * bind) are held, unanswered, until the next turn of the event loop: by then whoever awaited
   * openSession() listens for 'deliver'. Everything else is handled at once, so an unbind or
   * garbage right behind the bind_resp closes the session before openSession() resolves (and
   * it rejects). If the link is gone by the next turn, the held ones stay unanswered: the SMSC
   * delivers them again, rather than having them acknowledged and lost.
   */
  private holdDeliveriesUntilNextTurn(): void {
    setImmediate(this.releaseHeld);
  }

  /** Answers (and emits) the held deliveries; also called by unbind(), which may come first. */
  private readonly releaseHeld = (): void => {
    const held = this.held ?? [];
    this.held = undefined;
    for (const pdu of held) if (this.state !== 'closed') this.answer(pdu);
  };

  /**
   * Waits for a window slot (FIFO) and for the socket to drain, sends submit_sm and resolves with
   * the SMSC's message_id. Rejects: SmscStatusError, ResponseTimeoutError, LinkClosedError
   * (SubmitUnconfirmedError when it was already sent), TextError (short_message too long).
   */
  submit(fields: Record<string, unknown>): Promise<SubmitResult> {
    if (this.state !== 'bound') return rejectLater(this.notOpen());
    const tooLong = checkShortMessage(fields.short_message);
    if (tooLong !== undefined) return Promise.reject(tooLong);
    if (!this.socket.writableNeedDrain && this.window.tryAcquire()) return this.send(fields);
    return this.submitQueued(fields);
  }

  /**
   * Sends one request outside the submit window (query_sm, cancel_sm, replace_sm) and resolves
   * with its response PDU, whatever its command_status (the caller words it). Rejects:
   * ResponseTimeoutError after --response-timeout, LinkClosedError when the link goes first.
   */
  call(command: string, fields: Record<string, unknown>): Promise<RawPdu> {
    if (this.state !== 'bound') return Promise.reject(this.notOpen());
    return new Promise((resolve, reject) => {
      const done = (err: Error | undefined, resp?: RawPdu) => {
        clearTimeout(timer);
        this.off('close', onClose);
        if (err) reject(err);
        else resolve(resp!);
      };
      const onClose = () => done(new LinkClosedError(`link closed before the ${command}_resp arrived`));
      const timer = setTimeout(
        () => done(new ResponseTimeoutError(`no ${command}_resp within ${seconds(this.opts.responseTimeoutMs)} (--response-timeout)`, 'raise --response-timeout, or ask the SMSC why it is slow')),
        this.opts.responseTimeoutMs,
      );
      this.once('close', onClose);
      let pdu: RawPdu;
      try {
        pdu = new smpp.PDU(command, fields);
      } catch (err) {
        return done(new UsageError(`${command} cannot be encoded: ${(err as Error).message}`, undefined, { cause: err }));
      }
      if (!this.request(pdu, (resp) => done(undefined, resp))) done(this.notOpen());
    });
  }

  /**
   * From now on answer deliver_sm / data_sm with this command_status instead of taking them
   * (0: take them again). A temporary error such as ESME_RX_T_APPN (0x64) makes the SMSC keep the
   * message and deliver it later: a listener that is stopping or overloaded loses nothing.
   */
  refuseDeliveries(status: number): void {
    this.deliverRefusal = status;
  }

  /** Sends unbind, awaits unbind_resp for at most timeoutMs, closes the socket. Never rejects. */
  unbind(timeoutMs = 2000): Promise<void> {
    if (this.unbinding !== undefined) return this.unbinding;
    if (this.state !== 'bound') return closeSocket(this.socket, 0);
    this.releaseHeld();
    this.state = 'unbinding';
    this.keepalive.stop();
    this.unbinding = unbindAndClose((pdu, onResponse) => this.request(pdu, onResponse), this.socket, timeoutMs).then(() =>
      this.finish(undefined, 'destroy'),
    );
    return this.unbinding;
  }

  /** Closes the socket now; requests in flight fail with LinkClosedError. */
  destroy(): void {
    if (this.state === 'binding') this.bindFailed?.(new LinkClosedError('session destroyed during bind'));
    else this.finish(undefined, 'destroy');
  }

  private async submitQueued(fields: Record<string, unknown>): Promise<SubmitResult> {
    await this.window.acquire();
    while (this.socket.writableNeedDrain && this.state === 'bound') await this.drained();
    if (this.state !== 'bound') {
      this.window.release();
      throw this.notOpen();
    }
    return this.send(fields);
  }

  /** Sends with a slot already held. */
  private send(fields: Record<string, unknown>): Promise<SubmitResult> {
    let pdu: RawPdu;
    try {
      pdu = new smpp.PDU('submit_sm', fields);
      this.cork();
      if (!this.codec.send(pdu)) {
        // Not writable any more: the link is lost, whether or not 'close' has come yet.
        this.window.release();
        this.finish(this.notWritable(), 'destroy');
        return rejectLater(this.notOpen());
      }
      this.writes.wrote();
    } catch (err) {
      // node-smpp encodes synchronously and throws on a bad field value (a number for a C-string, ...).
      this.window.release();
      return Promise.reject(
        new UsageError(`submit_sm cannot be encoded: ${(err as Error).message}`, 'a bug in the caller: C-string fields take strings, integer fields numbers', { cause: err }),
      );
    }
    if (this.trace) this.trace(traceLine('out', pdu));
    return new Promise((resolve, reject) => this.window.track(pdu.sequence_number, resolve, reject));
  }

  /** Holds writes until the end of this tick: a burst of submits leaves in one write. */
  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(this.uncork);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  /** Sends a non-windowed request (bind, enquire_link, unbind); its response goes to onResponse. */
  private request(pdu: RawPdu, onResponse: (resp: RawPdu) => void): boolean {
    let sent: boolean;
    try {
      sent = this.codec.send(pdu);
    } catch {
      return false;
    }
    if (!sent) return false;
    this.requests.set(pdu.sequence_number, onResponse);
    this.writes.wrote();
    if (this.trace) this.trace(traceLine('out', pdu));
    return true;
  }

  private reply(pdu: RawPdu): void {
    // Corked like submits: a burst of receipts is answered in one write, not one syscall each.
    this.cork();
    if (!this.codec.send(pdu)) {
      if (this.state === 'bound') this.finish(this.notWritable(), 'destroy');
      return;
    }
    this.writes.wrote();
    if (this.trace) this.trace(traceLine('out', pdu));
  }

  private drained(): Promise<void> {
    // One shared wait; close() also ends it (via 'close' on the socket).
    this.drainWait ??= new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        this.drainWait = undefined;
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return this.drainWait;
  }

  private readonly onPdu = (pdu: RawPdu): void => {
    if (this.trace) {
      this.trace(traceLine('in', pdu));
      const bad = decodeError(pdu);
      if (bad) this.trace(`! ${pdu.command} seq=${pdu.sequence_number} body does not decode: ${bad.message}`);
    }
    if (this.state === 'closed') return;
    if (pdu.command_id & 0x80000000) return this.onResponse(pdu);
    if (this.held !== undefined && (pdu.command === 'deliver_sm' || pdu.command === 'data_sm')) {
      // Bounded: past MAX_HELD they stay unanswered, and the SMSC delivers them again later.
      if (this.held.length < MAX_HELD) this.held.push(pdu);
      return;
    }
    this.answer(pdu);
  };

  private answer(pdu: RawPdu): void {
    answerRequest(pdu, (resp) => this.reply(resp), {
      deliver: (p) => {
        if (this.deliverRefusal === 0) this.emit('deliver', p);
      },
      deliverStatus: () => this.deliverRefusal,
      unbound: () =>
        this.finish(
          new LinkClosedError(`the SMSC ${hostPort(this.opts)} unbound the session (sent unbind)`, 'it may be restarting or closing idle sessions; connect again'),
          'end',
        ),
    });
  }

  private onResponse(pdu: RawPdu): void {
    const seq = pdu.sequence_number;
    const onRequestResponse = this.requests.get(seq);
    if (onRequestResponse !== undefined) {
      this.requests.delete(seq);
      return onRequestResponse(pdu);
    }
    const hp = hostPort(this.opts);
    if (this.state === 'binding') {
      const bindSeq = [...this.requests.keys()][0];
      return this.bindFailed?.(protocolError(hp, `answered with ${describe(pdu)} while our bind (seq=${bindSeq}) was unanswered`));
    }
    const pending = this.window.settle(seq);
    if (pending === undefined) {
      // Late (after --response-timeout) or stray; only an answer that contradicts the first one matters.
      const contradiction = this.answered.contradiction(pdu);
      if (contradiction !== undefined) this.finish(protocolError(hp, contradiction), 'destroy');
      return;
    }
    this.answered.remember(pdu);
    const answer = judgeSubmitAnswer(pdu);
    if (answer.kind === 'accepted') return pending.resolve({ messageId: answer.messageId });
    if (answer.kind === 'refused') return pending.reject(answer.error);
    // Nothing in this answer can be trusted: the SMSC may or may not have the message.
    const err = protocolError(hp, answer.what);
    pending.reject(new SubmitUnconfirmedError(`${err.message}; the SMSC may or may not have the message`, err.fix, { cause: err }));
    this.finish(err, 'destroy');
  }

  private readonly sniff = (chunk: Buffer): void => {
    if (this.sniffed === undefined) return;
    this.sniffed.push(chunk);
    this.sniffedBytes += chunk.length;
    if (this.sniffedBytes >= SNIFF_BYTES) this.socket.off('data', this.sniff);
  };

  private readonly onCodecError = (err: NodeJS.ErrnoException): void => {
    const fromSocket = err === this.lastSocketError;
    if (this.state === 'binding') {
      if (fromSocket) return this.bindFailed?.(connectErrorFor(err, this.opts, 'bind'));
      // node-smpp's reader threw: the first bytes were no SMPP header. Read what else is
      // buffered (the sniffer sees it as 'data') to show the peer's first line.
      this.socket.read();
      return this.bindFailed?.(notSmppError(this.opts, Buffer.concat(this.sniffed ?? []), err));
    }
    const hp = hostPort(this.opts);
    this.finish(
      fromSocket
        ? new LinkClosedError(`connection to ${hp} lost (${err.code ?? err.message})`, 'check the network and the SMSC', { cause: err })
        : new LinkClosedError(`received a malformed PDU from the SMSC ${hp}: ${err.message}`, 'report it to the SMSC operator (run with --debug to see the PDUs)', {
            cause: err,
          }),
      'destroy',
    );
  };

  private readonly onSocketClose = (): void => {
    if (this.state === 'binding') return this.bindFailed?.(closedEarly(this.opts, 'bind', this.lastSocketError));
    // While unbinding, the SMSC closing is the expected end: unbind() finishes.
    if (this.state === 'unbinding') return;
    this.finish(new LinkClosedError(`connection closed by the SMSC ${hostPort(this.opts)}`, 'check the SMSC; connect again'), 'destroy');
  };

  /** The one way out of 'bound' / 'unbinding': fails what is pending, closes, emits 'close' once. */
  private finish(err: LinkClosedError | undefined, how: 'destroy' | 'end'): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeError = err;
    this.keepalive.stop();
    this.writes.stop();
    this.requests.clear();
    const reason = err?.message ?? 'session closed';
    this.window.close(
      () => new SubmitUnconfirmedError(`link closed before submit_sm_resp (${reason}); the SMSC may or may not have the message`, undefined, { cause: err }),
      new LinkClosedError(`link closed before the message was sent (${reason})`, undefined, { cause: err }),
    );
    if (how === 'end') {
      // Let the last answer (unbind_resp) leave before the socket goes.
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
    } else {
      this.socket.destroy();
    }
    // A listener's exception must not escape into node-smpp's reader (it would wedge it).
    try {
      this.emit('close', err);
    } catch (listenerErr) {
      process.nextTick(() => {
        throw listenerErr;
      });
    }
  }

  private notWritable(): LinkClosedError {
    return new LinkClosedError(`connection to ${hostPort(this.opts)} lost (no longer writable)`, 'check the network and the SMSC');
  }

  private notOpen(): LinkClosedError {
    const why = this.closeError === undefined ? '' : ` (${this.closeError.message})`;
    return new LinkClosedError(`the session with ${hostPort(this.opts)} is ${this.state === 'unbinding' ? 'unbinding' : 'closed'}${why}: cannot submit`, undefined, {
      cause: this.closeError,
    });
  }
}

function checkShortMessage(value: unknown): TextError | undefined {
  const length = Buffer.isBuffer(value) ? value.length : typeof value === 'string' ? Buffer.byteLength(value) : 0;
  if (length <= MAX_SHORT_MESSAGE) return undefined;
  return new TextError(
    `short_message is ${length} bytes, the maximum is ${MAX_SHORT_MESSAGE}`,
    'split the text into parts, or send it as message_payload (--split payload)',
  );
}

/** Rejects on a later turn of the event loop: a caller that resends at once still yields. */
function rejectLater<T>(err: Error): Promise<T> {
  return new Promise((_resolve, reject) => setImmediate(reject, err));
}
