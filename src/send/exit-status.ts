// The exit code of a finished run, from its summary. One place, so the README table, the JSON
// summary and the process exit status always agree. Order: what stopped the run, then what was
// not sent, then what may or may not have been sent, then what was sent but not delivered.
import { EXIT } from '../exit-codes.js';
import type { RunSummary } from './events.js';

/** The abort reason of a run stopped because stdout or stderr was closed (`| head -1`). */
export const OUTPUT_CLOSED = 'output-closed';

export function exitCodeFor(summary: Omit<RunSummary, 'exitCode'>, opts: { waited: boolean; outputClosed?: boolean }): number {
  const c = summary.counts;
  if (summary.interrupted) return opts.outputClosed ? EXIT.pipe : EXIT.interrupted;
  if (summary.fatal) return summary.fatal.exitCode;
  if (c.rejected > 0 || c.skipped > 0 || c.unsent > 0) return EXIT.rejected;
  if (c.unconfirmed > 0) return EXIT.unconfirmed;
  if (opts.waited && (c.failed > 0 || c.receiptsPending > 0)) return EXIT.receipts;
  return EXIT.ok;
}
