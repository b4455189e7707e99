// --quiet: nothing on stdout. Cron mails stderr, so each failed message still gets one line there
// (the same words as the default output), at most QUIET_LIMIT of them, then a count of the rest.
import type { MessageRecord, RunEvent, RunSummary } from '../../send/events.js';
import { receiptOutcome } from '../../sms/receipt.js';
import type { Io } from '../io.js';
import { PLAIN } from './paint.js';
import { prettyReporter } from './pretty.js';
import type { Reporter } from './types.js';

/** Enough for a cron mail to say what failed; the journal, `report` and --json have them all. */
export const QUIET_LIMIT = 20;

/** The message an event reports as failed, or undefined when the event is no failure. */
function failedMessage(ev: RunEvent, stopped: boolean): MessageRecord | 'row' | undefined {
  switch (ev.type) {
    case 'rejected':
    case 'unconfirmed':
      return ev.message;
    case 'unsent':
      return stopped ? undefined : ev.message; // interrupted by the user: nothing failed
    case 'skipped':
      return 'row';
    case 'receipt':
      return ev.receipt.final && receiptOutcome(ev.receipt) === 'failed' ? ev.message : undefined;
    default:
      return undefined;
  }
}

export function quietReporter(io: Io, stopped: () => boolean = () => false): Reporter {
  // The default reporter's lines, all sent to stderr, no colour (cron mail is plain text).
  const toStderr: Io = { ...io, stdout: io.stderr };
  const lines = prettyReporter(toStderr, { paint: PLAIN, perMessage: false, stopped });
  const listed = new Set<string>(); // message keys: a message whose parts fail twice is one line
  let shown = 0;
  let more = 0;
  return {
    event(ev: RunEvent) {
      const failed = failedMessage(ev, stopped());
      if (!failed) return;
      if (failed !== 'row') {
        if (listed.has(failed.key)) return;
        listed.add(failed.key);
      }
      if (shown >= QUIET_LIMIT) {
        more++;
        return;
      }
      shown++;
      lines.event(ev);
    },
    plan() {},
    summary(_s: RunSummary) {
      if (more > 0) {
        io.stderr.write(`… and ${more} more failed ${more === 1 ? 'message' : 'messages'} not listed (--json, or \`smpp-send report\` with --journal, lists every one)\n`);
      }
    },
    error(message: string) {
      io.stderr.write(`error: ${message}\n`);
    },
    warning() {},
  };
}
