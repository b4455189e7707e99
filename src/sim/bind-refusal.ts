// Why the simulator refused a bind, as one line for its log: what the client sent and what it
// should have sent. The password is never shown (neither the one sent nor the expected one).
const NAMES: Record<number, string> = { 0x05: 'ESME_RALYBND', 0x0e: 'ESME_RINVPASWD', 0x0f: 'ESME_RINVSYSID', 0x08: 'ESME_RSYSERR' };

export function bindRefusal(status: number, pdu: { command: string; system_id?: unknown }, expectedSystemId: string, byHook: boolean): string {
  const name = NAMES[status] ?? `0x${status.toString(16).padStart(8, '0')}`;
  const id = JSON.stringify(String(pdu.system_id ?? ''));
  if (byHook) return `${pdu.command} refused with ${name} by the onBind hook (system_id ${id})`;
  switch (status) {
    case 0x05:
      return `${pdu.command} refused with ESME_RALYBND: this session is already bound (system_id ${id})`;
    case 0x0f:
      return `${pdu.command} refused with ESME_RINVSYSID: system_id ${id} is not ${JSON.stringify(expectedSystemId)}`;
    case 0x0e:
      return `${pdu.command} refused with ESME_RINVPASWD: wrong password for system_id ${id}`;
    default:
      return `${pdu.command} refused with ${name} (system_id ${id})`;
  }
}
