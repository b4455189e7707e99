// Intake: from a source item to a message ready to send with the parts still to send, or to
// nothing: a row that cannot be sent (skipped; under --strict the end of the input), a duplicate
// row, or a message the journal shows an earlier run finished. The source options, the
// concatenation references and the planning are shared with --dry-run (dry-run.ts), so both
// read and judge the input the same way.
import type { Settings } from '../config/settings.js';
import { UsageError } from '../errors.js';
import type { ResumeState } from '../journal/resume-state.js';
import type { RunEvent } from './events.js';
import { settleFromJournal } from './earlier-runs.js';
import type { Ledger, Msg } from './ledger.js';
import { MessagePlanner, skipReason, type AddressedPlan } from './message-planner.js';
import type { RunReceipts } from './receipts.js';
import type { RunControl } from './run-control.js';
import { openSource, type OutgoingMessage, type SkippedRow, type SourceItem } from './source.js';

/**
 * The input as the settings name it: recipients, batch file, text, stdin. `input.stdin` is read
 * only if the settings read stdin: the process's stdin is built on first use (cli/main.ts).
 */
export function openRunSource(s: Settings, input: { readonly stdin: NodeJS.ReadableStream }): AsyncIterable<SourceItem> {
  return openSource({
    to: s.to, toFile: s.toFile, batch: s.batch, batchFormat: s.batchFormat,
    toColumn: s.toColumn, delimiter: s.delimiter, text: s.text, hex: s.hex,
    allowDuplicates: s.allowDuplicates,
    get stdin() {
      return input.stdin;
    },
  });
}

/** Concatenation references: a random 16-bit start, then one up per message. */
export function refSequence(random: () => number): () => number {
  let ref = Math.floor(random() * 0x10000);
  return () => (ref = (ref + 1) & 0xffff);
}

/** The message planned for the wire, or undefined after `onSkip` got the row it becomes (it cannot be sent). */
export function planOrSkip(planner: MessagePlanner, m: OutgoingMessage, ref: number, onSkip: (row: SkippedRow) => void): AddressedPlan | undefined {
  try {
    return planner.plan(m, ref);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    onSkip({ source: m.source, reason: skipReason(err, m.source), to: m.to, key: m.key, ...(m.line !== undefined ? { line: m.line } : {}) });
    return undefined;
  }
}

/** A message to send and the indexes of its parts still to send. */
export interface Ready {
  msg: Msg;
  parts: number[];
}

export interface IntakeDeps {
  planner: MessagePlanner;
  ledger: Ledger;
  receipts: RunReceipts;
  control: RunControl;
  emit: (event: RunEvent) => void;
  random: () => number;
  receiptsExpected: boolean;
}

export class Intake {
  /** What the journal says earlier runs of this job did (set once the journal is open). */
  resume?: ResumeState;
  private readonly nextRef: () => number;
  private readonly onSkip = (row: SkippedRow): void => this.skip(row);

  constructor(
    private readonly s: Settings,
    private readonly deps: IntakeDeps,
  ) {
    // Math.random by default, not node:crypto: that module alone costs ~10 ms of start-up.
    this.nextRef = refSequence(deps.random);
  }

  /** A message ready to send with the parts still to send, or undefined (skipped, duplicate, resumed). */
  take(item: SourceItem): Ready | undefined {
    if (item.kind === 'skipped') {
      this.skip(item.row);
      return undefined;
    }
    if (item.kind === 'duplicate') {
      this.deps.ledger.duplicateRow(item.row);
      return undefined;
    }
    const msg = this.toMessage(item.message);
    if (!msg) return undefined;
    const parts = this.partsToSend(msg);
    return parts.length === 0 ? undefined : { msg, parts };
  }

  private skip(row: SkippedRow): void {
    const { control } = this.deps;
    if (row.source === 'flags') {
      // The text or number typed on the command line (or piped as --text -) cannot be sent:
      // a usage error, not a skipped row. Every --to shares the text, so none is sent.
      control.fail(new UsageError(row.reason));
      return;
    }
    // Under --strict the fatal error below tells the same row: one line, not two.
    this.deps.ledger.skippedRow(row, !this.s.strict || this.s.json);
    if (this.s.strict) {
      const where = row.line ? `${row.source}:${row.line}` : row.source;
      control.fail(new UsageError(
        `${where}: ${row.reason}`,
        'stopped there (--strict), later rows were not sent; fix the row, or drop --strict to skip bad rows',
      ));
    }
  }

  private toMessage(m: OutgoingMessage): Msg | undefined {
    // A resumed message keeps its concatenation reference, so resent parts still reassemble.
    const ref = this.resume?.get(m.key)?.ref ?? this.nextRef();
    const planned = planOrSkip(this.deps.planner, m, ref, this.onSkip);
    if (!planned) return undefined;
    const { dest, source: sourceAddr, plan } = planned;
    const msg: Msg = {
      key: m.key, to: m.to, source: m.source, encoding: plan.encoding, dataCoding: plan.dataCoding,
      parts: plan.parts.map((_, index) => ({ index, status: 'queued', attempts: 0 })),
      state: 'pending', possibleDuplicate: false, dest, plan, answered: 0, finalReceipts: 0,
      receiptsExpected: this.deps.receiptsExpected,
    } as Msg;
    // Assigned, not spread into the literal: V8 (Node 20) builds a literal with spreads slowly,
    // and this runs once per message. Same keys, same order.
    if (m.from) msg.from = m.from;
    if (m.line) msg.line = m.line;
    if (sourceAddr && m.from) msg.sourceAddr = sourceAddr;
    msg.ref = ref;
    return msg;
  }

  /** Parts still to send, given what the journal says an earlier run did. */
  private partsToSend(msg: Msg): number[] {
    const prior = this.resume?.get(msg.key);
    if (!prior) {
      this.deps.ledger.queued(msg);
      return msg.parts.map((p) => p.index);
    }
    const todo: number[] = [];
    for (const p of msg.parts) {
      const was = prior.parts[p.index];
      if (was?.state === 'accepted' || was?.state === 'rejected') {
        p.status = was.state;
        if (was.id) p.messageId = was.id;
        msg.answered++;
        if (was.receipt === 'delivered' || was.receipt === 'failed' || was.receipt === 'acceptd') {
          const delivered = was.receipt === 'delivered';
          p.receipt = { messageId: was.id ?? '', state: was.receiptState ?? (delivered ? 'DELIVRD' : was.receipt === 'acceptd' ? 'ACCEPTD' : 'UNDELIV'), final: true, delivered };
          msg.finalReceipts++;
        } else if (was.state === 'accepted' && was.id && msg.receiptsExpected) {
          this.deps.receipts.expectEarlier(msg, p.index, was.id);
        }
      } else if (was?.state === 'unconfirmed' && this.s.atMostOnce) {
        p.status = 'unconfirmed';
        msg.answered++;
      } else {
        if (was?.state === 'unconfirmed') msg.possibleDuplicate = true;
        todo.push(p.index);
      }
    }
    if (todo.length > 0) return todo;
    const rejected = msg.parts.some((p) => p.status === 'rejected');
    if (!rejected && msg.parts.some((p) => p.status === 'unconfirmed')) this.deps.ledger.leftUnconfirmed(msg);
    // The job's outcome, not only this run's: earlier rejections and receipts count (earlier-runs.ts).
    else this.deps.emit(settleFromJournal(msg, prior, this.deps.ledger));
    return todo;
  }
}
