// Whether a run goes on: the first error that ends it (fatal), a stop (the AbortSignal: a signal
// or a closed output), and the end itself (closing). Shared by the run's parts so each asks the
// same question the same way.
import { UsageError, type SmppSendError } from '../errors.js';

export class RunControl {
  /** The first error that ends the run; it decides the exit code. */
  fatal?: SmppSendError;
  /** The run has ended: binds are being unbound, nothing is reconnected or recorded any more. */
  closing = false;

  constructor(readonly signal?: AbortSignal) {}

  /** A stop (first SIGINT/SIGTERM, or stdout/stderr closed): take no new messages, finish briefly. */
  get stopping(): boolean {
    return this.signal?.aborted === true;
  }

  /** --strict (or an unsendable command-line text) ended the input: read no further. */
  get inputStopped(): boolean {
    return this.fatal instanceof UsageError;
  }

  /** Nothing new goes out and nothing is restored: stopping, failed, or ended. */
  get halted(): boolean {
    return this.stopping || this.fatal !== undefined || this.closing;
  }

  fail(err: SmppSendError): void {
    this.fatal ??= err;
  }
}
