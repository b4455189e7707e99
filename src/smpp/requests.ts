// Our requests outside the submit window (bind, enquire_link, unbind, query_sm, ...): written,
// and their answers routed back by sequence number.
import type { EventEmitter } from 'node:events';
import { LinkClosedError, UsageError } from '../errors.js';
import { smpp, type RawPdu } from './codec.js';
import { responseTimeout } from './link-errors.js';
import type { Wording } from './wording.js';
import type { PduWriter } from './writer.js';

export class Requests {
  private readonly waiting = new Map<number, (resp: RawPdu) => void>();

  constructor(
    private readonly writer: PduWriter,
    private readonly wording: Wording,
  ) {}

  /** Writes `pdu`; its response goes to onResponse. False when it could not be written. */
  send(pdu: RawPdu, onResponse: (resp: RawPdu) => void): boolean {
    if (!this.writer.send(pdu)) return false;
    this.waiting.set(pdu.sequence_number, onResponse);
    return true;
  }

  /** Hands `resp` to the request it answers; false when it answers none of ours. */
  answer(resp: RawPdu): boolean {
    const onResponse = this.waiting.get(resp.sequence_number);
    if (onResponse === undefined) return false;
    this.waiting.delete(resp.sequence_number);
    onResponse(resp);
    return true;
  }

  /** The oldest unanswered request's sequence number (while binding: the bind's). */
  oldest(): number | undefined {
    return [...this.waiting.keys()][0];
  }

  /** The link ended: no answer will come. */
  clear(): void {
    this.waiting.clear();
  }

  /**
   * Sends `command` and resolves with its response PDU, whatever its command_status. Rejects:
   * ResponseTimeoutError after timeoutMs, LinkClosedError when `session` emits 'close' first or
   * the request cannot be written (`notOpen`), UsageError when a field cannot be encoded.
   */
  call(command: string, fields: Record<string, unknown>, timeoutMs: number, session: EventEmitter, notOpen: () => LinkClosedError): Promise<RawPdu> {
    return new Promise((resolve, reject) => {
      const done = (err: Error | undefined, resp?: RawPdu) => {
        clearTimeout(timer);
        session.off('close', onClose);
        if (err) reject(err);
        else resolve(resp!);
      };
      const onClose = () => done(new LinkClosedError(`link closed before the ${command}_resp arrived`));
      const timer = setTimeout(() => done(responseTimeout(command, timeoutMs, this.wording)), timeoutMs);
      session.once('close', onClose);
      let pdu: RawPdu;
      try {
        pdu = new smpp.PDU(command, fields);
      } catch (err) {
        return done(new UsageError(`${command} cannot be encoded: ${(err as Error).message}`, undefined, { cause: err }));
      }
      if (!this.send(pdu, (resp) => done(undefined, resp))) done(notOpen());
    });
  }
}
