// --json: one JSON object per line on stdout. The schema is documented in the README ("JSON
// output"); add fields freely, never rename or remove one.
import type { MessageRecord, PartResult, RunEvent, RunSummary } from '../../send/events.js';
import type { DryRunItem } from '../../send/dry-run.js';
import type { Io } from '../io.js';
import type { Reporter } from './types.js';

function messageFields(m: MessageRecord) {
  return {
    to: m.to,
    ...(m.from !== undefined ? { from: m.from } : {}),
    key: m.key,
    ...(m.line !== undefined ? { line: m.line } : {}),
    encoding: m.encoding,
    dataCoding: m.dataCoding,
    parts: m.parts.length,
    ids: m.parts.map((p) => p.messageId ?? null),
    // README: rejected, unconfirmed, unsent and resumed carry every field of submitted.
    possibleDuplicate: m.possibleDuplicate,
  };
}

function partStates(m: MessageRecord) {
  return m.parts.map((p: PartResult) => ({
    part: p.index + 1,
    id: p.messageId ?? null,
    status: p.status,
    ...(p.statusName ? { statusName: p.statusName } : {}),
    ...(p.receipt ? { receipt: p.receipt.state } : {}),
  }));
}

type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

/** The JSON object an event is written as, without its time; undefined: the event is not written. */
function eventObject(ev: RunEvent): object | undefined {
  switch (ev.type) {
    case 'accepted':
      return { type: 'submitted', ...messageFields(ev.message) };
    case 'rejected':
      return {
        type: 'rejected', ...messageFields(ev.message), part: ev.part.index + 1,
        status: ev.part.commandStatus ?? null, statusName: ev.part.statusName ?? null,
        error: ev.reason, attempts: ev.part.attempts, partStates: partStates(ev.message),
      };
    case 'unconfirmed':
      return { type: 'unconfirmed', ...messageFields(ev.message), reason: ev.reason, partStates: partStates(ev.message) };
    case 'unsent':
      return { type: 'unsent', ...messageFields(ev.message), reason: ev.reason };
    case 'resumed':
      return { type: 'resumed', ...messageFields(ev.message), state: ev.message.state };
    case 'retrying':
      return { type: 'retrying', to: ev.message.to, key: ev.message.key, part: ev.part.index + 1, reason: ev.reason, attempt: ev.part.attempts, delayMs: ev.delayMs };
    case 'skipped':
    case 'duplicate':
      return { type: ev.type, ...ev.row };
    case 'receipt':
      return receiptObject(ev);
    case 'mo':
      return { ...ev.mo }; // the same object as `listen --json` prints
    case 'warning':
      return { type: 'warning', warning: ev.message };
    case 'link-lost':
      return { type: 'link', bind: ev.bind + 1, state: 'lost', reason: ev.reason };
    case 'bound':
      return ev.reconnect ? { type: 'link', bind: ev.bind + 1, state: 'restored' } : undefined;
    default:
      return undefined;
  }
}

function receiptObject(ev: EventOf<'receipt'>): object {
  const m = ev.message;
  const delivered = m.parts.filter((p) => p.receipt?.final && p.receipt.delivered).length;
  return {
    type: 'receipt', to: m.to, key: m.key, ...(m.line !== undefined ? { line: m.line } : {}),
    id: ev.part.messageId ?? ev.receipt.messageId, part: ev.part.index + 1, parts: m.parts.length,
    state: ev.receipt.state, final: ev.receipt.final, delivered: ev.receipt.delivered,
    err: ev.receipt.err ?? null, ...(ev.receipt.networkError ? { networkError: ev.receipt.networkError } : {}),
    doneDate: ev.receipt.doneDate ?? null, latencyMs: ev.latencyMs ?? null,
    message: { state: m.state, partsDelivered: delivered, parts: m.parts.length, partStates: partStates(m) },
  };
}

function summaryObject(s: RunSummary): object {
  return {
    type: 'summary', ...(s.dryRun ? { dryRun: true } : {}), ...s.counts, ...(s.byEncoding ? { byEncoding: s.byEncoding } : {}),
    byStatus: s.byStatus, byReceiptState: s.byReceiptState,
    elapsedMs: s.elapsedMs, ...(s.sendingMs !== undefined ? { sendingMs: s.sendingMs } : {}), avgRate: s.avgRate, peakRate: s.peakRate, interrupted: s.interrupted,
    ...(s.fatal ? { error: s.fatal.message } : {}), exitCode: s.exitCode,
  };
}

export function jsonReporter(io: Io, now: () => Date = () => new Date()): Reporter {
  const out = (obj: object) => io.stdout.write(`${JSON.stringify({ ...obj, t: now().toISOString() })}\n`);
  return {
    event(ev: RunEvent) {
      const obj = eventObject(ev);
      if (obj) out(obj);
    },
    plan(item: DryRunItem) {
      out({ type: 'plan', ...item });
    },
    summary(s: RunSummary) {
      out(summaryObject(s));
    },
    error(message: string, exitCode: number) {
      out({ type: 'error', error: message, exitCode });
    },
    warning(message: string) {
      out({ type: 'warning', warning: message });
    },
  };
}
