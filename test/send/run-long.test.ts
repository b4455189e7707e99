// Long messages over several binds: every part of one message goes on the same bind, in order,
// with one concatenation reference, so the handset (here the sim's reassembly) gets the text back.
import { describe, expect, it } from 'vitest';
import { runSend } from '../../src/send/run.js';
import type { LoggedPdu } from '../../src/sim/index.js';
import type { SplitMode } from '../../src/sms/plan.js';
import { collectingDeps, makeSettings } from '../helpers/settings.js';
import { startTestSim } from '../helpers/sim.js';

interface Concat {
  ref: number;
  total: number;
  seq: number;
}

/** The concatenation info of a logged submit_sm: 8/16-bit reference UDH or SAR TLVs. */
function concatOf(p: LoggedPdu, split: SplitMode): Concat {
  const f = p.fields;
  if (split === 'sar') {
    return { ref: f.sar_msg_ref_num as number, total: f.sar_total_segments as number, seq: f.sar_segment_seqnum as number };
  }
  const sm = Buffer.from(f.short_message as string, 'hex');
  expect(f.esm_class).toBe(0x40);
  if (split === 'udh8') {
    expect(sm.subarray(0, 3).toString('hex')).toBe('050003');
    return { ref: sm[3]!, total: sm[4]!, seq: sm[5]! };
  }
  expect(sm.subarray(0, 3).toString('hex')).toBe('060804');
  return { ref: sm.readUInt16BE(3), total: sm[5]!, seq: sm[6]! };
}

const MESSAGES = 8;
const to = Array.from({ length: MESSAGES }, (_, i) => `+44770090${String(i).padStart(4, '0')}`);
const TEXT = 'The quick brown fox jumps over the lazy dog. '.repeat(9).trim(); // 404 septets: 3 parts

describe('long messages', () => {
  it.each(['udh8', 'udh16', 'sar'] as const)('sends the parts of each message in order on one bind (%s)', async (split) => {
    const sim = await startTestSim({ responseDelayMs: 5 });
    const summary = await runSend(makeSettings({ sim, binds: 2, window: 4, split, text: TEXT, to }), collectingDeps());
    expect(summary.counts).toMatchObject({ messages: MESSAGES, accepted: MESSAGES, parts: 3 * MESSAGES });
    expect(sim.stats.binds).toBe(2);

    const submits = sim.received.filter((p) => p.command === 'submit_sm');
    const sessionsUsed = new Set<number>();
    const refs = new Set<number>();
    for (const number of to) {
      const parts = submits.filter((p) => `+${p.fields.destination_addr as string}` === number);
      const concat = parts.map((p) => concatOf(p, split));
      expect(concat.map((c) => [c.seq, c.total])).toEqual([[1, 3], [2, 3], [3, 3]]); // arrival order
      expect(new Set(concat.map((c) => c.ref)).size).toBe(1);
      expect(new Set(parts.map((p) => p.session)).size).toBe(1);
      sessionsUsed.add(parts[0]!.session);
      refs.add(concat[0]!.ref);
    }
    expect(sessionsUsed.size).toBe(2); // both binds carried messages
    expect(refs.size).toBe(MESSAGES); // a fresh reference per message
    expect(sim.messages.map((m) => m.text)).toEqual(Array(MESSAGES).fill(TEXT));
  });
});
