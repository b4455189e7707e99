// What becomes of an accepted part: its outcome (scripted by onSubmit, else the first matching
// outcome rule), kept in the store for query_sm, and the receipt deliver_sm when
// registered_delivery asks for one, routed to a receiver of the submitter's system id.
import { DEFAULT_RECEIPT_DELAY_MS } from '../defaults.js';
import type { SimContext } from '../context.js';
import { receiptId, type IssuedId } from '../ids.js';
import type { Part } from '../reassemble.js';
import { outcomeFor, receiptFields, receiptWanted, type DeliveryOutcome } from '../receipts.js';
import type { SimSession } from '../session.js';
import { DELETED } from '../store.js';
import { RECEIPT_TEXT_BYTES, safeDecode } from '../text.js';
import type { SubmitAction } from '../types.js';

/** An accepted part, with its raw text bytes for the receipt's quote. */
export type SubmittedPart = Part & { payload: Buffer };

export type PlannedReceipt = DeliveryOutcome & { delayMs: number; beforeResp: boolean; duplicate: boolean };

/** The outcome onSubmit scripted, else the outcome rules'. */
function outcomeOf(ctx: SimContext, part: Part, action: SubmitAction): DeliveryOutcome {
  const scripted = action.receipt || undefined;
  return scripted ? { stat: scripted.stat, err: scripted.err ?? '000', delayMs: scripted.delayMs } : outcomeFor(part.to, ctx.o.outcomes);
}

/** The receipt to send for this part, if registered_delivery asks for one with its outcome. */
export function planReceipt(ctx: SimContext, part: Part, action: SubmitAction): PlannedReceipt | undefined {
  if (action.receipt === false) return undefined;
  const scripted = action.receipt;
  const outcome = outcomeOf(ctx, part, action);
  if (!receiptWanted(part.registeredDelivery, outcome.stat)) return undefined;
  return {
    ...outcome,
    delayMs: outcome.delayMs ?? ctx.o.receiptDelayMs ?? DEFAULT_RECEIPT_DELAY_MS,
    beforeResp: scripted ? !!scripted.beforeResp : false,
    duplicate: scripted ? !!scripted.duplicate : false,
  };
}

/** The message is ENROUTE until its outcome's time, then final (whether or not a receipt was asked for). */
export function trackState(ctx: SimContext, part: Part, id: string, action: SubmitAction): void {
  const outcome = outcomeOf(ctx, part, action);
  const at = Date.now() + (outcome.delayMs ?? ctx.o.receiptDelayMs ?? DEFAULT_RECEIPT_DELAY_MS);
  ctx.store.add(id, part.from, { stat: outcome.stat, err: outcome.err, at });
}

export function sendReceipt(
  ctx: SimContext, s: SimSession, part: SubmittedPart, issued: IssuedId, outcome: DeliveryOutcome & { duplicate: boolean }, submitted: number,
): void {
  if (ctx.store.get(issued.messageId, 0)?.state === DELETED) return; // cancelled: nothing is delivered
  const text = ctx.recorder.record ? part.text : safeDecode(part.payload.subarray(0, RECEIPT_TEXT_BYTES), part.dataCoding, ctx.alphabet);
  const r = {
    id: receiptId(issued, ctx.o.receiptIdFormat ?? 'same'),
    stat: outcome.stat, err: outcome.err, submitted, done: Date.now(), text,
  };
  const fields = receiptFields(r, part, ctx.o.receiptStyle ?? 'tlv+text');
  const shown = Buffer.isBuffer(fields.short_message) ? fields.short_message.toString('latin1') : '';
  const owner = s.systemId ?? ctx.systemId;
  for (let i = outcome.duplicate ? 2 : 1; i > 0; i--) ctx.delivery.route(owner, s.id, { fields, text: shown });
}
