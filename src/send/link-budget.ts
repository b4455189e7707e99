// The run's give-up rule for one bind: reconnect attempts are counted since the SMSC last
// answered a submit on it, not since the last successful bind. A server that binds and then
// never reads (or never answers) used to get a fresh budget at every bind and was reconnected to
// forever; now --reconnect-attempts lost links in a row without an answer end the run (exit 4).
// A whole window of submits timing out with no answer in between counts as a lost link too, so
// the rule also holds with --enquire-link 0 (no keepalive to notice a dead link). Pure.
export class LinkBudget {
  private used = 0;
  private silent = 0; // copies timed out in a row since the last answer

  constructor(
    readonly attempts: number, // --reconnect-attempts
    window: number, // --window
  ) {
    this.deadAfter = Math.max(2, window);
  }

  /** Timeouts in a row (a whole window, at least two) that mean the SMSC is not answering. */
  private readonly deadAfter: number;

  /** The SMSC answered a submit (any status): the link works, the budget is whole again. */
  answered(): void {
    this.used = 0;
    this.silent = 0;
  }

  /** A copy got no submit_sm_resp in time. True when the link should be treated as lost. */
  timedOut(): boolean {
    this.silent++;
    if (this.silent < this.deadAfter) return false;
    this.silent = 0;
    return true;
  }

  /** Takes one reconnect attempt; false when the budget is spent. */
  take(): boolean {
    if (this.used >= this.attempts) return false;
    this.used++;
    return true;
  }

  /** Attempts taken since the last answer (1 for the first reconnect): drives the backoff. */
  get taken(): number {
    return this.used;
  }
}
