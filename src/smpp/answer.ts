// Answers to the SMSC's own requests. node-smpp answers nothing, and an SMSC that gets no
// deliver_sm_resp resends the receipt or stops delivering; one that gets no enquire_link_resp
// drops the link.
import { decodeError, smpp, type RawPdu } from './codec.js';

const ESME_RINVCMDID = 0x03;
const ESME_RINVOPTPARSTREAM = 0xc0; // "error in the optional part of the PDU body"

export interface AnswerHooks {
  /** A deliver_sm or data_sm; it is answered with ROK after this returns (or throws). */
  deliver(pdu: RawPdu): void;
  /** command_status for the deliver_sm_resp: 0 (ROK), or a temporary error while the receiver is busy or stopping. */
  deliverStatus?(): number;
  /** The SMSC sent unbind; unbind_resp has been sent. */
  unbound(): void;
}

/** Answers one incoming request; `reply` sends a PDU. */
export function answerRequest(pdu: RawPdu, reply: (resp: RawPdu) => void, hooks: AnswerHooks): void {
  if (decodeError(pdu) !== undefined && pdu.command !== 'unknown' && pdu.command !== 'unbind') {
    // A body that does not decode (a TLV running past the end): refuse this one PDU with a
    // permanent error, so the SMSC neither resends it for ever nor loses the link over it.
    if (pdu.command !== 'alert_notification') reply(pdu.response({ command_status: ESME_RINVOPTPARSTREAM }));
    return;
  }
  switch (pdu.command) {
    case 'enquire_link':
      reply(pdu.response());
      return;
    case 'deliver_sm':
    case 'data_sm':
      try {
        hooks.deliver(pdu);
      } catch (err) {
        // A listener's bug must not cost the SMSC its answer, nor wedge node-smpp's reader
        // (an exception thrown through it leaves it stuck): answer, then rethrow outside.
        process.nextTick(() => {
          throw err;
        });
      } finally {
        const status = hooks.deliverStatus?.() ?? 0;
        reply(status ? pdu.response({ command_status: status }) : pdu.response());
      }
      return;
    case 'unbind':
      reply(pdu.response());
      hooks.unbound();
      return;
    case 'alert_notification':
      return; // SMPP 3.4 defines no response to it
    default:
      reply(new smpp.PDU('generic_nack', { command_status: ESME_RINVCMDID, sequence_number: pdu.sequence_number }));
  }
}
