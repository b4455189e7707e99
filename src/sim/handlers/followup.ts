// query_sm, cancel_sm and replace_sm as the simulated SMSC answers them (SMPP 3.4 §4.8, §4.9,
// §4.10), from the MessageStore: only on a bind that may submit (else ESME_RINVBNDSTS).
import { smpp, type PDU } from '../../smpp/codec.js';
import { STATUS_CODE } from '../../sms/status.js';
import type { SimContext } from '../context.js';
import type { SimSession } from '../session.js';
import { ENROUTE, type MessageStore } from '../store.js';

const { ESME_RINVBNDSTS, ESME_ROK: ROK, ESME_RCANCELFAIL: RCANCELFAIL, ESME_RREPLACEFAIL: RREPLACEFAIL, ESME_RQUERYFAIL: RQUERYFAIL } = STATUS_CODE;

type Fields = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function answerFollowUp(command: string, pdu: Fields, store: MessageStore, now: number): { command: string; fields: Fields } | undefined {
  const id = str(pdu.message_id);
  const m = store.find(id, str(pdu.source_addr), now);
  switch (command) {
    case 'query_sm':
      if (!m) return { command: 'query_sm_resp', fields: { command_status: RQUERYFAIL, message_id: id } };
      return {
        command: 'query_sm_resp',
        fields: { command_status: ROK, message_id: id, final_date: m.finalDate, message_state: m.state, error_code: m.errorCode },
      };
    case 'cancel_sm':
      // Only a message still on its way can be withdrawn.
      if (!m || m.state !== ENROUTE) return { command: 'cancel_sm_resp', fields: { command_status: RCANCELFAIL } };
      store.cancel(m, now);
      return { command: 'cancel_sm_resp', fields: { command_status: ROK } };
    case 'replace_sm': {
      if (!m || m.state !== ENROUTE) return { command: 'replace_sm_resp', fields: { command_status: RREPLACEFAIL } };
      const sm = pdu.short_message;
      m.replacedWith = Buffer.isBuffer(sm) ? sm : Buffer.from(str(sm), 'latin1');
      m.replaced++;
      return { command: 'replace_sm_resp', fields: { command_status: ROK } };
    }
    default:
      return undefined;
  }
}

export function onFollowUp(ctx: SimContext, s: SimSession, pdu: PDU): void {
  const resp = s.canSubmit ? answerFollowUp(pdu.command, pdu, ctx.store, Date.now()) : undefined;
  const fields = resp?.fields ?? { command_status: ESME_RINVBNDSTS };
  ctx.answer(s, new smpp.PDU(`${pdu.command}_resp`, { ...fields, sequence_number: pdu.sequence_number }));
}
