// What the journal says about every message, kept compact enough for a million of them: no
// records are held, only a few bytes per message and per part in typed arrays (about 60 bytes
// per single-part message, message ids included), indexed by the 64-bit key hash.
import { ACCEPTED_STATE, normaliseState } from '../sms/receipt.js';
import { grow } from './grow.js';
import { MessageKeys } from './message-keys.js';
import { afterReceipt, afterSubmitRecord, partStateOf, R_ACCEPTD, R_DELIVERED, R_FINAL, R_SEEN, S_ACCEPTED, S_REJECTED, S_SENDING, SUBMIT } from './part-flags.js';
import { PartIds } from './part-ids.js';
import type { JournalRecord, PartRecord, ReceiptRecord } from './records.js';
import type { AcceptdMeaning, MessageResume, PartResume, ReceiptProgress, ResumeState } from './resume-state.js';

/** SMPP concatenation counts parts in one octet: a record beyond it is not ours (or crafted). */
const MAX_PARTS = 255;

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
  private readonly keys = new MessageKeys();
  // Per message:
  private partCount = new Uint16Array(1024);
  private ref = new Int32Array(1024);
  private partBase = new Uint32Array(1024);
  // Per part (partBase[m] + i):
  private parts = 0;
  private flags = new Uint8Array(1024); // part-flags.ts
  private receiptName = new Uint8Array(1024); // index into receiptNames; 0 = none
  private readonly receiptNames: string[] = [''];
  private readonly ids = new PartIds();
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
        const m = this.keys.find(r.key) ?? this.add(r.key, r.parts);
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
    if (this.count === 0) return undefined; // a new journal: asked twice per message sent
    const m = this.keys.find(key);
    return m === undefined ? undefined : this.view(m, key);
  }

  *messages(): IterableIterator<MessageResume> {
    for (let m = 0; m < this.count; m++) yield this.view(m, this.keys.keyOf(m));
  }

  *pendingReceipts(): IterableIterator<{ key: string; part: number; id: string }> {
    for (let m = 0; m < this.count; m++) {
      for (let i = 0; i < this.partCount[m]!; i++) {
        const p = this.partBase[m]! + i;
        if ((this.flags[p]! & SUBMIT) === S_ACCEPTED && !this.isFinal(this.flags[p]!) && this.ids.has(p)) {
          yield { key: this.keys.keyOf(m), part: i, id: this.ids.get(p) };
        }
      }
    }
  }

  // ---- records about one part ---------------------------------------------------------------

  private applyPart(r: PartRecord): void {
    const p = this.partOf(r);
    if (p === undefined) return;
    const f = this.flags[p]!;
    if (this.sentAt) this.time(p, r, f);
    if (r.ev === 'receipt') return this.applyReceipt(p, f, r);
    const next = afterSubmitRecord(f, r.ev);
    this.flags[p] = next;
    if (r.ev === 'accepted' && typeof r.id === 'string') this.ids.set(p, r.id);
    if (r.ev === 'rejected' && (next & SUBMIT) === S_REJECTED) {
      this.rejectStatus = grow(this.rejectStatus ?? new Int32Array(this.flags.length), this.flags.length);
      this.rejectStatus[p] = typeof r.status === 'number' ? r.status : -1;
    }
  }

  /** The part slot a record is about, made if needed; undefined for a record that cannot be ours. */
  private partOf(r: PartRecord): number | undefined {
    if (typeof r.key !== 'string' || !Number.isInteger(r.part) || r.part < 0 || r.part >= MAX_PARTS) return undefined;
    const known = this.keys.find(r.key);
    // A part its 'queued' line does not have: ignored, so a crafted index cannot allocate more.
    if (known !== undefined && this.ref[known] !== -1 && r.part >= this.partCount[known]!) return undefined;
    // A part record without its 'queued' line (written by hand, or a damaged file): keep it.
    const m = known ?? this.add(r.key, r.part + 1);
    if (r.part >= this.partCount[m]!) this.allocParts(m, r.part + 1, true);
    return this.partBase[m]! + r.part;
  }

  private applyReceipt(p: number, f: number, r: ReceiptRecord): void {
    const next = afterReceipt(f, typeof r.state === 'string' ? normaliseState(r.state) : 'UNKNOWN');
    if (!next) return;
    this.flags[p] = next.flags;
    if (next.name !== undefined) this.receiptName[p] = this.intern(next.name);
    if (typeof r.id === 'string' && !this.ids.has(p)) this.ids.set(p, r.id);
  }

  private time(p: number, r: PartRecord, f: number): void {
    const at = typeof r.t === 'string' ? Date.parse(r.t) : NaN;
    if (Number.isNaN(at)) return;
    if ((r.ev === 'sending' || r.ev === 'accepted') && this.sentAt![p] === 0) this.sentAt![p] = at;
    else if (r.ev === 'receipt' && !this.isFinal(f) && this.sentAt![p]! > 0 && normaliseState(String(r.state)) === 'DELIVRD') {
      this.latencies.push(Math.max(0, at - this.sentAt![p]!));
    }
  }

  // ---- storage ----------------------------------------------------------------------------

  private add(key: string, parts: number): number {
    const m = this.count++;
    if (m >= this.ref.length) {
      const n = this.ref.length * 2;
      this.partCount = grow(this.partCount, n);
      this.ref = grow(this.ref, n);
      this.partBase = grow(this.partBase, n);
    }
    this.keys.add(key, m);
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
      this.ids.resize(n);
      if (this.rejectStatus) this.rejectStatus = grow(this.rejectStatus, n);
      if (this.sentAt) this.sentAt = grow(this.sentAt, n);
    }
    if (keep) {
      const old = this.partBase[m]!;
      for (let i = 0; i < this.partCount[m]!; i++) {
        this.flags[base + i] = this.flags[old + i]!;
        this.receiptName[base + i] = this.receiptName[old + i]!;
        this.ids.copy(old + i, base + i);
        if (this.rejectStatus) this.rejectStatus[base + i] = this.rejectStatus[old + i]!;
        if (this.sentAt) this.sentAt[base + i] = this.sentAt[old + i]!;
      }
    }
    this.partBase[m] = base;
    this.partCount[m] = parts;
  }

  private intern(state: string): number {
    let i = this.receiptNames.indexOf(state);
    if (i === -1) {
      if (this.receiptNames.length > 255) return this.intern('UNKNOWN');
      i = this.receiptNames.push(state) - 1;
    }
    return i;
  }

  // ---- reading ----------------------------------------------------------------------------

  /** ACCEPTD first and read as final: later receipts were not its word (the live run ignores them too). */
  private acceptdFinal(f: number): boolean {
    return (f & R_ACCEPTD) !== 0 && this.acceptd === 'final';
  }

  private isFinal(f: number): boolean {
    return (f & R_FINAL) !== 0 || this.acceptdFinal(f);
  }

  private receiptProgress(f: number): ReceiptProgress {
    if (!(f & R_SEEN)) return 'none';
    if (this.acceptdFinal(f)) return 'acceptd';
    if (!(f & R_FINAL)) return 'enroute';
    return f & R_DELIVERED ? 'delivered' : 'failed';
  }

  private view(m: number, key: string): MessageResume {
    const parts: PartResume[] = [];
    let done = true;
    for (let i = 0; i < this.partCount[m]!; i++) {
      const p = this.partBase[m]! + i;
      const f = this.flags[p]!;
      const submit = f & SUBMIT;
      const part: PartResume = { state: partStateOf(f), receipt: this.receiptProgress(f) };
      if (submit === S_SENDING) part.crashed = true;
      if (this.ids.has(p)) part.id = this.ids.get(p);
      if (submit === S_REJECTED && this.rejectStatus) part.status = this.rejectStatus[p]!;
      if (f & R_SEEN) part.receiptState = part.receipt === 'acceptd' ? ACCEPTED_STATE : this.receiptNames[this.receiptName[p]!]!;
      if (submit !== S_ACCEPTED && submit !== S_REJECTED) done = false;
      parts.push(part);
    }
    const ref = this.ref[m]!;
    return ref === -1 ? { key, parts, done } : { key, ref, parts, done };
  }
}
