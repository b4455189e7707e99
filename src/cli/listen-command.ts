// `smpp-send listen`: records as human lines or JSON lines on stdout, link changes and the
// closing summary on stderr (JSON: a `summary` line on stdout), and the exit code.
import type { Settings } from '../config/settings.js';
import type { ExecQueue } from '../receive/exec.js';
import type { Attachment, JournalReceipts } from '../receive/journal-receipts.js';
import { humanLine } from '../receive/record.js';
import { describeError } from './failure.js';
import type { Io } from './io.js';

export async function listenCommand(s: Settings, io: Io, signal: AbortSignal | undefined): Promise<number> {
  const { listen } = await import('../receive/listen.js');
  const out = (obj: object) => io.stdout.write(`${JSON.stringify({ ...obj, t: new Date().toISOString() })}\n`);
  let journal: JournalReceipts | undefined;
  if (s.journal !== undefined) {
    const { JournalReceipts } = await import('../receive/journal-receipts.js');
    journal = await JournalReceipts.open(s.journal); // errors: exit 2, 9 or 11 from main
  }
  const attached = { attached: 0, unmatched: 0 };
  let exec: ExecQueue | undefined;
  let resume = () => {};
  if (s.exec !== undefined) {
    const m = await import('../receive/exec.js');
    exec = new m.ExecQueue(s.exec, s.execConcurrency, (f) => {
      if (s.json) out({ type: 'exec', ok: false, of: f.record.type, ...(f.record.type === 'receipt' ? { id: f.record.id } : { from: f.record.from }), exitCode: f.exitCode, ...(f.signal ? { signal: f.signal } : {}), ...(f.error !== undefined ? { error: f.error } : {}) });
      else io.stderr.write(`${m.describeFailure(f)}\n`);
    }, { onFree: () => resume(), env: io.env });
  }
  const result = await listen(s, {
    onRecord(rec) {
      // Journaled before it is printed or acknowledged: a failed write throws, the SMSC keeps it.
      const a = journal && rec.type === 'receipt' ? journal.attach(rec) : undefined;
      if (a) attached[a.journal]++;
      if (s.json) out(a ? { ...rec, ...a } : rec);
      else if (!s.quiet) io.stdout.write(`${humanLine(rec)}${a ? attachmentNote(a) : ''}\n`);
      exec?.push(rec);
    },
    ...(exec ? { busy: () => exec.full(), whenFree: (r: () => void) => void (resume = r) } : {}),
    onLink(ev) {
      if (s.json) return ev.state === 'bound' ? undefined : out({ type: 'link', state: ev.state, ...(ev.reason ? { reason: ev.reason } : {}) });
      if (s.quiet) return;
      if (ev.state === 'bound') io.stderr.write(`listening on ${s.host}:${s.port} as ${s.bind} ${s.systemId} (Ctrl-C to stop)\n`);
      else io.stderr.write(ev.state === 'lost' ? `link lost: ${ev.reason ?? 'closed'}; reconnecting\n` : 'link restored\n');
    },
    ...(signal ? { signal } : {}),
    ...(s.debug ? { trace: (line: string) => void io.stderr.write(`${line}\n`) } : {}),
  }).finally(() => journal?.close());
  await exec?.drain(); // what was taken (and acknowledged) gets its command
  const fatal = result.fatal ? describeError(result.fatal, s.debug) : undefined;
  const counts = { mo: result.mo, receipts: result.receipts, incomplete: result.incomplete, ...(journal ? attached : {}), ...(exec ? { execFailed: exec.failed } : {}) };
  if (s.json) out({ type: 'summary', ...counts, stoppedBy: result.stoppedBy, ...(fatal ? { error: fatal.message } : {}), exitCode: result.exitCode });
  else if (!s.quiet) {
    const inc = result.incomplete ? ` (${result.incomplete} incomplete)` : '';
    const j = journal ? ` (${attached.attached} journaled, ${attached.unmatched} unmatched)` : '';
    const x = exec?.failed ? `; ${exec.failed} --exec command(s) failed` : '';
    io.stderr.write(`listened: ${result.mo} MO${inc}, ${result.receipts} receipt(s)${j}${x}; stopped by ${result.stoppedBy}\n`);
  }
  if (fatal) {
    io.stderr.write(`error: ${fatal.message}\n`);
    if (fatal.stack) io.stderr.write(`${fatal.stack}\n`);
  }
  return result.exitCode;
}

/** After a receipt's line with --journal: nothing when attached, the reason when not. */
function attachmentNote(a: Attachment): string {
  return a.journal === 'attached' ? '' : ` UNMATCHED (${a.reason === 'ambiguous id' ? 'the id names several journaled messages' : 'id not in the journal'}; not journaled)`;
}
