// From one outgoing message to what goes on the wire: addresses parsed and the text planned.
// Shared by the run and by --dry-run so both say exactly the same thing.
import type { Settings } from '../config/settings.js';
import { renderInputProblem, TextError, UsageError } from '../errors.js';
import { parseAddress, type Address } from '../sms/address.js';
import { planMessage, type MessagePlan, type PlanOptions } from '../sms/plan.js';
import type { OutgoingMessage } from './source-item.js';

/** A message ready for submit_sm: its addresses and its parts. */
export interface AddressedPlan {
  dest: Address;
  source?: Address;
  plan: MessagePlan;
}

/** Plans each message with the run's settings; refuses a command-line text that no message can carry. */
export class MessagePlanner {
  readonly defaultSource?: Address;
  private readonly planOptions: Omit<PlanOptions, 'ref'>;

  constructor(private readonly s: Settings) {
    this.planOptions = {
      coding: s.coding, smscAlphabet: s.smscAlphabet, split: s.split, maxParts: s.maxParts,
      flash: s.flash, transliterate: s.transliterate,
      ...(s.udh ? { udh: Buffer.from(s.udh, 'hex') } : {}),
    };
    if (s.from) this.defaultSource = parseAddress(s.from, 'source', { ton: s.fromTon, npi: s.fromNpi });
    this.checkCommandLine();
  }

  /**
   * Typed on the command line, so wrong for every message: an empty or unsendable --text is a
   * usage error (exit 2) before anything connects, not a skipped row. (A malformed --to is
   * refused earlier, by config/check.ts.)
   */
  private checkCommandLine(): void {
    const text = this.s.text;
    if (text === undefined || text === '-' || this.s.batch !== undefined) return; // stdin or a template: per row
    if (text.trim() === '') throw new TextError('--text is blank; give the message text');
    planMessage({ text }, { ...this.planOptions, ref: 0 });
  }

  /** Throws a UsageError (AddressError, TextError) naming what is wrong. */
  plan(m: OutgoingMessage, ref: number): AddressedPlan {
    const dest = parseAddress(m.to, 'destination', { ton: this.s.toTon, npi: this.s.toNpi });
    const source = m.from ? parseAddress(m.from, 'source', { ton: this.s.fromTon, npi: this.s.fromNpi }) : this.defaultSource;
    const input = m.text !== undefined ? { text: m.text } : { hex: this.s.hex };
    // ref first: V8 (Node 20) copies { ...a, b } several times slower than { b, ...a }.
    const plan = planMessage(input, { ref, ...this.planOptions });
    return { dest, plan, ...(source ? { source } : {}) };
  }
}

/**
 * Why a message cannot be sent, in the words of where it came from: a value from a row of a
 * file is named by its column (`to "+44abc": ...`), not by the flag the message names.
 */
export function skipReason(err: Error, source: string): string {
  if (source !== 'flags' && err instanceof UsageError && err.problem) return renderInputProblem(err.problem, 'row');
  return err.message;
}
