// The submit path of a session: a window slot (FIFO), a drained socket, submit_sm on the wire,
// and its answer judged (protocol.ts). What the link's end means for the submits in flight is
// decided here too: sent ones are unconfirmed, waiting ones unsent.
import type { Socket } from 'node:net';
import { LinkClosedError, TextError, UsageError } from '../errors.js';
import { smpp, type RawPdu } from './codec.js';
import { notWritable, responseTimeout } from './link-errors.js';
import { AnsweredSubmits, judgeSubmitAnswer, protocolError } from './protocol.js';
import { SubmitUnconfirmedError, Window, type WindowSlots } from './window.js';
import type { Wording } from './wording.js';
import type { PduWriter } from './writer.js';

export type { WindowSlots } from './window.js';

export interface SubmitResult {
  messageId: string;
}

const MAX_SHORT_MESSAGE = 255; // octets: one length byte (SMPP 3.4 5.2.22)

/** What the submit path needs of its session. */
export interface SubmitLink {
  readonly hostPort: string;
  readonly wording: Wording;
  /** True while submits may be sent. */
  bound(): boolean;
  /** The error for a submit made while the session is not bound. */
  notOpen(): LinkClosedError;
  /** The link is unusable: end the session for this reason. */
  lose(err: LinkClosedError): void;
}

export class Submits {
  private readonly window: Window<SubmitResult>;
  private readonly answered = new AnsweredSubmits();
  private drainWait: Promise<void> | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly writer: PduWriter,
    private readonly link: SubmitLink,
    size: number,
    responseTimeoutMs: number,
  ) {
    this.window = new Window<SubmitResult>(size, responseTimeoutMs, () => responseTimeout('submit_sm', responseTimeoutMs, link.wording, '; the SMSC may or may not have the message'));
  }

  /** Submits sent and not yet answered. */
  get inFlight(): number {
    return this.window.inFlight;
  }

  /** See SmppSession.slots. */
  get slots(): WindowSlots {
    return this.window;
  }

  /** See SmppSession.submit. */
  submit(fields: Record<string, unknown>, slotHeld: boolean): Promise<SubmitResult> {
    if (!this.link.bound()) return this.refuse(rejectLater(this.link.notOpen()), slotHeld);
    const tooLong = checkShortMessage(fields.short_message, this.link.wording);
    if (tooLong !== undefined) return this.refuse(Promise.reject(tooLong), slotHeld);
    if (!this.socket.writableNeedDrain && (slotHeld || this.window.tryAcquire())) return this.send(fields);
    return this.submitQueued(fields, slotHeld);
  }

  /** A submit refused before the wire gives back the slot its caller held. */
  private refuse(result: Promise<SubmitResult>, slotHeld: boolean): Promise<SubmitResult> {
    if (slotHeld) this.window.release();
    return result;
  }

  /** Settles the submit that `resp` answers; a late or stray answer only matters when it contradicts the first. */
  settle(resp: RawPdu): void {
    const pending = this.window.settle(resp.sequence_number);
    if (pending === undefined) {
      // Late (after the response timeout) or stray; only an answer that contradicts the first one matters.
      const contradiction = this.answered.contradiction(resp);
      if (contradiction !== undefined) this.link.lose(protocolError(this.link.hostPort, contradiction, this.link.wording));
      return;
    }
    this.answered.remember(resp);
    const answer = judgeSubmitAnswer(resp);
    if (answer.kind === 'accepted') return pending.resolve({ messageId: answer.messageId });
    if (answer.kind === 'refused') return pending.reject(answer.error);
    // Nothing in this answer can be trusted: the SMSC may or may not have the message.
    const err = protocolError(this.link.hostPort, answer.what, this.link.wording);
    pending.reject(new SubmitUnconfirmedError(`${err.message}; the SMSC may or may not have the message`, err.fix, { cause: err }));
    this.link.lose(err);
  }

  /** The link ended (`why`: undefined after our own unbind or destroy): fails every submit in flight or waiting. */
  close(why: LinkClosedError | undefined): void {
    const reason = why?.message ?? 'session closed';
    this.window.close(
      () => new SubmitUnconfirmedError(`link closed before submit_sm_resp (${reason}); the SMSC may or may not have the message`, undefined, { cause: why }),
      new LinkClosedError(`link closed before the message was sent (${reason})`, undefined, { cause: why }),
    );
  }

  private async submitQueued(fields: Record<string, unknown>, slotHeld: boolean): Promise<SubmitResult> {
    if (!slotHeld) await this.window.acquire();
    while (this.socket.writableNeedDrain && this.link.bound()) await this.drained();
    if (!this.link.bound()) {
      this.window.release();
      throw this.link.notOpen();
    }
    return this.send(fields);
  }

  /** Sends with a slot already held. */
  private send(fields: Record<string, unknown>): Promise<SubmitResult> {
    let pdu: RawPdu;
    try {
      pdu = new smpp.PDU('submit_sm', fields);
      if (!this.writer.sendCorked(pdu)) {
        // Not writable any more: the link is lost, whether or not 'close' has come yet.
        this.window.release();
        this.link.lose(notWritable(this.link.hostPort));
        return rejectLater(this.link.notOpen());
      }
    } catch (err) {
      // node-smpp encodes synchronously and throws on a bad field value (a number for a C-string, ...).
      this.window.release();
      return Promise.reject(
        new UsageError(`submit_sm cannot be encoded: ${(err as Error).message}`, 'a bug in the caller: C-string fields take strings, integer fields numbers', { cause: err }),
      );
    }
    return new Promise((resolve, reject) => this.window.track(pdu.sequence_number, resolve, reject));
  }

  private drained(): Promise<void> {
    // One shared wait; the socket's 'close' also ends it.
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
}

function checkShortMessage(value: unknown, wording: Wording): TextError | undefined {
  const length = Buffer.isBuffer(value) ? value.length : typeof value === 'string' ? Buffer.byteLength(value) : 0;
  if (length <= MAX_SHORT_MESSAGE) return undefined;
  return new TextError(`short_message is ${length} bytes, the maximum is ${MAX_SHORT_MESSAGE}`, wording.advice({ kind: 'short-message-too-long' }));
}

/** Rejects on a later turn of the event loop: a caller that resends at once still yields. */
export function rejectLater<T>(err: Error): Promise<T> {
  return new Promise((_resolve, reject) => setImmediate(reject, err));
}
