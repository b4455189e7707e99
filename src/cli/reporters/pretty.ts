// Human-readable lines: results on stdout, warnings and errors on stderr. In bulk runs
// (--to-file, --batch) only problems are listed per message; the summary tells the rest.
import { humanLine } from '../../receive/record.js';
import type { DryRunItem } from '../../send/dry-run.js';
import type { MessageRecord, RunEvent, RunSummary } from '../../send/events.js';
import { receiptOutcome } from '../../sms/receipt.js';
import { printable, showChar } from '../../sms/visible.js';
import { ENCODING_NAMES, formatDuration, hex2, plural } from '../format.js';
import type { Io } from '../io.js';
import type { Paint } from './paint.js';
import { NAMED_LIMIT, summaryLines } from './pretty-summary.js';
import type { Reporter } from './types.js';

export interface PrettyOptions {
  paint: Paint;
  perMessage: boolean; // list every accepted message and receipt, not only problems
  /** Called before writing a line, so a progress line can be cleared first. */
  beforeWrite?: () => void;
  /** Whether the user stopped the run (Ctrl-C, SIGTERM). */
  stopped?: () => boolean;
}

/** Where an input row came from: `file.csv:12`, or `--to` for recipients typed as flags. */
function rowPlace(row: { source: string; line?: number }): string {
  if (row.source === 'flags') return '--to';
  return printable(row.line !== undefined ? `${row.source}:${row.line}` : row.source);
}

// Everything from outside (the SMSC's ids, states, error text; input files) goes through `safe`:
// a control character in it would be obeyed by the terminal (8.9: clear the screen, rewrite a
// line so a failure reads as a success). Our own colour codes are added after.
const safe = printable;

function who(m: MessageRecord): string {
  return m.line !== undefined ? `${safe(m.to)} (line ${m.line})` : safe(m.to);
}

function partsNote(m: MessageRecord): string {
  return `${plural(m.parts.length, 'part')}, ${ENCODING_NAMES[m.encoding] ?? m.encoding}`;
}

export function prettyReporter(io: Io, opts: PrettyOptions): Reporter {
  return new PrettyReporter(io, opts);
}

type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

class PrettyReporter implements Reporter {
  private readonly c: Paint;
  private readonly ok: string;
  private readonly bad: string;
  private readonly warn: string;
  private readonly possibleDuplicates: string[] = []; // recipients, for the summary (NAMED_LIMIT kept)

  constructor(private readonly io: Io, private readonly opts: PrettyOptions) {
    this.c = opts.paint;
    this.ok = this.c.green('✔');
    this.bad = this.c.red('✖');
    this.warn = this.c.yellow('!');
  }

  event(ev: RunEvent): void {
    const { c, ok, bad, warn, opts } = this;
    switch (ev.type) {
      case 'accepted':
        return this.accepted(ev);
      case 'rejected': {
        const part = ev.message.parts.length > 1 ? ` part ${ev.part.index + 1}/${ev.message.parts.length}` : '';
        return this.line(`${bad} ${who(ev.message)}${part} rejected: ${safe(ev.reason)}`);
      }
      case 'unconfirmed':
        return this.line(`${warn} ${who(ev.message)} unconfirmed: ${safe(ev.reason)}`);
      case 'unsent':
        return this.unsent(ev);
      case 'resumed':
        return opts.perMessage ? this.line(`${c.dim('=')} ${who(ev.message)} already ${ev.message.state} in the journal: not sent again`) : undefined;
      case 'skipped':
        return this.errLine(`${bad} ${rowPlace(ev.row)}: skipped: ${safe(ev.row.reason)}`);
      case 'duplicate':
        return this.errLine(`${warn} ${rowPlace(ev.row)}: ${safe(ev.row.reason)}`);
      case 'retrying':
        return opts.perMessage
          ? this.errLine(`${warn} ${who(ev.message)}: ${safe(ev.reason)}${ev.delayMs > 0 ? `, retrying in ${formatDuration(ev.delayMs)}` : ''}`)
          : undefined;
      case 'link-lost':
        return this.errLine(`${warn} link ${ev.bind + 1} lost: ${safe(ev.reason)}; reconnecting`);
      case 'bound':
        return ev.reconnect ? this.errLine(`${ok} link ${ev.bind + 1} restored`) : undefined;
      case 'warning':
        return this.errLine(`${c.yellow('warning:')} ${safe(ev.message)}`);
      case 'waiting':
        return opts.perMessage
          ? this.errLine(c.dim(`waiting up to ${formatDuration(ev.timeoutMs)} for receipts of ${plural(ev.pending, 'message')}`))
          : undefined;
      case 'mo':
        // Always shown: a customer's reply (STOP) matters in a bulk run too. listen's words.
        return this.line(`${c.bold('←')} ${safe(humanLine(ev.mo).replace(/^mo +/, 'mo '))}`);
      case 'receipt':
        return this.receipt(ev);
      default:
        return undefined;
    }
  }

  plan(item: DryRunItem): void {
    const c = this.c;
    const head = `${c.bold(safe(item.to))} ${c.dim(`TON ${item.dest.ton} NPI ${item.dest.npi} "${item.dest.addr}"`)}`;
    const from = item.source ? ` from ${item.source.addr} ${c.dim(`TON ${item.source.ton} NPI ${item.source.npi}`)}` : '';
    this.line(`${head}${from}${item.line !== undefined ? c.dim(` (line ${item.line})`) : ''}`);
    // With --smsc-alphabet latin1/ascii the dc 0 bytes are in that alphabet; the SMSC still
    // sends GSM 7-bit on the air, so the parts are counted in GSM septets.
    const encoding = item.smscAlphabet
      ? `${ENCODING_NAMES[item.smscAlphabet]} (the SMSC's default alphabet), data_coding ${hex2(item.dataCoding)}, ${item.chars} characters, ${item.units} GSM septets on the air`
      : `${ENCODING_NAMES[item.encoding] ?? item.encoding}, data_coding ${hex2(item.dataCoding)}, ${item.chars} characters, ${item.units} ${item.unitName}`;
    this.line(`  ${encoding}, ${plural(item.parts.length, 'part')}`);
    if (item.ucs2Because?.length) {
      this.line(`  ${c.yellow('UCS-2 because of')} ${describeChars(item.ucs2Because)}`);
    }
    if (item.transliterated?.length) {
      this.line(`  transliterated: ${item.transliterated.map((x) => `${showChar(x.from)}→${JSON.stringify(x.to)} at ${x.index + 1}`).join(', ')}`);
    }
    item.parts.forEach((p, i) => {
      const udh = p.udh ? ` udh ${p.udh}` : '';
      const tlvs = Object.entries(p.tlvs).map(([k, v]) => ` ${k}=${v}`).join('');
      this.line(`  part ${i + 1}: esm_class ${hex2(p.esmClass)}${udh}${tlvs} ${p.payloadLength} bytes ${c.dim(p.payload)}`);
    });
  }

  summary(s: RunSummary): void {
    for (const text of summaryLines(s, this.c, this.possibleDuplicates)) this.line(text);
  }

  error(message: string): void {
    this.errLine(`${this.c.red('error:')} ${safe(message)}`);
  }

  warning(message: string): void {
    this.errLine(`${this.c.yellow('warning:')} ${safe(message)}`);
  }

  // ---- one event, when it takes more than a line ----------------------------------------------

  private accepted(ev: EventOf<'accepted'>): void {
    if (ev.message.possibleDuplicate && this.possibleDuplicates.length < NAMED_LIMIT) this.possibleDuplicates.push(who(ev.message));
    if (!this.opts.perMessage) return;
    const ids = safe(ev.message.parts.map((p) => p.messageId).join(', '));
    const dup = ev.message.possibleDuplicate ? this.c.yellow(' (resent after a lost reply: possible duplicate)') : '';
    this.line(`${this.ok} ${who(ev.message)} accepted, id ${this.c.bold(ids)} (${partsNote(ev.message)})${dup}`);
  }

  private unsent(ev: EventOf<'unsent'>): void {
    // Stopped by the user: nothing failed, the message simply was not sent yet.
    if (this.opts.stopped?.()) {
      this.line(`${this.c.dim('-')} ${who(ev.message)} not sent: the run was interrupted (a rerun with the same --journal sends it)`);
    } else {
      this.line(`${this.bad} ${who(ev.message)} not sent: ${safe(ev.reason)}`);
    }
  }

  private receipt(ev: EventOf<'receipt'>): void {
    const { c, ok, bad, warn } = this;
    const m = ev.message;
    const r = ev.receipt;
    const outcome = receiptOutcome(r);
    if (!this.opts.perMessage && outcome !== 'failed') return;
    // ACCEPTD: final, accepted for the subscriber; neither delivered nor failed.
    const mark = { pending: c.dim('…'), delivered: ok, accepted: warn, failed: bad }[outcome];
    const state = { pending: c.dim, delivered: c.green, accepted: c.yellow, failed: c.red }[outcome](safe(r.state));
    const err = r.err && r.err !== '000' && r.err !== '0' ? ` err ${safe(r.err)}` : '';
    const after = ev.latencyMs !== undefined ? ` after ${formatDuration(ev.latencyMs)}` : '';
    let progress = '';
    if (m.parts.length > 1) {
      const delivered = m.parts.filter((p) => p.receipt?.final && p.receipt.delivered).length;
      progress = ` (part ${ev.part.index + 1}/${m.parts.length}; ${delivered}/${m.parts.length} parts delivered)`;
    }
    this.line(`${mark} ${who(m)} ${state}${err}${after}${progress}`);
  }

  // ---- writing ----------------------------------------------------------------------------

  private line(text: string): void {
    this.opts.beforeWrite?.();
    this.io.stdout.write(`${text}\n`);
  }

  private errLine(text: string): void {
    this.opts.beforeWrite?.();
    this.io.stderr.write(`${text}\n`);
  }
}

/** `"ж" at 0 (×68), "ё" at 5`: each character once, with its first position and its count. */
function describeChars(found: { char: string; index: number }[]): string {
  const byChar = new Map<string, { index: number; count: number }>();
  for (const { char, index } of found) {
    const seen = byChar.get(char);
    if (seen) seen.count++;
    else byChar.set(char, { index, count: 1 });
  }
  // Positions as a person counts them (from 1); invisible characters by code point and name.
  const shown = [...byChar].slice(0, 10).map(([ch, { index, count }]) => `${showChar(ch)} at ${index + 1}${count > 1 ? ` (×${count})` : ''}`);
  if (byChar.size > 10) shown.push(`and ${byChar.size - 10} more`);
  return shown.join(', ');
}
