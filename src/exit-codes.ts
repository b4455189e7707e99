// The one table of exit codes. The README table is generated from it (npm run docs); the
// numbers are part of the public interface: never renumber, only add.
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  connection: 4,
  bind: 5,
  rejected: 6,
  receipts: 7,
  unconfirmed: 8,
  locked: 9,
  mismatch: 10,
  journal: 11,
  countShort: 12,
  refused: 13,
  interrupted: 130,
  pipe: 141,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ExitCodeDoc {
  code: ExitCode;
  name: keyof typeof EXIT;
  meaning: string;
}

export const EXIT_CODE_DOCS: readonly ExitCodeDoc[] = [
  { code: EXIT.ok, name: 'ok', meaning: 'Every message was accepted by the SMSC (and, with --wait, has a final receipt that is not a failure: DELIVRD or ACCEPTD; with --receipt failure, no failure reported by the end of the wait). Also: --help, --version, a clean --dry-run.' },
  { code: EXIT.internal, name: 'internal', meaning: 'Unexpected internal error (a bug): rerun with --debug and report it.' },
  { code: EXIT.usage, name: 'usage', meaning: 'Bad command line or input: unknown flag, missing --to, malformed number, empty or unencodable text, bad CSV or template.' },
  { code: EXIT.config, name: 'config', meaning: 'Config file missing, unreadable, malformed, with an unknown key or invalid value, or an unknown --profile.' },
  { code: EXIT.connection, name: 'connection', meaning: 'Could not connect or stay connected: DNS, refused, timeout, TLS failure, peer is not an SMPP server, link lost and reconnect attempts exhausted (counted since the SMSC last answered a submit, so a server that binds and never answers ends here too).' },
  { code: EXIT.bind, name: 'bind', meaning: 'The SMSC refused the bind (wrong system id or password, already bound, ...).' },
  { code: EXIT.rejected, name: 'rejected', meaning: 'Some messages were not sent: rejected by the SMSC (permanent status or retries exhausted) or skipped as bad rows.' },
  { code: EXIT.receipts, name: 'receipts', meaning: 'With --wait: some delivery receipts reported failure or did not arrive in time.' },
  { code: EXIT.unconfirmed, name: 'unconfirmed', meaning: 'Some submits got no reply (the link dropped, or no submit_sm_resp within --response-timeout) and were not resent: --at-most-once, or the copies allowed were spent. The SMSC may or may not have them.' },
  { code: EXIT.locked, name: 'locked', meaning: 'The --journal file is in use by another smpp-send run (its pid and start time are named); nothing was sent. A lock left by a killed run is taken over.' },
  { code: EXIT.mismatch, name: 'mismatch', meaning: 'The --journal file belongs to a different job (other text, input or sender); nothing was sent. Start a new journal file, or continue knowingly (see Reliability).' },
  { code: EXIT.journal, name: 'journal', meaning: 'The journal could not be used: not a journal or not a regular file, or a write failed (disk full, file too large); the run stopped in order and unbound.' },
  { code: EXIT.countShort, name: 'countShort', meaning: 'listen: --timeout ran out before --count messages arrived (those that did were printed).' },
  { code: EXIT.refused, name: 'refused', meaning: 'query, cancel or replace: the SMSC answered at least one id with an error status (unknown id, already final, wrong source address, not supported); its name is printed.' },
  { code: EXIT.interrupted, name: 'interrupted', meaning: 'Stopped by SIGINT or SIGTERM; outstanding replies were awaited briefly and the session unbound.' },
  { code: EXIT.pipe, name: 'pipe', meaning: 'Standard output or error was closed early (e.g. piped into head): no new messages were taken, those in flight were settled and journaled, and the session unbound. Rerun with the same --journal to finish.' },
];
