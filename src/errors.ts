// Errors a user can cause or meet. Each carries its exit code and, where we know one, a fix.
// src/cli/main.ts prints them as one line; a stack trace only with --debug.
import { EXIT, type ExitCode } from './exit-codes.js';

export abstract class SmppSendError extends Error {
  abstract readonly exitCode: ExitCode;
  /**
   * Whether the run asked for JSON output, when an error stops it before its reporter exists
   * (--json from a config file or profile): main then still prints the error and summary objects.
   */
  json?: boolean;
  constructor(message: string, readonly fix?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * What is wrong with one value of one field (`to`, `from`), without saying where the value came
 * from: the same number may be a --to flag or the `to` column of a batch row.
 */
export interface InputProblem {
  field: string;
  value: string; // as given
  reason: string;
}

/** Where a field's value was given: typed as a flag, or read from a row of a file. */
export type FieldOrigin = 'flag' | 'row';

/** `--to "+44abc": reason` for a flag, `to "+44abc": reason` for a CSV column or JSON field. */
export function renderInputProblem(p: InputProblem, origin: FieldOrigin): string {
  return `${origin === 'flag' ? '--' : ''}${p.field} ${JSON.stringify(p.value)}: ${p.reason}`;
}

/** Bad flags, arguments or input data (numbers, texts, CSV rows, templates). */
export class UsageError extends SmppSendError {
  readonly exitCode = EXIT.usage;
  /** Set when the error is about one value: the message then names it as a flag. */
  declare readonly problem?: InputProblem;
  constructor(what: string | InputProblem, fix?: string, options?: ErrorOptions) {
    super(typeof what === 'string' ? what : renderInputProblem(what, 'flag'), fix, options);
    // Not enumerable: the message already says it all, so errors still compare and print by it.
    if (typeof what !== 'string') Object.defineProperty(this, 'problem', { value: what, enumerable: false });
  }
}

/** A text that cannot be sent as asked (unencodable, too long, empty). */
export class TextError extends UsageError {}

/** A malformed or unsuitable address. */
export class AddressError extends UsageError {}

/** Config file missing, unreadable, malformed or invalid; unknown profile. */
export class ConfigError extends SmppSendError {
  readonly exitCode = EXIT.config;
}

/** Could not reach a working SMPP peer: DNS, refused, timeout, TLS, not SMPP, link lost. */
export class ConnectError extends SmppSendError {
  readonly exitCode = EXIT.connection;
}

/** The SMSC answered bind with a non-zero command_status. */
export class BindError extends SmppSendError {
  readonly exitCode = EXIT.bind;
  constructor(message: string, readonly status: number, fix?: string, options?: ErrorOptions) {
    super(message, fix, options);
  }
}

/** A request answered with a non-zero command_status (submit_sm_resp, generic_nack). */
export class SmscStatusError extends SmppSendError {
  readonly exitCode = EXIT.rejected;
  constructor(message: string, readonly status: number, fix?: string, options?: ErrorOptions) {
    super(message, fix, options);
  }
}

/** No response within --response-timeout: the SMSC may or may not have the request. */
export class ResponseTimeoutError extends SmppSendError {
  readonly exitCode = EXIT.unconfirmed;
}

/** The link closed (or was found dead) while requests were in flight or about to be sent. */
export class LinkClosedError extends SmppSendError {
  readonly exitCode = EXIT.connection;
}

/**
 * A journal that cannot be used: not a journal, not a regular file, unreadable or unwritable.
 * Its own class (exit 11, `journal`) so scripts can tell it from a bad flag (2).
 */
export class JournalError extends SmppSendError {
  readonly exitCode = EXIT.journal;
}

/** The journal is in use by another run (exit 9, `locked`): two runs would both send. */
export class JournalLockedError extends SmppSendError {
  readonly exitCode = EXIT.locked;
}

/** The journal records another job (exit 10, `mismatch`): a rerun would send other messages. */
export class JobMismatchError extends SmppSendError {
  readonly exitCode = EXIT.mismatch;
}

export function isKnownError(err: unknown): err is SmppSendError {
  return err instanceof SmppSendError;
}

/** Mask a secret for display: never its length, never a character of it. */
export const MASK = '********';
