// One bound SMPP session: the state machine tying the socket, node-smpp's codec, the window,
// the keepalive and the answers together. Never prints, never reads flags.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { LinkClosedError, ResponseTimeoutError, SmscStatusError, TextError, UsageError } from '../errors.js';
import { formatStatus, statusHint } from '../sms/status.js';
import { answerRequest } from './answer.js';
import { bindError, bindPdu, bindTimeoutError, notSmppError, type BindOptions } from './bind.js';
import { smpp, type RawPdu, type Session } from './codec.js';
import { closedEarly, connectErrorFor, connectSocket, hostPort, seconds, type ConnectOptions } from './connect.js';
import { Keepalive } from './keepalive.js';
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
const SNIFF_BYTES = 64; // how much of the peer's first answer we keep to say what it speaks

/** Connects, binds, and resolves with a bound session. Rejects: ConnectError, BindError, UsageError (--ca). */
export async function openSession(opts: SessionOptions): Promise<SmppSession> {
  const socket = await connectSocket(opts);
  let session: SmppSession;
  try {
    session = new SmppSession(socket, opts);
  } catch (err) {
    socket.destroy();
    throw err;
  }
  await session.bind();
  return session;
}

export interface SmppSession {
  on(event: 'deliver', listener: (pdu: RawPdu) => void): this;
  on(event: 'close', listener: (err?: Error) => void): this;
  once(event: 'deliver', listener: (pdu: RawPdu) => void): this;
  once(event: 'close', listener: (err?: Error) => void): this;
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
        if (!this.request(new smpp.PDU('enquire_link'), onReply)) onReply();
      },
      (err) => this.finish(err, 'destroy'),
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

  /** Sends the bind and resolves once bound. Rejects ConnectError / BindError and closes the socket. */
  bind(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // --connect-timeout covers the whole way to a bound session, bind_resp included.
      const timer = setTimeout(() => fail(bindTimeoutError(this.opts, this.opts.connectTimeoutMs)), this.opts.connectTimeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.bindFailed = undefined;
        this.state = 'closed';
        this.socket.destroy();
        reject(err);
      };
      this.bindFailed = fail;
      const sent = this.request(bindPdu(this.opts), (resp) => {
        if (this.state !== 'binding') return;
        if (resp.command_status !== 0 || !resp.command.startsWith('bind_')) return fail(bindError(resp, this.opts));
        clearTimeout(timer);
        this.bindFailed = undefined;
        this.socket.off('data', this.sniff);
        this.sniffed = undefined;
        this.state = 'bound';
        this.keepalive.start();
        resolve();
      });
      if (!sent) fail(closedEarly(this.opts, 'bind'));
    });
  }

  /**
   * Waits for a window slot (FIFO) and for the socket to drain, sends submit_sm and resolves with
   * the SMSC's message_id. Rejects: SmscStatusError, ResponseTimeoutError, LinkClosedError
   * (SubmitUnconfirmedError when it was already sent), TextError (short_message too long).
   */
  submit(fields: Record<string, unknown>): Promise<SubmitResult> {
    if (this.state !== 'bound') return Promise.reject(this.notOpen());
    const tooLong = checkShortMessage(fields.short_message);
    if (tooLong !== undefined) return Promise.reject(tooLong);
    if (!this.socket.writableNeedDrain && this.window.tryAcquire()) return this.send(fields);
    return this.submitQueued(fields);
  }

  /** Sends unbind, awaits unbind_resp for at most timeoutMs, closes the socket. Never rejects. */
  unbind(timeoutMs = 2000): Promise<void> {
    if (this.unbinding !== undefined) return this.unbinding;
    if (this.state !== 'bound') return closeSocket(this.socket, 0);
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
        this.window.release();
        return Promise.reject(this.notOpen());
      }
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

  /** Sends a non-windowed request (bind, enquire_link, unbind) via node-smpp's callback table. */
  private request(pdu: RawPdu, onResponse: (resp: RawPdu) => void): boolean {
    let sent: boolean;
    try {
      sent = this.codec.send(pdu, onResponse);
    } catch {
      return false;
    }
    if (sent && this.trace) this.trace(traceLine('out', pdu));
    return sent;
  }

  private reply(pdu: RawPdu): void {
    // Corked like submits: a burst of receipts is answered in one write, not one syscall each.
    this.cork();
    if (this.codec.send(pdu) && this.trace) this.trace(traceLine('out', pdu));
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
    if (this.trace) this.trace(traceLine('in', pdu));
    if (pdu.command_id & 0x80000000) {
      // Responses to bind / enquire_link / unbind go to node-smpp's callbacks; submits are ours.
      const pending = this.window.settle(pdu.sequence_number);
      if (pending === undefined) return;
      if (pdu.command_status === 0 && pdu.command === 'submit_sm_resp') pending.resolve({ messageId: String(pdu.message_id ?? '') });
      else pending.reject(statusError(pdu));
      return;
    }
    answerRequest(pdu, (resp) => this.reply(resp), {
      deliver: (p) => this.emit('deliver', p),
      unbound: () =>
        this.finish(
          new LinkClosedError(`the SMSC ${hostPort(this.opts)} unbound the session (sent unbind)`, 'it may be restarting or closing idle sessions; connect again'),
          'end',
        ),
    });
  };

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
    this.keepalive.stop();
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
    this.emit('close', err);
  }

  private notOpen(): LinkClosedError {
    return new LinkClosedError(`the session with ${hostPort(this.opts)} is ${this.state === 'unbinding' ? 'unbinding' : 'closed'}: cannot submit`);
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

function statusError(pdu: RawPdu): SmscStatusError {
  if (pdu.command_status === 0) {
    return new SmscStatusError(`unexpected ${pdu.command} in reply to submit_sm`, 0);
  }
  return new SmscStatusError(formatStatus(pdu.command_status), pdu.command_status, statusHint(pdu.command_status));
}
