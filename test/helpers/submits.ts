// Reading what the simulator received: its PDU log filtered to submit_sm, their destinations,
// and the part a submit carries (from its UDH). Assertions about "what went on the wire" use these.
import type { LoggedPdu, Sim } from '../../src/sim/index.js';

/** Every PDU command the simulator received, in order. */
export function commands(sim: Sim): string[] {
  return sim.received.map((p) => p.command);
}

/** Every submit_sm the simulator received, in order. */
export function submits(sim: Sim): LoggedPdu[] {
  return sim.received.filter((p) => p.command === 'submit_sm');
}

/** destination_addr of every submit_sm, in order. */
export function sentTo(sim: Sim): string[] {
  return submits(sim).map((p) => String(p.fields.destination_addr));
}

export interface SubmitSeen {
  dest: string;
  part: number; // 0-based
  total: number;
  ref?: number;
  session: number;
}

/** Destination, part and concatenation reference of a logged submit_sm. */
export function partOf(p: LoggedPdu): SubmitSeen {
  const f = p.fields;
  const seen: SubmitSeen = { dest: String(f.destination_addr), part: 0, total: 1, session: p.session };
  const sm = typeof f.short_message === 'string' ? Buffer.from(f.short_message, 'hex') : Buffer.alloc(0);
  const esm = typeof f.esm_class === 'number' ? f.esm_class : 0;
  if (esm & 0x40 && sm.length > 6) {
    // 05 00 03 REF TOTAL SEQ, or 06 08 04 REFHI REFLO TOTAL SEQ
    if (sm[1] === 0x00) Object.assign(seen, { ref: sm[3], total: sm[4], part: sm[5]! - 1 });
    else if (sm[1] === 0x08) Object.assign(seen, { ref: sm.readUInt16BE(3), total: sm[5], part: sm[6]! - 1 });
  }
  return seen;
}
