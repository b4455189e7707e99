// The fault-injection suite's bookkeeping: what the SMSC accepted (from the simulator's own PDU
// log), and the one invariant every fault test checks: each input message is accepted exactly
// once, or reported as a possible duplicate, unconfirmed, rejected or unsent; in the summary
// counts, in the events and in the journal. Nothing may be lost or duplicated silently.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { startSim, type LoggedPdu, type Sim, type SimOptions } from '../../src/sim/index.js';
import type { MessageRecord, RunEvent, RunSummary } from '../../src/send/events.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { readJournal } from '../../src/journal/reader.js';
import type { JournalRecord } from '../../src/journal/records.js';

/** n distinct recipients (+4477009NNNNN), so every message is told apart by its destination. */
export function recipients(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => `+4477009${String(from + i).padStart(5, '0')}`);
}

/** destination_addr as it goes on the wire: the + dropped. */
export const dest = (to: string): string => to.replace(/^\+/, '');

/** A text of `parts` GSM parts (153 septets each when split). */
export function longText(parts: number): string {
  return parts === 1 ? 'hello' : 'x'.repeat(153 * (parts - 1) + 10);
}

export interface SubmitSeen {
  dest: string;
  part: number; // 0-based
  total: number;
  ref?: number;
  session: number;
}

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

export async function journalRecords(path: string): Promise<JournalRecord[]> {
  const out: JournalRecord[] = [];
  for await (const r of readJournal(path)) out.push(r);
  return out;
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix = 'smpp-faults-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FaultTest {
  /** Starts a simulator that is closed after the test. */
  sim(opts?: SimOptions): Promise<Sim>;
  /** A temporary folder, removed after the test. */
  tempDir(): string;
  /** A journal path in a fresh temporary folder. */
  journal(): string;
}

/** Registers an afterEach that closes the test's simulators and removes its folders. */
export function useFaultTest(start: (opts: SimOptions) => Promise<Sim> = startSim): FaultTest {
  const sims: Sim[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const c of cleanups.splice(0)) c();
  });
  const dir = () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
  return {
    sim: async (opts = {}) => {
      const s = await start(opts);
      sims.push(s);
      return s;
    },
    tempDir: dir,
    journal: () => join(dir(), 'j.jsonl'),
  };
}

/** A CSV batch (to,text) with one row per recipient. */
export function writeBatch(path: string, rows: { to: string; text: string }[]): void {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  writeFileSync(path, ['to,text', ...rows.map((r) => `${quote(r.to)},${quote(r.text)}`)].join('\n') + '\n');
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so a failing seed can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves once `cond` holds (polled); rejects with `what` after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What a journal says about one part over every run: copies sent, and how many got no answer. */
export interface PartHistory {
  to: string;
  sendings: number; // 'sending' records: copies handed to the SMSC (or about to be)
  accepted: number; // 'accepted' records
  unanswered: number; // copies with no outcome: 'unconfirmed', or a 'sending' left open by a crash or resend
}

/** Per `key#part`, from the records of every run in order. Recipients come from 'queued' records. */
export function partHistories(records: JournalRecord[]): Map<string, PartHistory> {
  const to = new Map<string, string>();
  const out = new Map<string, PartHistory>();
  const open = new Set<string>();
  const get = (id: string, key: string) => {
    let h = out.get(id);
    if (!h) out.set(id, (h = { to: to.get(key) ?? '?', sendings: 0, accepted: 0, unanswered: 0 }));
    return h;
  };
  const closeAll = () => {
    for (const id of open) out.get(id)!.unanswered++;
    open.clear();
  };
  for (const r of records) {
    if (r.ev === 'run') closeAll();
    else if (r.ev === 'queued') to.set(r.key, r.to);
    else if (r.ev === 'sending' || r.ev === 'accepted' || r.ev === 'rejected' || r.ev === 'unconfirmed') {
      const id = `${r.key}#${r.part}`;
      const h = get(id, r.key);
      if (r.ev === 'sending') {
        if (open.has(id)) h.unanswered++; // resent: the earlier copy never got an answer
        open.add(id);
        h.sendings++;
        continue;
      }
      open.delete(id);
      if (r.ev === 'accepted') h.accepted++;
      if (r.ev === 'unconfirmed') h.unanswered++;
    }
  }
  closeAll();
  return out;
}
