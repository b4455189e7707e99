// The TTY progress line on stderr: sent, accepted, rejected, retrying, rate, ETA, and receipts
// while waiting. Shown only when stderr is a terminal and neither --quiet nor --json is given.
import { createReadStream } from 'node:fs';
import type { RunEvent } from '../send/events.js';
import { receiptOutcome } from '../sms/receipt.js';
import { formatDuration } from './format.js';

type Draw = ((text: string) => void) & { clear(): void; done(): void };

/**
 * The stream with a usable size: some terminals (serial consoles, containers, `script`) report
 * 0×0, and log-update then wraps the line to nothing and prints only cursor codes. 80×24 then.
 */
export function withTerminalSize<T extends { columns?: number; rows?: number }>(stream: T): T {
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'columns') return target.columns || 80;
      if (key === 'rows') return target.rows || 24;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Messages finished per second over the last 5 s, for the line's rate and ETA. Not the summary's
 * SubmitRate (src/send/rate.ts) on purpose: that one counts parts the SMSC accepted over the whole
 * sending time; an ETA against a row total must count every finished message (rejected, skipped,
 * duplicate too) at the current pace, not the average since the start.
 */
class RecentRate {
  private readonly samples: { t: number; n: number }[] = [];

  /** Records `done` at time `now` (ms); returns the rate over the window. */
  sample(now: number, done: number): number {
    this.samples.push({ t: now, n: done });
    while (this.samples.length > 1 && now - this.samples[0]!.t > 5_000) this.samples.shift();
    const first = this.samples[0]!;
    return now > first.t ? ((done - first.n) * 1000) / (now - first.t) : 0;
  }
}

export class Progress {
  private accepted = 0;
  private rejected = 0;
  private other = 0; // skipped, unsent, unconfirmed, duplicates, resumed
  private retrying = 0;
  private delivered = 0;
  private failed = 0;
  private acceptd = 0; // final ACCEPTD: neither delivered nor failed
  private waitingFor = 0;
  private total?: number;
  private readonly started = Date.now();
  private readonly recentRate = new RecentRate();
  private timer?: NodeJS.Timeout;

  constructor(private readonly draw: Draw) {
    this.timer = setInterval(() => this.render(), 200);
    this.timer.unref();
  }

  /** Total messages, when known up front (flags) or estimated by counting a file's lines. */
  setTotal(total: number): void {
    this.total = total;
  }

  estimateFromFile(path: string, headerLines: number): void {
    let lines = 0;
    createReadStream(path)
      .on('data', (chunk) => {
        const buf = chunk as Buffer;
        for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
      })
      .on('end', () => this.setTotal(Math.max(0, lines - headerLines)))
      .on('error', () => undefined);
  }

  event(ev: RunEvent): void {
    switch (ev.type) {
      case 'accepted':
        this.accepted++;
        break;
      case 'rejected':
        this.rejected++;
        break;
      case 'skipped':
      case 'duplicate':
      case 'unsent':
      case 'unconfirmed':
      case 'resumed':
        this.other++;
        break;
      case 'retrying':
        this.retrying++;
        setTimeout(() => this.retrying--, ev.delayMs).unref();
        break;
      case 'receipt':
        if (ev.receipt.final) {
          const outcome = receiptOutcome(ev.receipt);
          if (outcome === 'delivered') this.delivered++;
          else if (outcome === 'accepted') this.acceptd++;
          else this.failed++;
        }
        break;
      case 'waiting':
        this.waitingFor = ev.pending;
        break;
      default:
        break;
    }
  }

  /** Clear the line so a normal output line can be printed in its place. */
  clear(): void {
    this.draw.clear();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.draw.clear();
    this.draw.done();
  }

  private render(): void {
    const now = Date.now();
    const done = this.accepted + this.rejected + this.other;
    const rate = this.recentRate.sample(now, done);
    const bits = [`sent ${done}${this.total !== undefined ? `/${this.total}` : ''}`, `accepted ${this.accepted}`];
    if (this.rejected) bits.push(`rejected ${this.rejected}`);
    if (this.retrying) bits.push(`retrying ${this.retrying}`);
    bits.push(`${Math.round(rate)}/s`);
    if (this.total !== undefined && rate > 0 && done < this.total) {
      bits.push(`ETA ${formatDuration(((this.total - done) / rate) * 1000)}`);
    }
    if (this.waitingFor || this.delivered || this.failed || this.acceptd) {
      bits.push(`receipts ${this.delivered} delivered${this.acceptd ? `, ${this.acceptd} ACCEPTD` : ''}, ${this.failed} failed`);
    }
    bits.push(formatDuration(now - this.started));
    this.draw(bits.join(' · '));
  }
}
