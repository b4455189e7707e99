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
 * Bounded: the oldest entries are forgotten. Kept as command and status in a ring (one per
 * submit of a bulk run): a Map's oldest entry found by keys().next() cost ~3 us a submit at
 * 4,096 (V8 walks the deleted slots before it), and a description string per answer is
 * garbage until one is needed.
 */
export class AnsweredSubmits {
  private readonly slotOf = new Map<number, number>(); // sequence number -> ring slot
  private readonly seqs: Float64Array;
  private readonly commands: string[];
  private readonly statuses: Float64Array;
  private next = 0; // the ring slot to write next (the oldest entry once full)
  private filled = 0;

  constructor(private readonly size = 4096) {
    this.seqs = new Float64Array(size);
    this.commands = new Array<string>(size).fill('');
    this.statuses = new Float64Array(size);
  }

  remember(resp: RawPdu): void {
    const seq = resp.sequence_number;
    this.slotOf.delete(seq); // answered again: only the newest counts, as the newest entry
    const slot = this.next;
    if (this.filled === this.size) {
      const oldest = this.seqs[slot]!;
      if (this.slotOf.get(oldest) === slot) this.slotOf.delete(oldest);
    } else this.filled++;
    this.seqs[slot] = seq;
    this.commands[slot] = resp.command;
    this.statuses[slot] = resp.command_status;
    this.slotOf.set(seq, slot);
    this.next = slot + 1 === this.size ? 0 : slot + 1;
  }

  /** The violation a late answer makes, if it contradicts the first one; undefined otherwise. */
  contradiction(resp: RawPdu): string | undefined {
    const slot = this.slotOf.get(resp.sequence_number);
    if (slot === undefined) return undefined;
    const command = this.commands[slot]!;
    const status = this.statuses[slot]!;
    const firstAccepted = command === 'submit_sm_resp' && status === 0;
    const nowAccepted = resp.command === 'submit_sm_resp' && resp.command_status === 0;
    if (firstAccepted === nowAccepted) return undefined;
    const first = describe({ command, sequence_number: resp.sequence_number, command_status: status } as RawPdu);
    return `answered submit_sm seq=${resp.sequence_number} twice: ${first}, then ${describe(resp)}`;
  }
}
