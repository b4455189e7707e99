import type { RunEvent, RunSummary } from '../../send/events.js';
import type { DryRunItem } from '../../send/dry-run.js';

/** Turns what a run reports into output. Every reporter takes the same values; none exits. */
export interface Reporter {
  event(event: RunEvent): void;
  plan(item: DryRunItem): void;
  summary(summary: RunSummary): void;
  /** A fatal error, already one line. */
  error(message: string, exitCode: number): void;
  warning(message: string): void;
}
