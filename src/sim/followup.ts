// query_sm, cancel_sm and replace_sm as the simulated SMSC answers them (SMPP 3.4 §4.8, §4.9,
// §4.10), from the MessageStore. Returns the response's fields; the server sends them.
import { ENROUTE, type MessageStore } from './store.js';

const ROK = 0x00;
const RCANCELFAIL = 0x11;
const RREPLACEFAIL = 0x13;
const RQUERYFAIL = 0x67;

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
