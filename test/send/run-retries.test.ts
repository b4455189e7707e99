// Temporary statuses (throttled, queue full, system error, application error) are retried on
// the same message until it is accepted or --retries runs out; permanent ones are not retried.
// The simulator refuses by destination, so each message's attempts are counted on the wire.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { MAX_THROTTLE_RETRIES } from '../../src/send/retry-policy.js';
import { runSend } from '../../src/send/run.js';
import type { Sim, SubmitAction } from '../../src/sim/index.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { startTestSim } from '../helpers/sim.js';
import { testDir } from '../helpers/temp-dir.js';

const VICTIM = '447700900001';
const BYSTANDER = '447700900002';

/** The first `times` submits to VICTIM get `status`; everything else is accepted. */
async function refusing(status: number, times: number): Promise<Sim> {
  let refused = 0;
  return startTestSim({
    onSubmit: (pdu): SubmitAction | void => {
      if (pdu.fields.destination_addr === VICTIM && refused < times) {
        refused++;
        return { status };
      }
    },
  });
}

function submitsTo(s: Sim, to: string): number {
  return s.received.filter((p) => p.command === 'submit_sm' && p.fields.destination_addr === to).length;
}

const TEMPORARY = [
  ['ESME_RTHROTTLED', 0x58],
  ['ESME_RMSGQFUL', 0x14],
  ['ESME_RSYSERR', 0x08],
  ['ESME_RX_T_APPN', 0x64],
] as const;

/**
 * A --tps well above what these runs send: throttling statuses halve the rate, and without a
 * limit the new one would be derived from the two or three submits seen so far (about 1/s).
 */
const TPS = 1000;

describe('retries', () => {
  it.each(TEMPORARY)('retries %s until the message is accepted', async (name, status) => {
    const sim = await refusing(status, 2);
    const deps = collectingDeps();
    const summary = await runSend(makeSettings({ sim, tps: TPS, retries: 3, to: [`+${VICTIM}`, `+${BYSTANDER}`] }), deps);
    expect(summary.counts).toMatchObject({ messages: 2, accepted: 2, rejected: 0, retries: 2, parts: 2 });
    expect(summary.exitCode).toBe(EXIT.ok);
    expect(submitsTo(sim, VICTIM)).toBe(3);
    expect(submitsTo(sim, BYSTANDER)).toBe(1);
    // Accepted exactly once: one message at the SMSC, one id.
    expect(sim.messages.filter((m) => m.to === VICTIM)).toHaveLength(1);
    const retrying = eventsOf(deps.events, 'retrying');
    expect(retrying.map((e) => [e.message.to, e.reason])).toEqual([[`+${VICTIM}`, name], [`+${VICTIM}`, name]]);
    const accepted = eventsOf(deps.events, 'accepted').find((e) => e.message.to === `+${VICTIM}`);
    expect(accepted?.message.parts[0]).toMatchObject({ status: 'accepted', attempts: 3 });
  });

  it.each(TEMPORARY.slice(2))('rejects with %s once --retries is used up', async (name, status) => {
    const sim = await refusing(status, Infinity);
    const deps = collectingDeps();
    const summary = await runSend(makeSettings({ sim, tps: TPS, retries: 2, to: [`+${VICTIM}`, `+${BYSTANDER}`] }), deps);
    expect(summary.counts).toMatchObject({ messages: 2, accepted: 1, rejected: 1, retries: 2 });
    expect(summary.byStatus).toEqual({ [name]: 1 });
    expect(summary.exitCode).toBe(EXIT.rejected);
    expect(submitsTo(sim, VICTIM)).toBe(3); // the first try and two retries
    const [rejected] = eventsOf(deps.events, 'rejected');
    expect(rejected?.reason).toContain(name);
    expect(rejected?.part).toMatchObject({ status: 'rejected', commandStatus: status, statusName: name, attempts: 3 });
  });

  // Throttles have their own budget (issue 9.7): --retries 2 does not stop them.
  it.each(TEMPORARY.slice(0, 2))('rejects with %s only once its own throttle budget is used up, not --retries', async (name, status) => {
    const sim = await refusing(status, Infinity);
    const deps = collectingDeps();
    const summary = await runSend(makeSettings({ sim, tps: TPS, retries: 2, to: [`+${VICTIM}`, `+${BYSTANDER}`] }), deps);
    expect(summary.counts).toMatchObject({ messages: 2, accepted: 1, rejected: 1, retries: MAX_THROTTLE_RETRIES });
    expect(summary.byStatus).toEqual({ [name]: 1 });
    expect(submitsTo(sim, VICTIM)).toBe(MAX_THROTTLE_RETRIES + 1);
    const [rejected] = eventsOf(deps.events, 'rejected');
    expect(rejected?.part).toMatchObject({ status: 'rejected', commandStatus: status, statusName: name, attempts: MAX_THROTTLE_RETRIES + 1 });
  }, 30_000);

  it.each([
    ['ESME_RINVDSTADR', 0x0b],
    ['ESME_RSUBMITFAIL', 0x45],
    ['ESME_RINVSRCADR', 0x0a],
    ['ESME_RINVMSGLEN', 0x01],
    ['ESME_RUNKNOWNERR', 0xff],
  ] as const)('does not retry the permanent %s', async (name, status) => {
    const sim = await refusing(status, Infinity);
    const deps = collectingDeps();
    const summary = await runSend(makeSettings({ sim, tps: TPS, retries: 3, to: [`+${VICTIM}`, `+${BYSTANDER}`] }), deps);
    expect(summary.counts).toMatchObject({ messages: 2, accepted: 1, rejected: 1, retries: 0 });
    expect(summary.byStatus).toEqual({ [name]: 1 });
    expect(summary.exitCode).toBe(EXIT.rejected);
    expect(submitsTo(sim, VICTIM)).toBe(1);
    expect(eventsOf(deps.events, 'retrying')).toEqual([]);
    expect(eventsOf(deps.events, 'rejected')[0]?.reason).toContain(name);
  });
});

describe('journal of a retried part', () => {
  it("marks each refused copy 'unsent', so a resume would resend it without calling it a possible duplicate", async () => {
    const { join } = await import('node:path');
    const { readJournal } = await import('../../src/journal/reader.js');
    const { loadResumeState } = await import('../../src/journal/load-state.js');
    const sim = await refusing(0x58, 2);
    const journal = join(testDir(), 'j.jsonl');
    const summary = await runSend(makeSettings({ sim, tps: TPS, retries: 3, to: [`+${VICTIM}`], journal }), collectingDeps());
    expect(summary.counts).toMatchObject({ accepted: 1, retries: 2 });
    const part: string[] = [];
    for await (const r of readJournal(journal)) if ('part' in r && r.ev !== 'receipt') part.push(r.ev);
    expect(part).toEqual(['sending', 'unsent', 'sending', 'unsent', 'sending', 'accepted']);
    // Had the run died after a refusal, the part would be pending, not a crashed possible duplicate.
    const { writeFileSync, readFileSync } = await import('node:fs');
    const cut = readFileSync(journal, 'utf8').split('\n').filter((l) => !l.includes('"accepted"') && !l.includes('"end"'));
    cut.splice(cut.findLastIndex((l) => l.includes('"sending"')), 1);
    writeFileSync(journal, cut.join('\n'));
    const resume = await loadResumeState(journal);
    expect([...resume.messages()][0]!.parts[0]).toEqual({ state: 'pending', receipt: 'none' });
  });
});
