// What the SMSC's answers mean, and which of them break SMPP 3.4 itself. A protocol violation
// (a bind answered by a submit_sm_resp, a generic_nack that carries no error, two different
// answers to one request) is named as such and ends the link: nothing it says can be trusted.
// Pure: no sockets, no timers.
import { LinkClosedError, SmscStatusError } from '../errors.js';
import { formatStatus, statusHint, statusInfo } from '../sms/status.js';
import type { RawPdu } from './codec.js';
import { PLAIN_WORDING, type Wording } from './wording.js';

/** The SMSC broke the protocol; the link is dropped (exit 4, like any lost link). */
export class ProtocolError extends LinkClosedError {}

export function protocolError(hostPort: string, what: string, wording: Wording = PLAIN_WORDING): ProtocolError {
  return new ProtocolError(`protocol violation by the SMSC ${hostPort}: ${what}`, wording.advice({ kind: 'protocol' }));
}

/** "submit_sm_resp seq=7 ESME_ROK" */
export function describe(pdu: RawPdu): string {
  return `${pdu.command} seq=${pdu.sequence_number} ${statusInfo(pdu.command_status).name}`;
}

export type BindAnswer = { kind: 'bound' } | { kind: 'refused' } | { kind: 'violation'; what: string };

/** Judges the response that carries our bind's sequence number. */
export function judgeBindAnswer(resp: RawPdu, sent: RawPdu): BindAnswer {
  const expected = `${sent.command}_resp`;
  if (resp.command === expected) return resp.command_status === 0 ? { kind: 'bound' } : { kind: 'refused' };
  if (resp.command === 'generic_nack' && resp.command_status !== 0) return { kind: 'refused' };
  const why = resp.command === 'generic_nack' ? 'a generic_nack without an error status' : `${resp.command} (expected ${expected})`;
  return { kind: 'violation', what: `answered ${sent.command} with ${why}` };
}

export type SubmitAnswer =
  | { kind: 'accepted'; messageId: string }
  | { kind: 'refused'; error: SmscStatusError }
  | { kind: 'violation'; what: string };

/** Judges the response that carries a submit_sm's sequence number. */
export function judgeSubmitAnswer(resp: RawPdu): SubmitAnswer {
  const status = resp.command_status;
  if (resp.command === 'submit_sm_resp' || (resp.command === 'generic_nack' && status !== 0)) {
    if (status === 0) return { kind: 'accepted', messageId: String(resp.message_id ?? '') };
    return { kind: 'refused', error: new SmscStatusError(formatStatus(status), status, statusHint(status)) };
  }
  const why = resp.command === 'generic_nack' ? 'a generic_nack without an error status' : `${resp.command} (expected submit_sm_resp)`;
  return { kind: 'violation', what: `answered submit_sm seq=${resp.sequence_number} with ${why}` };
}

/**
 * The outcome of the last `size` answered submits, by sequence number: a second answer that
 * contradicts the first (a generic_nack, then a submit_sm_resp that accepts) is a violation.
 * Bounded: the oldest entries are forgotten.
 */
export class AnsweredSubmits {
  private readonly outcomes = new Map<number, string>();

  constructor(private readonly size = 4096) {}

  remember(resp: RawPdu): void {
    this.outcomes.delete(resp.sequence_number);
    this.outcomes.set(resp.sequence_number, describe(resp));
    if (this.outcomes.size > this.size) this.outcomes.delete(this.outcomes.keys().next().value as number);
  }

  /** The violation a late answer makes, if it contradicts the first one; undefined otherwise. */
  contradiction(resp: RawPdu): string | undefined {
    const first = this.outcomes.get(resp.sequence_number);
    if (first === undefined) return undefined;
    const firstAccepted = first.startsWith('submit_sm_resp') && first.endsWith(' ESME_ROK');
    const nowAccepted = resp.command === 'submit_sm_resp' && resp.command_status === 0;
    if (firstAccepted === nowAccepted) return undefined;
    return `answered submit_sm seq=${resp.sequence_number} twice: ${first}, then ${describe(resp)}`;
  }
}
