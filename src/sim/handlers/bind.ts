// bind_transmitter / bind_receiver / bind_transceiver: credentials checked at each bind (set()
// may have changed them), the onBind hook may refuse or delay, and a refusal is logged with why.
import { smpp, type PDU } from '../../smpp/codec.js';
import { STATUS_CODE } from '../../sms/status.js';
import { bindRefusal } from './bind-refusal.js';
import type { SimContext } from '../context.js';
import type { SimBindKind, SimSession } from '../session.js';
import type { LoggedPdu } from '../types.js';

const { ESME_ROK, ESME_RALYBND, ESME_RINVSYSID, ESME_RINVPASWD, ESME_RSYSERR } = STATUS_CODE;

export function onBind(ctx: SimContext, s: SimSession, pdu: PDU, logged: LoggedPdu | undefined): void {
  const command = pdu.command as `bind_${SimBindKind}`;
  if (s.bound) {
    ctx.answer(s, new smpp.PDU(`${command}_resp`, { sequence_number: pdu.sequence_number, command_status: ESME_RALYBND }));
    ctx.recorder.event(s.id, 'bind-refused', bindRefusal(ESME_RALYBND, pdu, ctx.systemId, false));
    return;
  }
  const credentials = pdu.system_id !== ctx.systemId ? ESME_RINVSYSID
    : pdu.password !== ctx.password ? ESME_RINVPASWD : ESME_ROK;
  const hook = bindHook(ctx, s, logged);
  const status = hook.status ?? credentials;
  const reply = () => replyBind(ctx, s, pdu, status, hook.status !== undefined);
  if (hook.delayMs) ctx.later(s, hook.delayMs, reply);
  else reply();
}

/** What the onBind hook asks for; a hook that throws refuses with ESME_RSYSERR. */
function bindHook(ctx: SimContext, s: SimSession, logged: LoggedPdu | undefined): { status?: number; delayMs?: number } {
  try {
    return (ctx.o.onBind && logged ? ctx.o.onBind(logged) : undefined) ?? {};
  } catch (err) {
    ctx.recorder.event(s.id, 'error', `onBind hook threw: ${(err as Error).message}`);
    return { status: ESME_RSYSERR };
  }
}

function replyBind(ctx: SimContext, s: SimSession, pdu: PDU, status: number, byHook: boolean): void {
  const command = pdu.command as `bind_${SimBindKind}`;
  const fields: Record<string, unknown> = { sequence_number: pdu.sequence_number, command_status: status, system_id: ctx.systemId };
  if (typeof pdu.interface_version === 'number' && pdu.interface_version >= 0x34) fields.sc_interface_version = 0x34;
  if (!ctx.answer(s, new smpp.PDU(`${command}_resp`, fields))) return;
  if (status !== ESME_ROK) return ctx.recorder.event(s.id, 'bind-refused', bindRefusal(status, pdu, ctx.systemId, byHook));
  s.bound = command.slice('bind_'.length) as SimBindKind;
  s.systemId = String(pdu.system_id);
  ctx.stats.binds++;
  ctx.recorder.event(s.id, 'bind', `${s.bound} interface_version 0x${Number(pdu.interface_version ?? 0).toString(16)}`);
  ctx.delivery.flushHeld(s);
}
