// The fault-injection suite's bookkeeping: what the SMSC accepted (from the simulator's own PDU
// log), and the one invariant every fault test checks: each input message is accepted exactly
// once, or reported as a possible duplicate, unconfirmed, rejected or unsent; in the summary
// counts, in the events and in the journal. Nothing may be lost or duplicated silently.
import { expect } from 'vitest';
import type { LoggedPdu } from '../../src/sim/index.js';
import type { MessageRecord, RunEvent, RunSummary } from '../../src/send/events.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { journalRecords } from './journal-records.js';
import { dest } from './recipients.js';
import { partOf, type SubmitSeen } from './submits.js';

/**
 * What the SMSC did with each submit_sm, read from the simulator's onPdu stream: a submit counts
 * as accepted when the simulator sent a submit_sm_resp with ESME_ROK for it (whether or not the
 * client then got to read it).
 */
export class Ledger {
  private readonly open = new Map<string, SubmitSeen>(); // session:seq -> submit awaiting its reply
  private readonly acceptedIds = new Map<string, string[]>(); // dest#part -> ids issued
  private readonly submitCount = new Map<string, number>(); // dest#part -> submit_sm received
  readonly refs = new Map<string, Set<number>>(); // dest -> concatenation refs seen

  readonly onPdu = (p: LoggedPdu): void => {
    if (p.dir === 'in' && p.command === 'submit_sm') {
      const seen = partOf(p);
      this.open.set(`${p.session}:${p.seq}`, seen);
      const k = `${seen.dest}#${seen.part}`;
      this.submitCount.set(k, (this.submitCount.get(k) ?? 0) + 1);
      if (seen.ref !== undefined) {
        if (!this.refs.has(seen.dest)) this.refs.set(seen.dest, new Set());
        this.refs.get(seen.dest)!.add(seen.ref);
      }
    } else if (p.dir === 'out' && p.command === 'submit_sm_resp') {
      const seen = this.open.get(`${p.session}:${p.seq}`);
      if (!seen) return;
      this.open.delete(`${p.session}:${p.seq}`);
      if (p.status !== 0) return;
      const k = `${seen.dest}#${seen.part}`;
      if (!this.acceptedIds.has(k)) this.acceptedIds.set(k, []);
      this.acceptedIds.get(k)!.push(String(p.fields.message_id));
    }
  };

  /** Ids the SMSC issued for part `part` of the message to `to` (one per accepted copy). */
  ids(to: string, part = 0): string[] {
    return this.acceptedIds.get(`${dest(to)}#${part}`) ?? [];
  }

  accepted(to: string, part = 0): number {
    return this.ids(to, part).length;
  }

  submits(to: string, part = 0): number {
    return this.submitCount.get(`${dest(to)}#${part}`) ?? 0;
  }

  /** Accepted copies over every message and part. */
  get totalAccepted(): number {
    let n = 0;
    for (const ids of this.acceptedIds.values()) n += ids.length;
    return n;
  }
}

/** The last word on each message in a run's events (accepted, rejected, unconfirmed, unsent, resumed). */
export type FinalState = 'accepted' | 'rejected' | 'unconfirmed' | 'unsent' | 'resumed';

export interface Accounted {
  final: Map<string, { state: FinalState; message: MessageRecord }>; // by recipient as given
  byState: Record<FinalState, string[]>;
}

/**
 * Checks one finished run against what the SMSC saw and returns each recipient's final state:
 * - every recipient has exactly one final event, and the summary counts add up to the input;
 * - an accepted message has every part accepted at the SMSC under the id the client reports;
 *   a part the SMSC accepted twice belongs to a message flagged possibleDuplicate, and the
 *   possibleDuplicates count is the number of such messages;
 * - a part reported unsent or rejected was never accepted (unless flagged possibleDuplicate);
 * - with a journal: it reads back, ends with an 'end' record holding the counts, and says the
 *   same about every message (accepted with the same ids, unconfirmed, rejected, or not done).
 */
export async function expectAccountedFor(opts: {
  to: string[];
  summary: RunSummary;
  events: RunEvent[];
  ledger: Ledger;
  journal?: string;
}): Promise<Accounted> {
  const { to, summary, events, ledger } = opts;
  const c = summary.counts;
  const final: Accounted['final'] = new Map();
  const byState: Accounted['byState'] = { accepted: [], rejected: [], unconfirmed: [], unsent: [], resumed: [] };
  for (const e of events) {
    if (!['accepted', 'rejected', 'unconfirmed', 'unsent', 'resumed'].includes(e.type)) continue;
    const message = (e as { message: MessageRecord }).message;
    expect(final.has(message.to), `${message.to} has a second final event (${e.type})`).toBe(false);
    final.set(message.to, { state: e.type as FinalState, message });
    byState[e.type as FinalState].push(message.to);
  }
  expect([...final.keys()].sort(), 'one final event per input message').toEqual([...to].sort());
  expect(c.messages + c.resumed, 'summary: messages + resumed').toBe(to.length);
  expect(c.accepted + c.rejected + c.unconfirmed + c.unsent, 'summary: accepted + rejected + unconfirmed + unsent').toBe(c.messages);
  expect(
    [c.accepted, c.rejected, c.unconfirmed, c.unsent, c.resumed],
    'summary counts agree with the events',
  ).toEqual([byState.accepted.length, byState.rejected.length, byState.unconfirmed.length, byState.unsent.length, byState.resumed.length]);

  let flagged = 0;
  for (const [recipient, { state, message }] of final) {
    const dup = message.parts.some((p) => ledger.accepted(recipient, p.index) > 1);
    if (dup) expect(message.possibleDuplicate, `${recipient} was accepted twice by the SMSC: must be flagged possibleDuplicate`).toBe(true);
    if (state === 'accepted' && message.possibleDuplicate) flagged++;
    for (const p of message.parts) {
      const n = ledger.accepted(recipient, p.index);
      const where = `${recipient} part ${p.index + 1} (${p.status})`;
      expect(p.status, `${where}: no part may be left queued`).not.toBe('queued');
      if (p.status === 'accepted') {
        expect(n, `${where}: accepted by the SMSC`).toBeGreaterThanOrEqual(1);
        expect(ledger.ids(recipient, p.index), `${where}: id the SMSC issued`).toContain(p.messageId);
      } else if ((p.status === 'unsent' || p.status === 'rejected') && !message.possibleDuplicate) {
        expect(n, `${where}: never accepted by the SMSC`).toBe(0);
      }
    }
    if (state === 'accepted') expect(message.parts.every((p) => p.status === 'accepted'), `${recipient}: all parts accepted`).toBe(true);
  }
  expect(c.possibleDuplicates, 'possibleDuplicates = accepted messages flagged').toBe(flagged);

  if (opts.journal) await expectJournalAgrees(opts.journal, final, summary);
  return { final, byState };
}

async function expectJournalAgrees(path: string, final: Accounted['final'], summary: RunSummary): Promise<void> {
  const records = await journalRecords(path);
  const end = records.at(-1);
  expect(end?.ev, 'the journal ends with an end record').toBe('end');
  expect((end as { summary: Record<string, unknown> }).summary).toMatchObject({ ...summary.counts, exitCode: summary.exitCode });
  const state = await loadResumeState(path);
  for (const [recipient, { state: outcome, message }] of final) {
    const m = state.get(message.key);
    expect(m, `${recipient}: in the journal`).toBeDefined();
    expect(m!.parts, `${recipient}: journal part count`).toHaveLength(message.parts.length);
    for (const p of message.parts) {
      const j = m!.parts[p.index]!;
      const where = `${recipient} part ${p.index + 1} (run: ${p.status}, journal: ${j.state})`;
      if (p.status === 'accepted') expect([j.state, j.id], where).toEqual(['accepted', p.messageId]);
      else if (p.status === 'rejected') expect(j.state, where).toBe('rejected');
      else if (p.status === 'unconfirmed') expect(j.state, where).toBe('unconfirmed');
      // unsent: never 'accepted'/'rejected', so a rerun sends it ('pending', or 'unconfirmed'
      // when its 'sending' line was written before the link went).
      else expect(['pending', 'unconfirmed'], where).toContain(j.state);
    }
    expect(m!.done, `${recipient}: journal done flag`).toBe(outcome === 'accepted' || outcome === 'rejected' || outcome === 'resumed');
  }
}
