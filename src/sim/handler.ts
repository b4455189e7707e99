// The request handler the server hands every PDU to: logs it, then answers by command. The
// server knows sockets and sessions; what an SMSC says back is decided here and in handlers/.
import { smpp, type PDU } from '../smpp/codec.js';
import { STATUS_CODE } from '../sms/status.js';
import type { SimContext } from './context.js';
import { onBind } from './handlers/bind.js';
import { onFollowUp } from './handlers/followup.js';
import { onSubmit } from './handlers/submit.js';
import { toLogged } from './log.js';
import type { SimSession } from './session.js';

/** What the server calls for each PDU a session reads. Throwing destroys that session only. */
export type PduHandler = (ctx: SimContext, s: SimSession, pdu: PDU) => void;

const BIND_COMMANDS = new Set(['bind_transmitter', 'bind_receiver', 'bind_transceiver']);

export const handlePdu: PduHandler = (ctx, s, pdu) => {
  if (s.closed) return;
  const t = Date.now();
  const { o, recorder } = ctx;
  // Hooks get the logged form even when nothing else wants it.
  const hooked = (pdu.command === 'submit_sm' && o.onSubmit) || (BIND_COMMANDS.has(pdu.command) && o.onBind);
  const logged = recorder.logging || hooked ? toLogged(pdu, s.id, 'in', t, ctx.alphabet) : undefined;
  if (logged) recorder.pdu(logged);

  if (pdu.isResponse()) {
    if (pdu.command === 'unbind_resp') ctx.close(s);
    return;
  }
  switch (pdu.command) {
    case 'submit_sm':
      return onSubmit(ctx, s, pdu, logged, t);
    case 'bind_transmitter':
    case 'bind_receiver':
    case 'bind_transceiver':
      return onBind(ctx, s, pdu, logged);
    case 'enquire_link':
      ctx.answer(s, pdu.response());
      return;
    case 'query_sm':
    case 'cancel_sm':
    case 'replace_sm':
      return onFollowUp(ctx, s, pdu);
    case 'unbind':
      if (ctx.answer(s, pdu.response())) {
        s.bound = undefined;
        recorder.event(s.id, 'unbind');
        ctx.close(s);
      }
      return;
    default:
      // Unknown command ids and requests this SMSC does not implement (data_sm, submit_multi...).
      ctx.answer(s, new smpp.PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: STATUS_CODE.ESME_RINVCMDID }));
  }
};
