// Why the simulator refused a bind, as one line for its log: what the client sent and what it
// should have sent. The password is never shown (neither the one sent nor the expected one).
import { STATUS_CODE, STATUSES } from '../../sms/status.js';

export function bindRefusal(status: number, pdu: { command: string; system_id?: unknown }, expectedSystemId: string, byHook: boolean): string {
  const name = STATUSES.get(status)?.name ?? `0x${status.toString(16).padStart(8, '0')}`;
  const id = JSON.stringify(String(pdu.system_id ?? ''));
  if (byHook) return `${pdu.command} refused with ${name} by the onBind hook (system_id ${id})`;
  switch (status) {
    case STATUS_CODE.ESME_RALYBND:
      return `${pdu.command} refused with ${name}: this session is already bound (system_id ${id})`;
    case STATUS_CODE.ESME_RINVSYSID:
      return `${pdu.command} refused with ${name}: system_id ${id} is not ${JSON.stringify(expectedSystemId)}`;
    case STATUS_CODE.ESME_RINVPASWD:
      return `${pdu.command} refused with ${name}: wrong password for system_id ${id}`;
    default:
      return `${pdu.command} refused with ${name} (system_id ${id})`;
  }
}
