// `smpp-send listen`: records as human lines or JSON lines on stdout, link changes and the
// closing summary on stderr (JSON: a `summary` line on stdout), --exec per record, the exit code.
import type { Settings } from '../config/settings.js';
import type { ListenRecord } from '../receive/record.js';
import { humanLine } from '../receive/record.js';
import { EXIT } from './exit-codes.js';
import { describeError } from './main.js';
import type { Io } from './io.js';

export interface ListenExtras {
  /** Called with each record before it is printed (journal matching fills in `matched`). */
  annotate?(rec: ListenRecord): void;
  /** Runs after printing (--exec); `busy` true refuses deliveries for now. */
  exec?: { run(rec: ListenRecord): void; busy(): boolean; drain(): Promise<{ failed: number }> };
}

export async function listenCommand(s: Settings, io: Io, signal: AbortSignal | undefined, extras: ListenExtras = {}): Promise<number> {
  const { listen } = await import('../receive/listen.js');
  const out = (obj: object) => io.stdout.write(`${JSON.stringify({ ...obj, t: new Date().toISOString() })}\n`);
  const result = await listen(s, {
    onRecord(rec) {
      extras.annotate?.(rec);
      if (s.json) out(rec);
      else if (!s.quiet) io.stdout.write(`${humanLine(rec)}\n`);
      extras.exec?.run(rec);
    },
    onLink(ev) {
      if (s.json) return ev.state === 'bound' ? undefined : out({ type: 'link', state: ev.state, ...(ev.reason ? { reason: ev.reason } : {}) });
      if (s.quiet) return;
      if (ev.state === 'bound') io.stderr.write(`listening on ${s.host}:${s.port} as ${s.bind} ${s.systemId} (Ctrl-C to stop)\n`);
      else io.stderr.write(ev.state === 'lost' ? `link lost: ${ev.reason ?? 'closed'}; reconnecting\n` : 'link restored\n');
    },
    ...(extras.exec ? { busy: () => extras.exec!.busy() } : {}),
    ...(signal ? { signal } : {}),
    ...(s.debug ? { trace: (line: string) => void io.stderr.write(`${line}\n`) } : {}),
  });
  const failedExec = extras.exec ? (await extras.exec.drain()).failed : 0;
  const exitCode = result.exitCode;
  const fatal = result.fatal ? describeError(result.fatal, s.debug) : undefined;
  const counts = { mo: result.mo, receipts: result.receipts, incomplete: result.incomplete, execFailed: failedExec };
  if (s.json) out({ type: 'summary', ...counts, stoppedBy: result.stoppedBy, ...(fatal ? { error: fatal.message } : {}), exitCode });
  else if (!s.quiet) {
    const inc = result.incomplete ? ` (${result.incomplete} incomplete)` : '';
    const ex = failedExec ? `, ${failedExec} --exec failure(s)` : '';
    io.stderr.write(`listened: ${result.mo} MO${inc}, ${result.receipts} receipt(s)${ex}; stopped by ${result.stoppedBy}\n`);
  }
  if (fatal) {
    io.stderr.write(`error: ${fatal.message}\n`);
    if (fatal.stack) io.stderr.write(`${fatal.stack}\n`);
  }
  return exitCode;
}
