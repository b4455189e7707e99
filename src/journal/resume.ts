// What the journal says about every message, kept compact enough for a million of them: no
// records are held, only a few bytes per message and per part in typed arrays (about 60 bytes
// per single-part message, message ids included), indexed by the 64-bit key hash.
import { ACCEPTED_STATE, isFinalState, normaliseState } from '../sms/receipt.js';
import type { JournalRecord } from './journal.js';
import { U64Map } from './u64-map.js';

/** pending: never submitted. unconfirmed: submitted, no reply (or the run died while sending). */
export type PartState = 'pending' | 'accepted' | 'rejected' | 'unconfirmed';
/**
 * none: no receipt. enroute: only intermediate ones. delivered / failed: a final one. acceptd: a
 * final ACCEPTD (neither delivered nor failed); with --acceptd intermediate it reads as enroute.
 */
export type ReceiptOutcome = 'none' | 'enroute' | 'delivered' | 'failed' | 'acceptd';

/** A receipt outcome after which no other receipt is awaited. */
export function isFinalOutcome(r: ReceiptOutcome): boolean {
  return r === 'delivered' || r === 'failed' || r === 'acceptd';
}

/** What an ACCEPTD receipt means (Settings.acceptd): final by default, as SMPP 3.4 says. */
export type AcceptdMeaning = 'final' | 'intermediate';

export interface PartResume {
  state: PartState;
  crashed?: true; // unconfirmed because the last record is 'sending': the run died mid-submit
  id?: string; // accepted: the SMSC's message_id (the latest if it was resent)
  status?: number; // rejected: the command_status
  receipt: ReceiptOutcome;
  receiptState?: string; // e.g. DELIVRD, UNDELIV, ENROUTE
}

export interface MessageResume {
  key: string;
  ref?: number; // concatenation reference used so far (absent if the journal has no 'queued' line for it)
  parts: PartResume[]; // by part index, from 0
  done: boolean; // every part accepted or rejected: do not send again
}

export interface ResumeState {
  readonly runs: number; // 'run' records: 1 + the number of resumes
  readonly size: number; // messages known
  readonly lastRef: number | undefined; // ref of the last queued message
  /** undefined: never queued, so send it. */
  get(key: string): MessageResume | undefined;
  messages(): IterableIterator<MessageResume>;
  /** Accepted parts with no final receipt yet, to match receipts that arrive after a resume. */
  pendingReceipts(): IterableIterator<{ key: string; part: number; id: string }>;
}

// Per part, one byte: submit state in bits 0-2, receipt seen (bit 3), final (bit 4), delivered (bit 5),
// ACCEPTD before any other final receipt (bit 7). ACCEPTD alone does not set R_FINAL: whether it is
// final is decided when the state is read (this.acceptd), so a report can read it as the job's
// last run meant it, and a resume as the current run means it.
const S_PENDING = 0;
const S_SENDING = 1;
const S_ACCEPTED = 2;
const S_REJECTED = 3;
const S_UNCONFIRMED = 4;
const SUBMIT = 0b111;
const R_SEEN = 1 << 3;
const R_FINAL = 1 << 4;
const R_DELIVERED = 1 << 5;
/** An earlier copy may have reached the SMSC (no reply came): kept when a later copy is 'unsent'. */
const MAYBE_SENT = 1 << 6;
const R_ACCEPTD = 1 << 7;

const KEY = /^([0-9a-f]{8})([0-9a-f]{8})#1$/;
/** SMPP concatenation counts parts in one octet: a record beyond it is not ours (or crafted). */
const MAX_PARTS = 255;
const ID_CHUNK = 1 << 20;
const MAX_ID_BYTES = 255; // SMPP allows 65; anything longer is cut

export interface JournalStateOptions {
  latency?: boolean; // keep send times and delivery latencies (report)
  acceptd?: AcceptdMeaning | 'as-recorded'; // default final
}

export class JournalState implements ResumeState {
  runs = 0;
  ends = 0;
  lastRef: number | undefined;
  /** The job of the last run record that named one (job.ts). */
  job: Record<string, string> | undefined;

  private count = 0;
  private readonly index = new U64Map(4096); // key hash → message number (keys ending in #1)
  private readonly otherIndex = new Map<string, number>(); // any other key → message number
  private readonly otherKeys = new Map<number, string>();
  // Per message:
  private keyHi = new Uint32Array(1024);
  private keyLo = new Uint32Array(1024);
  private partCount = new Uint16Array(1024);
  private ref = new Int32Array(1024);
  private partBase = new Uint32Array(1024);
  // Per part (partBase[m] + i):
  private parts = 0;
  private flags = new Uint8Array(1024);
  private receiptName = new Uint8Array(1024); // index into receiptNames; 0 = none
  private readonly receiptNames: string[] = [''];
  private idStart = new Uint32Array(1024); // chunk number × ID_CHUNK + offset
  private idLength = new Uint8Array(1024); // 0 = no id
  // Message ids, packed in fixed chunks: growing one big buffer by doubling would waste half.
  private readonly idChunks: Buffer[] = [];
  private idsUsed = ID_CHUNK; // in the last chunk; full means a new one is needed
  private rejectStatus: Int32Array | undefined; // allocated at the first rejection
  // For `report` only (new JournalState({ latency: true })): when each part was first sent, and
  // the delivery latencies (ms) of parts with a final DELIVRD receipt.
  private sentAt: Float64Array | undefined;
  readonly latencies: number[] = [];
  /** How an ACCEPTD receipt is read by get(), messages() and pendingReceipts(). */
  acceptd: AcceptdMeaning;
  /** 'as-recorded' (report): as the last run record says (journal-open.ts writes it when not final). */
  private readonly acceptdFromRuns: boolean;

  constructor(opts: JournalStateOptions = {}) {
    if (opts.latency) this.sentAt = new Float64Array(this.flags.length);
    this.acceptdFromRuns = opts.acceptd === 'as-recorded';
    this.acceptd = opts.acceptd === 'intermediate' ? 'intermediate' : 'final';
  }

  get size(): number {
    return this.count;
  }

  apply(r: JournalRecord): void {
    switch (r.ev) {
      case 'run':
        this.runs++;
        if (typeof r.job === 'object' && r.job !== null && !Array.isArray(r.job)) this.job = r.job;
        if (this.acceptdFromRuns) this.acceptd = r.acceptd === 'intermediate' ? 'intermediate' : 'final';
        return;
      case 'end':
        this.ends++;
        return;
      case 'queued': {
        if (typeof r.key !== 'string' || !Number.isInteger(r.parts) || r.parts < 1 || r.parts > MAX_PARTS) return;
        const m = this.find(r.key) ?? this.add(r.key, r.parts);
        if (this.partCount[m] !== r.parts) this.allocParts(m, r.parts); // planned differently: start over
        const ref = Number.isInteger(r.ref) ? r.ref & 0xffff : 0; // -1 marks "never queued"
        if (this.ref[m] === -1) this.ref[m] = ref;
        this.lastRef = ref;
        return;
      }
      case 'sending':
      case 'accepted':
      case 'rejected':
      case 'unconfirmed':
      case 'unsent':
      case 'receipt':
        this.applyPart(r);
        return;
      default:
        return; // skipped rows and records from newer versions: nothing to resume
    }
  }

  get(key: string): MessageResume | undefined {
    const m = this.find(key);
    return m === undefined ? undefined : this.view(m, key);
  }

  *messages(): IterableIterator<MessageResume> {
    for (let m = 0; m < this.count; m++) yield this.view(m, this.keyOf(m));
  }

  *pendingReceipts(): IterableIterator<{ key: string; part: number; id: string }> {
    for (let m = 0; m < this.count; m++) {
      for (let i = 0; i < this.partCount[m]!; i++) {
        const p = this.partBase[m]! + i;
        if ((this.flags[p]! & SUBMIT) === S_ACCEPTED && !this.isFinal(this.flags[p]!) && this.idLength[p]) {
          yield { key: this.keyOf(m), part: i, id: this.idOf(p) };
        }
      }
    }
  }

  // ---- storage ----------------------------------------------------------------------------

  private applyPart(r: Extract<JournalRecord, { part: number }>): void {
    if (typeof r.key !== 'string' || !Number.isInteger(r.part) || r.part < 0 || r.part >= MAX_PARTS) return;
    const known = this.find(r.key);
    // A part its 'queued' line does not have: ignored, so a crafted index cannot allocate more.
    if (known !== undefined && this.ref[known] !== -1 && r.part >= this.partCount[known]!) return;
    // A part record without its 'queued' line (written by hand, or a damaged file): keep it.
    const m = known ?? this.add(r.key, r.part + 1);
    if (r.part >= this.partCount[m]!) this.allocParts(m, r.part + 1, true);
    const p = this.partBase[m]! + r.part;
    const f = this.flags[p]!;
    const submit = f & SUBMIT;
    if (this.sentAt) this.time(p, r, f);
    switch (r.ev) {
      case 'sending': {
        if (submit === S_ACCEPTED || submit === S_REJECTED) return;
        // A copy before this one with no reply, or no outcome at all, may have got through.
        const maybe = submit === S_SENDING || submit === S_UNCONFIRMED ? MAYBE_SENT : 0;
        this.flags[p] = (f & ~SUBMIT) | S_SENDING | maybe;
        return;
      }
      case 'accepted':
        this.flags[p] = (f & ~SUBMIT) | S_ACCEPTED;
        if (typeof r.id === 'string') this.setId(p, r.id);
        return;
      case 'rejected':
        if (submit === S_ACCEPTED) return; // an earlier copy got through
        this.flags[p] = (f & ~SUBMIT) | S_REJECTED;
        this.rejectStatus = grow(this.rejectStatus ?? new Int32Array(this.flags.length), this.flags.length);
        this.rejectStatus[p] = typeof r.status === 'number' ? r.status : -1;
        return;
      case 'unconfirmed':
        if (submit !== S_ACCEPTED && submit !== S_REJECTED) this.flags[p] = (f & ~SUBMIT) | S_UNCONFIRMED;
        return;
      case 'unsent':
        // That copy never got through: back to what the part was before its 'sending' line.
        if (submit === S_SENDING) this.flags[p] = (f & ~SUBMIT) | (f & MAYBE_SENT ? S_UNCONFIRMED : S_PENDING);
        return;
      case 'receipt': {
        if (f & R_FINAL) return; // a final receipt is the last word
        const state = typeof r.state === 'string' ? normaliseState(r.state) : 'UNKNOWN';
        if (state === ACCEPTED_STATE || (f & R_ACCEPTD && !isFinalState(state))) {
          // Final or not is read later (this.acceptd); after ACCEPTD an ENROUTE changes nothing.
          this.flags[p] = f | R_SEEN | R_ACCEPTD;
          if (!(f & R_ACCEPTD)) this.receiptName[p] = this.intern(ACCEPTED_STATE);
        } else {
          const final = isFinalState(state);
          this.flags[p] = (f & (SUBMIT | R_ACCEPTD)) | R_SEEN | (final ? R_FINAL : 0) | (final && state === 'DELIVRD' ? R_DELIVERED : 0);
          this.receiptName[p] = this.intern(state);
        }
        // A receipt for a part whose reply never came proves the SMSC took it.
        if (submit !== S_ACCEPTED && submit !== S_REJECTED) this.flags[p] = (this.flags[p]! & ~SUBMIT) | S_ACCEPTED;
        if (typeof r.id === 'string' && !this.idLength[p]) this.setId(p, r.id);
        return;
      }
    }
  }

  private time(p: number, r: Extract<JournalRecord, { part: number }>, f: number): void {
    const at = typeof r.t === 'string' ? Date.parse(r.t) : NaN;
    if (Number.isNaN(at)) return;
    if ((r.ev === 'sending' || r.ev === 'accepted') && this.sentAt![p] === 0) this.sentAt![p] = at;
    else if (r.ev === 'receipt' && !this.isFinal(f) && this.sentAt![p]! > 0 && normaliseState(String(r.state)) === 'DELIVRD') {
      this.latencies.push(Math.max(0, at - this.sentAt![p]!));
    }
  }

  private find(key: string): number | undefined {
    const k = KEY.exec(key);
    if (k) return this.index.get(parseInt(k[1]!, 16), parseInt(k[2]!, 16));
    return this.otherIndex.get(key);
  }

  private add(key: string, parts: number): number {
    const m = this.count++;
    if (m >= this.keyHi.length) {
      const n = this.keyHi.length * 2;
      this.keyHi = grow(this.keyHi, n);
      this.keyLo = grow(this.keyLo, n);
      this.partCount = grow(this.partCount, n);
      this.ref = grow(this.ref, n);
      this.partBase = grow(this.partBase, n);
    }
    const k = KEY.exec(key);
    if (k) {
      this.keyHi[m] = parseInt(k[1]!, 16);
      this.keyLo[m] = parseInt(k[2]!, 16);
      this.index.set(this.keyHi[m]!, this.keyLo[m]!, m);
    } else {
      this.otherIndex.set(key, m);
      this.otherKeys.set(m, key);
    }
    this.ref[m] = -1;
    this.allocParts(m, parts);
    return m;
  }

  /** Gives message m `parts` fresh parts at the end of the part arrays (keeping old states if asked). */
  private allocParts(m: number, parts: number, keep = false): void {
    const base = this.parts;
    this.parts += parts;
    if (this.parts > this.flags.length) {
      let n = this.flags.length;
      while (n < this.parts) n *= 2;
      this.flags = grow(this.flags, n);
      this.receiptName = grow(this.receiptName, n);
      this.idStart = grow(this.idStart, n);
      this.idLength = grow(this.idLength, n);
      if (this.rejectStatus) this.rejectStatus = grow(this.rejectStatus, n);
      if (this.sentAt) this.sentAt = grow(this.sentAt, n);
    }
    if (keep) {
      const old = this.partBase[m]!;
      for (let i = 0; i < this.partCount[m]!; i++) {
        this.flags[base + i] = this.flags[old + i]!;
        this.receiptName[base + i] = this.receiptName[old + i]!;
        this.idStart[base + i] = this.idStart[old + i]!;
        this.idLength[base + i] = this.idLength[old + i]!;
        if (this.rejectStatus) this.rejectStatus[base + i] = this.rejectStatus[old + i]!;
        if (this.sentAt) this.sentAt[base + i] = this.sentAt[old + i]!;
      }
    }
    this.partBase[m] = base;
    this.partCount[m] = parts;
  }

  private setId(p: number, id: string): void {
    const length = Math.min(Buffer.byteLength(id), MAX_ID_BYTES);
    if (length === 0) return;
    if (this.idsUsed + length > ID_CHUNK) {
      this.idChunks.push(Buffer.allocUnsafe(ID_CHUNK));
      this.idsUsed = 0;
    }
    const chunk = this.idChunks.length - 1;
    this.idChunks[chunk]!.write(id, this.idsUsed, length, 'utf8');
    this.idStart[p] = chunk * ID_CHUNK + this.idsUsed;
    this.idLength[p] = length;
    this.idsUsed += length;
  }

  private idOf(p: number): string {
    const start = this.idStart[p]!;
    const offset = start % ID_CHUNK;
    return this.idChunks[(start - offset) / ID_CHUNK]!.toString('utf8', offset, offset + this.idLength[p]!);
  }

  private intern(state: string): number {
    let i = this.receiptNames.indexOf(state);
    if (i === -1) {
      if (this.receiptNames.length > 255) return this.intern('UNKNOWN');
      i = this.receiptNames.push(state) - 1;
    }
    return i;
  }

  /** ACCEPTD first and read as final: later receipts were not its word (the live run ignores them too). */
  private acceptdFinal(f: number): boolean {
    return (f & R_ACCEPTD) !== 0 && this.acceptd === 'final';
  }

  private isFinal(f: number): boolean {
    return (f & R_FINAL) !== 0 || this.acceptdFinal(f);
  }

  private outcome(f: number): ReceiptOutcome {
    if (!(f & R_SEEN)) return 'none';
    if (this.acceptdFinal(f)) return 'acceptd';
    if (!(f & R_FINAL)) return 'enroute';
    return f & R_DELIVERED ? 'delivered' : 'failed';
  }

  private keyOf(m: number): string {
    return this.otherKeys.get(m) ?? `${hex8(this.keyHi[m]!)}${hex8(this.keyLo[m]!)}#1`;
  }

  private view(m: number, key: string): MessageResume {
    const parts: PartResume[] = [];
    let done = true;
    for (let i = 0; i < this.partCount[m]!; i++) {
      const p = this.partBase[m]! + i;
      const f = this.flags[p]!;
      const submit = f & SUBMIT;
      const part: PartResume = {
        state: submit === S_ACCEPTED ? 'accepted'
          : submit === S_REJECTED ? 'rejected'
          : submit === S_PENDING ? 'pending'
          : 'unconfirmed', // S_SENDING, S_UNCONFIRMED
        receipt: this.outcome(f),
      };
      if (submit === S_SENDING) part.crashed = true;
      if (this.idLength[p]) part.id = this.idOf(p);
      if (submit === S_REJECTED && this.rejectStatus) part.status = this.rejectStatus[p]!;
      if (f & R_SEEN) part.receiptState = part.receipt === 'acceptd' ? ACCEPTED_STATE : this.receiptNames[this.receiptName[p]!]!;
      if (submit !== S_ACCEPTED && submit !== S_REJECTED) done = false;
      parts.push(part);
    }
    const ref = this.ref[m]!;
    return ref === -1 ? { key, parts, done } : { key, ref, parts, done };
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(a: T, length: number): T {
  if (length <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
