// submit_sm: counted, checked against the bind and the rate limit, scripted by onSubmit, then
// answered (now or later) with a message id, a receipt planned, and the part joined into its
// message. A reply held back ('none', or the sim not answering) stays outstanding.
import { smpp, type PDU } from '../../smpp/codec.js';
import { STATUS_CODE } from '../../sms/status.js';
import { splitBody } from '../../sms/user-data.js';
import type { SimContext } from '../context.js';
import type { IssuedId } from '../ids.js';
import type { SimSession } from '../session.js';
import { safeDecode } from '../text.js';
import type { LoggedPdu, SubmitAction } from '../types.js';
import { planReceipt, sendReceipt, trackState, type SubmittedPart } from './receipt.js';

const { ESME_RINVBNDSTS, ESME_RTHROTTLED, ESME_RSYSERR, ESME_RINVCMDID } = STATUS_CODE;

export function onSubmit(ctx: SimContext, s: SimSession, pdu: PDU, logged: LoggedPdu | undefined, t: number): void {
  const { stats } = ctx;
  const index = stats.submits++;
  const second = Math.floor(t / 1000);
  stats.perSecond.set(second, (stats.perSecond.get(second) ?? 0) + 1);
  s.unanswered++;
  if (++stats.outstanding > stats.maxOutstanding) stats.maxOutstanding = stats.outstanding;

  const action = submitAction(ctx, s, logged, index);
  if (action.drop === 'before-reply') return s.destroy();
  const delay = action.delayMs ?? ctx.o.responseDelayMs ?? 0;
  if (delay > 0) ctx.later(s, delay, () => replySubmit(ctx, s, pdu, action, t));
  else replySubmit(ctx, s, pdu, action, t);
}

/** What to do with this submit: refused by bind state or rate limit, else what onSubmit scripts. */
function submitAction(ctx: SimContext, s: SimSession, logged: LoggedPdu | undefined, index: number): SubmitAction {
  if (!s.canSubmit) return { status: ESME_RINVBNDSTS };
  if (ctx.o.rateLimit && !ctx.rateLimiter.admit(ctx.o.rateLimit, performance.now())) {
    ctx.stats.throttled++;
    return { status: ESME_RTHROTTLED };
  }
  if (!ctx.o.onSubmit || !logged) return {};
  try {
    return ctx.o.onSubmit(logged, { index, session: s.id }) ?? {};
  } catch (err) {
    ctx.recorder.event(s.id, 'error', `onSubmit hook threw: ${(err as Error).message}`);
    return { status: ESME_RSYSERR };
  }
}

function replySubmit(ctx: SimContext, s: SimSession, pdu: PDU, action: SubmitAction, t: number): void {
  if (!ctx.answering || action.reply === 'none') return; // stays outstanding
  s.unanswered--;
  ctx.stats.outstanding--;
  const seq = pdu.sequence_number;
  const drop = action.drop === 'after-reply' ? () => s.destroy() : undefined;
  if (action.reply === 'generic_nack') {
    ctx.send(s, new smpp.PDU('generic_nack', { sequence_number: seq, command_status: action.status || ESME_RINVCMDID }), drop);
    return;
  }
  if (action.status) {
    ctx.send(s, new smpp.PDU('submit_sm_resp', { sequence_number: seq, command_status: action.status }), drop);
    return;
  }
  const issued: IssuedId = action.messageId !== undefined ? { messageId: action.messageId } : ctx.ids.next(ctx.o.idFormat ?? 'decimal');
  const part = toPart(ctx, s, pdu, issued.messageId);
  const receipt = planReceipt(ctx, part, action);
  trackState(ctx, part, issued.messageId, action);
  if (receipt && receipt.beforeResp) sendReceipt(ctx, s, part, issued, receipt, t);
  ctx.send(s, new smpp.PDU('submit_sm_resp', { sequence_number: seq, message_id: issued.messageId }), drop);
  if (receipt && !receipt.beforeResp) ctx.scheduler.after(receipt.delayMs, () => sendReceipt(ctx, s, part, issued, receipt, t));
  if (ctx.recorder.record || ctx.recorder.wantsMessages) {
    const message = ctx.reassembler.add(part);
    if (message) ctx.recorder.message(message);
  }
}

function toPart(ctx: SimContext, s: SimSession, pdu: PDU, messageId: string): SubmittedPart {
  const body = splitBody(pdu);
  const dataCoding = num(pdu.data_coding);
  const { record, wantsMessages } = ctx.recorder;
  return {
    session: s.id,
    from: str(pdu.source_addr), to: str(pdu.destination_addr),
    sourceTon: num(pdu.source_addr_ton), sourceNpi: num(pdu.source_addr_npi),
    destTon: num(pdu.dest_addr_ton), destNpi: num(pdu.dest_addr_npi),
    dataCoding, esmClass: num(pdu.esm_class), registeredDelivery: num(pdu.registered_delivery),
    messageId,
    // Full decoding only when messages are kept; receipts quote 20 characters.
    text: record || wantsMessages ? safeDecode(body.payload, dataCoding, ctx.alphabet) : '',
    concat: body.concat,
    payload: body.payload,
  };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
