// One bound SMPP session: the state machine tying the socket, node-smpp's codec, the submit
// path (submits.ts), the SMSC's requests (incoming.ts) and the keepalive together, and the one
// way out of it (finish). Never prints, never reads flags. openSession (open.ts) makes one.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { LinkClosedError } from '../errors.js';
import { WriteGuard } from './backpressure.js';
import { bindError, bindPdu, bindTimeoutError, notSmppError, type BindOptions } from './bind.js';
import { decodeError, decodeLeniently, smpp, type RawPdu, type Session } from './codec.js';
import { closedEarly, connectErrorFor, hostPort, wordingOf, type ConnectOptions } from './connect.js';
import { FirstBytes } from './first-bytes.js';
import { Incoming } from './incoming.js';
import { Keepalive } from './keepalive.js';
import { closedBySmsc, connectionLost, malformedPdu, notOpen, notWritable, stalled, unboundBySmsc } from './link-errors.js';
import { describe, judgeBindAnswer, protocolError } from './protocol.js';
import { Requests } from './requests.js';
import { Submits, type SubmitResult, type WindowSlots } from './submits.js';
import { tlsPeer, type TlsPeer } from './tls.js';
import { traceLine } from './trace.js';
import { closeSocket, dropSocket, unbindAndClose } from './unbind.js';
import type { Wording } from './wording.js';
import { PduWriter } from './writer.js';

export type { SubmitResult } from './submits.js';

export interface SessionOptions extends ConnectOptions, BindOptions {
  responseTimeoutMs: number;
  enquireLinkMs: number; // 0 = off
  window: number;
  trace?: (line: string) => void; // a PDU trace, password already masked (trace.ts)
}

type State = 'binding' | 'bound' | 'unbinding' | 'closed';

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
  private readonly hostPort: string;
  private readonly wording: Wording;
  private readonly codec: Session;
  private readonly writes: WriteGuard;
  private readonly writer: PduWriter;
  private readonly submits: Submits;
  private readonly incoming: Incoming;
  private readonly keepalive: Keepalive;
  private readonly firstBytes: FirstBytes;
  private readonly trace: ((line: string) => void) | undefined;
  private lastSocketError: Error | undefined;
  private bindFailed: ((err: Error) => void) | undefined;
  private unbinding: Promise<void> | undefined;
  private closeError: LinkClosedError | undefined;
  private readonly requests: Requests; // ours outside the submit window: bind, enquire_link, unbind, call()
  /** The SMSC's bind_resp once bound (system_id, sc_interface_version): what `smpp-send probe` shows. */
  bindResponse: RawPdu | undefined;

  /** Takes over a connected socket; call bind() next (openSession does both). */
  constructor(
    private readonly socket: Socket,
    private readonly opts: SessionOptions,
  ) {
    super();
    this.hostPort = hostPort(opts);
    this.wording = wordingOf(opts);
    this.trace = opts.trace;
    // Ours first, so that the 'error' node-smpp relays can be told apart from its reader's own.
    socket.on('error', (err) => (this.lastSocketError = err));
    this.codec = new smpp.Session({ socket });
    decodeLeniently(socket);
    this.codec.on('error', this.onCodecError);
    this.codec.on('pdu', this.onPdu);
    this.firstBytes = new FirstBytes(socket); // after node-smpp's reader: see first-bytes.ts
    socket.once('close', this.onSocketClose);
    const lose = (err: LinkClosedError) => this.finish(err, 'destroy');
    this.writes = new WriteGuard(socket, this.codec, opts.responseTimeoutMs, () => lose(stalled(this.hostPort, opts.responseTimeoutMs, this.wording)));
    this.writer = new PduWriter(socket, this.codec, this.writes, opts.trace);
    this.requests = new Requests(this.writer, this.wording);
    this.submits = new Submits(socket, this.writer, {
      hostPort: this.hostPort,
      wording: this.wording,
      bound: () => this.state === 'bound',
      notOpen: () => this.notOpen(),
      lose,
    }, opts.window, opts.responseTimeoutMs);
    this.incoming = new Incoming({
      reply: (resp) => this.reply(resp),
      deliver: (pdu) => this.emit('deliver', pdu),
      unbound: () => this.finish(unboundBySmsc(this.hostPort), 'end'),
      ended: () => this.state === 'closed',
    });
    this.keepalive = new Keepalive(opts.enquireLinkMs, opts.responseTimeoutMs, (onReply) => {
      if (!this.requests.send(new smpp.PDU('enquire_link'), onReply)) lose(notWritable(this.hostPort));
    }, lose, this.wording);
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.submits.inFlight;
  }

  /** The submit window's slots (the one semaphore of this link), for a caller that paces between taking one and submit(fields, true). */
  get slots(): WindowSlots {
    return this.submits.slots;
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

  /** What the TLS handshake settled (undefined on plain TCP): what `smpp-send probe` shows. */
  get tlsPeer(): TlsPeer | undefined {
    return tlsPeer(this.socket);
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
      // The connect timeout covers the whole way to a bound session, bind_resp included.
      const timer = setTimeout(() => fail(bindTimeoutError(this.opts, this.opts.connectTimeoutMs)), this.opts.connectTimeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.writes.stop(); // no stall timer may outlive a failed bind
        this.incoming.drop();
        this.bindFailed = undefined;
        this.state = 'closed';
        this.socket.destroy();
        reject(err);
      };
      this.bindFailed = fail;
      const pdu = bindPdu(this.opts);
      const sent = this.requests.send(pdu, (resp) => {
        if (this.state !== 'binding') return;
        const answer = judgeBindAnswer(resp, pdu);
        if (answer.kind === 'refused') return fail(bindError(resp, this.opts));
        if (answer.kind === 'violation') return fail(protocolError(this.hostPort, answer.what, this.wording));
        clearTimeout(timer);
        this.bound(resp);
        resolve();
      });
      if (!sent) fail(closedEarly(this.opts, 'bind'));
    });
  }

  /**
   * Waits for a window slot (FIFO; slotHeld: taken from `slots` already) and a drained socket,
   * sends submit_sm and resolves with the SMSC's message_id. Rejects: SmscStatusError, ResponseTimeoutError,
   * LinkClosedError (SubmitUnconfirmedError when it was already sent), TextError (short_message too long).
   */
  submit(fields: Record<string, unknown>, slotHeld = false): Promise<SubmitResult> {
    return this.submits.submit(fields, slotHeld);
  }

  /**
   * Sends one request outside the submit window (query_sm, cancel_sm, replace_sm) and resolves
   * with its response PDU, whatever its command_status (the caller words it). Rejects:
   * ResponseTimeoutError after the response timeout, LinkClosedError when the link goes first.
   */
  call(command: string, fields: Record<string, unknown>): Promise<RawPdu> {
    if (this.state !== 'bound') return Promise.reject(this.notOpen());
    return this.requests.call(command, fields, this.opts.responseTimeoutMs, this, () => this.notOpen());
  }

  /**
   * From now on answer deliver_sm / data_sm with this command_status instead of taking them
   * (0: take them again). A temporary error such as ESME_RX_T_APPN (0x64) makes the SMSC keep the
   * message and deliver it later: a listener that is stopping or overloaded loses nothing.
   */
  refuseDeliveries(status: number): void {
    this.incoming.refuse(status);
  }

  /** Sends unbind, awaits unbind_resp for at most timeoutMs, closes the socket. Never rejects. */
  unbind(timeoutMs = 2000): Promise<void> {
    if (this.unbinding !== undefined) return this.unbinding;
    if (this.state !== 'bound') return closeSocket(this.socket, 0);
    this.incoming.release();
    this.state = 'unbinding';
    this.keepalive.stop();
    this.unbinding = unbindAndClose((pdu, onResponse) => this.requests.send(pdu, onResponse), this.socket, timeoutMs).then(() =>
      this.finish(undefined, 'destroy'),
    );
    return this.unbinding;
  }

  /** Closes the socket now; requests in flight fail with LinkClosedError. */
  destroy(): void {
    if (this.state === 'binding') this.bindFailed?.(new LinkClosedError('session destroyed during bind'));
    else this.finish(undefined, 'destroy');
  }

  /** The bind was accepted. */
  private bound(resp: RawPdu): void {
    this.bindResponse = resp;
    this.bindFailed = undefined;
    this.firstBytes.stop();
    this.state = 'bound';
    this.keepalive.start();
    this.incoming.holdUntilNextTurn();
  }

  private reply(pdu: RawPdu): void {
    if (!this.writer.sendCorked(pdu) && this.state === 'bound') this.finish(notWritable(this.hostPort), 'destroy');
  }

  private readonly onPdu = (pdu: RawPdu): void => {
    if (this.trace) {
      this.trace(traceLine('in', pdu));
      const bad = decodeError(pdu);
      if (bad) this.trace(`! ${pdu.command} seq=${pdu.sequence_number} body does not decode: ${bad.message}`);
    }
    if (this.state === 'closed') return;
    if (pdu.command_id & 0x80000000) return this.onResponse(pdu);
    this.incoming.take(pdu);
  };

  private onResponse(pdu: RawPdu): void {
    if (this.requests.answer(pdu)) return;
    if (this.state === 'binding') {
      const bindSeq = this.requests.oldest();
      return this.bindFailed?.(protocolError(this.hostPort, `answered with ${describe(pdu)} while our bind (seq=${bindSeq}) was unanswered`, this.wording));
    }
    this.submits.settle(pdu);
  }

  private readonly onCodecError = (err: NodeJS.ErrnoException): void => {
    const fromSocket = err === this.lastSocketError;
    if (this.state === 'binding') {
      if (fromSocket) return this.bindFailed?.(connectErrorFor(err, this.opts, 'bind'));
      // node-smpp's reader threw: the first bytes were no SMPP header. Read what else is
      // buffered (FirstBytes sees it as 'data') to show the peer's first line.
      this.socket.read();
      return this.bindFailed?.(notSmppError(this.opts, this.firstBytes.bytes, err));
    }
    this.finish(fromSocket ? connectionLost(this.hostPort, err) : malformedPdu(this.hostPort, err, this.wording), 'destroy');
  };

  private readonly onSocketClose = (): void => {
    if (this.state === 'binding') return this.bindFailed?.(closedEarly(this.opts, 'bind', this.lastSocketError));
    // While unbinding, the SMSC closing is the expected end: unbind() finishes.
    if (this.state === 'unbinding') return;
    this.finish(closedBySmsc(this.hostPort), 'destroy');
  };

  /** The one way out of 'bound' / 'unbinding': fails what is pending, closes, emits 'close' once. */
  private finish(err: LinkClosedError | undefined, how: 'destroy' | 'end'): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeError = err;
    this.keepalive.stop();
    this.writes.stop();
    this.requests.clear();
    this.submits.close(err);
    dropSocket(this.socket, how);
    // A listener's exception must not escape into node-smpp's reader (it would wedge it).
    try {
      this.emit('close', err);
    } catch (listenerErr) {
      process.nextTick(() => {
        throw listenerErr;
      });
    }
  }

  private notOpen(): LinkClosedError {
    return notOpen(this.hostPort, this.state === 'unbinding', this.closeError);
  }
}
