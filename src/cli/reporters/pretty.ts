// Human-readable lines: results on stdout, warnings and errors on stderr. In bulk runs
// (--to-file, --batch) only problems are listed per message; the summary tells the rest.
import type { MessageRecord, RunEvent, RunSummary } from '../../send/events.js';
import { receiptOutcome } from '../../sms/receipt.js';
import type { DryRunItem } from '../../send/dry-run.js';
import { ENCODING_NAMES, formatDuration, hex2, plural } from '../format.js';
import type { Io } from '../io.js';
import { printable, showChar } from '../../sms/visible.js';
import type { Reporter } from './types.js';
import { humanLine } from '../../receive/record.js';

/** The few chalk styles we use; a chalk instance is one, and so is PLAIN. */
export interface Paint {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const same = (text: string) => text;
export const PLAIN: Paint = { green: same, red: same, yellow: same, dim: same, bold: same };

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
  const c = opts.paint;
  const line = (text: string) => {
    opts.beforeWrite?.();
    io.stdout.write(`${text}\n`);
  };
  const errLine = (text: string) => {
    opts.beforeWrite?.();
    io.stderr.write(`${text}\n`);
  };
  const ok = c.green('✔');
  const bad = c.red('✖');
  const warn = c.yellow('!');
  const possibleDuplicates: string[] = []; // recipients, for the summary (NAMED_LIMIT kept)
  return {
    event(ev: RunEvent) {
      switch (ev.type) {
        case 'accepted': {
          if (ev.message.possibleDuplicate && possibleDuplicates.length < NAMED_LIMIT) possibleDuplicates.push(who(ev.message));
          if (!opts.perMessage) return;
          const ids = safe(ev.message.parts.map((p) => p.messageId).join(', '));
          const dup = ev.message.possibleDuplicate ? c.yellow(' (resent after a lost reply: possible duplicate)') : '';
          return line(`${ok} ${who(ev.message)} accepted, id ${c.bold(ids)} (${partsNote(ev.message)})${dup}`);
        }
        case 'rejected': {
          const part = ev.message.parts.length > 1 ? ` part ${ev.part.index + 1}/${ev.message.parts.length}` : '';
          return line(`${bad} ${who(ev.message)}${part} rejected: ${safe(ev.reason)}`);
        }
        case 'unconfirmed':
          return line(`${warn} ${who(ev.message)} unconfirmed: ${safe(ev.reason)}`);
        case 'unsent':
          // Stopped by the user: nothing failed, the message simply was not sent yet.
          return opts.stopped?.()
            ? line(`${c.dim('-')} ${who(ev.message)} not sent: the run was interrupted (a rerun with the same --journal sends it)`)
            : line(`${bad} ${who(ev.message)} not sent: ${safe(ev.reason)}`);
        case 'resumed':
          return opts.perMessage ? line(`${c.dim('=')} ${who(ev.message)} already ${ev.message.state} in the journal: not sent again`) : undefined;
        case 'skipped':
          return errLine(`${bad} ${rowPlace(ev.row)}: skipped: ${safe(ev.row.reason)}`);
        case 'duplicate':
          return errLine(`${warn} ${rowPlace(ev.row)}: ${safe(ev.row.reason)}`);
        case 'retrying':
          return opts.perMessage
            ? errLine(`${warn} ${who(ev.message)}: ${safe(ev.reason)}${ev.delayMs > 0 ? `, retrying in ${formatDuration(ev.delayMs)}` : ''}`)
            : undefined;
        case 'link-lost':
          return errLine(`${warn} link ${ev.bind + 1} lost: ${safe(ev.reason)}; reconnecting`);
        case 'bound':
          return ev.reconnect ? errLine(`${ok} link ${ev.bind + 1} restored`) : undefined;
        case 'warning':
          return errLine(`${c.yellow('warning:')} ${safe(ev.message)}`);
        case 'waiting':
          return opts.perMessage
            ? errLine(c.dim(`waiting up to ${formatDuration(ev.timeoutMs)} for receipts of ${plural(ev.pending, 'message')}`))
            : undefined;
        case 'mo':
          // Always shown: a customer's reply (STOP) matters in a bulk run too. listen's words.
          return line(`${c.bold('←')} ${safe(humanLine(ev.mo).replace(/^mo +/, 'mo '))}`);
        case 'receipt': {
          const m = ev.message;
          const r = ev.receipt;
          const outcome = receiptOutcome(r);
          if (!opts.perMessage && outcome !== 'failed') return;
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
          return line(`${mark} ${who(m)} ${state}${err}${after}${progress}`);
        }
        default:
          return undefined;
      }
    },
    plan(item: DryRunItem) {
      const head = `${c.bold(safe(item.to))} ${c.dim(`TON ${item.dest.ton} NPI ${item.dest.npi} "${item.dest.addr}"`)}`;
      const from = item.source ? ` from ${item.source.addr} ${c.dim(`TON ${item.source.ton} NPI ${item.source.npi}`)}` : '';
      line(`${head}${from}${item.line !== undefined ? c.dim(` (line ${item.line})`) : ''}`);
      // With --smsc-alphabet latin1/ascii the dc 0 bytes are in that alphabet; the SMSC still
      // sends GSM 7-bit on the air, so the parts are counted in GSM septets.
      const encoding = item.smscAlphabet
        ? `${ENCODING_NAMES[item.smscAlphabet]} (the SMSC's default alphabet), data_coding ${hex2(item.dataCoding)}, ${item.chars} characters, ${item.units} GSM septets on the air`
        : `${ENCODING_NAMES[item.encoding] ?? item.encoding}, data_coding ${hex2(item.dataCoding)}, ${item.chars} characters, ${item.units} ${item.unitName}`;
      line(`  ${encoding}, ${plural(item.parts.length, 'part')}`);
      if (item.ucs2Because?.length) {
        line(`  ${c.yellow('UCS-2 because of')} ${describeChars(item.ucs2Because)}`);
      }
      if (item.transliterated?.length) {
        line(`  transliterated: ${item.transliterated.map((x) => `${showChar(x.from)}→${JSON.stringify(x.to)} at ${x.index + 1}`).join(', ')}`);
      }
      item.parts.forEach((p, i) => {
        const udh = p.udh ? ` udh ${p.udh}` : '';
        const tlvs = Object.entries(p.tlvs).map(([k, v]) => ` ${k}=${v}`).join('');
        line(`  part ${i + 1}: esm_class ${hex2(p.esmClass)}${udh}${tlvs} ${p.payloadLength} bytes ${c.dim(p.payload)}`);
      });
    },
    summary(s: RunSummary) {
      const k = s.counts;
      if (s.dryRun) {
        const bits = [`${plural(k.messages, 'message')} planned, ${plural(k.parts, 'SMS', 'SMS')}`];
        if (k.skipped) bits.push(c.red(`${k.skipped} skipped`));
        if (k.duplicates) bits.push(`${k.duplicates} duplicate rows`);
        const by = Object.entries(s.byEncoding ?? {}).map(
          ([e, n]) => `${ENCODING_NAMES[e] ?? e}: ${plural(n.messages, 'message')}, ${plural(n.parts, 'SMS', 'SMS')}`,
        );
        return line(`${c.bold('Dry run:')} ${bits.join(', ')}${by.length ? ` (${by.join('; ')})` : ''}; nothing was sent`);
      }
      const bits = [`${k.accepted} accepted`];
      if (k.rejected) bits.push(c.red(`${k.rejected} rejected`));
      if (k.skipped) bits.push(c.red(`${k.skipped} skipped`));
      if (k.unsent) bits.push(s.interrupted ? `${k.unsent} not sent` : c.red(`${k.unsent} not sent`));
      if (k.unconfirmed) bits.push(c.yellow(`${k.unconfirmed} unconfirmed`));
      if (k.duplicates) bits.push(`${k.duplicates} duplicate rows not sent`);
      if (k.resumed) bits.push(`${k.resumed} already accepted (journal)`);
      if (k.possibleDuplicates) bits.push(c.yellow(`${k.possibleDuplicates} possibly duplicated`));
      if (k.retries) bits.push(`${plural(k.retries, 'retry', 'retries')}`);
      const receipts: string[] = [];
      if (k.delivered) receipts.push(c.green(`${k.delivered} delivered`));
      if (k.acceptd) receipts.push(c.yellow(`${k.acceptd} ACCEPTD (final, not confirmed delivered)`));
      if (k.failed) receipts.push(c.red(`${k.failed} failed`));
      if (k.noFailureReported) receipts.push(`${k.noFailureReported} with no failure reported (--receipt failure)`);
      if (k.receiptsPending) receipts.push(c.yellow(`${k.receiptsPending} without final receipt`));
      if (k.mo) receipts.push(`${plural(k.mo, 'MO message')} received`);
      if (k.unmatchedReceipts) receipts.push(`${plural(k.unmatchedReceipts, 'receipt')} for ids not sent by this run (--debug lists them)`);
      const statuses = Object.entries(s.byStatus).map(([n, v]) => `${safe(n)} ×${v}`);
      // One definition (src/send/rate.ts), labelled, over the sending time it was measured on:
      // under a second of sending there is no rate to speak of, only a count.
      const sending = s.sendingMs ?? 0;
      const rate = k.parts > 1 && sending >= 1000
        ? ` · submit rate ${s.avgRate}/s avg, ${s.peakRate}/s peak over ${formatDuration(sending)} of sending`
        : '';
      const text = [bits.join(', '), receipts.join(', '), statuses.join(', ')].filter(Boolean).join(' · ');
      line(`${c.bold('Summary:')} ${text} · ${formatDuration(s.elapsedMs)}${rate}${s.interrupted ? c.yellow(' · interrupted') : ''}`);
      // Who, not only how many: the JSON has them per message, a person reading this needs them here.
      if (k.possibleDuplicates) {
        line(`  ${c.yellow('possibly duplicated')} (resent after a lost reply): ${named(possibleDuplicates, k.possibleDuplicates)}`);
      }
      if (k.unmatchedReceipts) {
        const ids = (s.unmatchedSample ?? []).slice(0, NAMED_LIMIT).map((r) => `${safe(r.id || '(no id)')} ${safe(r.state)}`);
        line(`  receipts for ids not sent by this run: ${named(ids, k.unmatchedReceipts)}`);
      }
    },
    error(message: string) {
      errLine(`${c.red('error:')} ${safe(message)}`);
    },
    warning(message: string) {
      errLine(`${c.yellow('warning:')} ${safe(message)}`);
    },
  };
}

/** How many recipients or ids the summary names before it says "and N more". */
const NAMED_LIMIT = 10;

/** `a, b, c and 7 more`: the names kept, then how many of `total` were left out. */
function named(names: string[], total: number): string {
  const rest = total - names.length;
  if (names.length === 0) return `${total} (--debug lists them)`;
  return `${names.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
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
