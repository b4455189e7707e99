// The words that belong to the session layer's caller. smpp/ states what happened, with the
// facts (a Failure); how the caller's user knows each setting, and what to advise them, comes
// from a Wording passed in the options: the CLI's names its flags (config/session-wording.ts).
// Advice that needs no setting (about the SMSC or the network) is written where the failure is
// found. Without a Wording, messages name the option fields and carry no advice.

/** Why a TLS certificate was refused. */
export type TlsProblem = 'untrusted' | 'out-of-date' | 'wrong-host' | 'revoked';

/** The settings a message may name: a limit that was reached, a file that was given. */
export type Setting = 'connectTimeout' | 'responseTimeout' | 'ca';

/** What went wrong, with the facts the advice depends on. */
export type Failure =
  | { kind: 'refused' | 'dns' | 'unreachable' | 'tls-handshake' | 'connect-failed' | 'tls-expected' | 'not-smpp' }
  | { kind: 'no-answer' | 'closed-early' | 'no-bind-answer'; tls: boolean } // the peer: silent, hung up, no bind_resp
  | { kind: 'certificate'; problem: TlsProblem; ca: string | undefined }
  | { kind: 'bind-refused'; status: number }
  | { kind: 'ca-unreadable' | 'ca-damaged' }
  | { kind: 'ca-no-certificate'; path: string; der: boolean }
  | { kind: 'response-timeout' | 'enquire-link-timeout' | 'protocol' | 'short-message-too-long' };

export interface Wording {
  /** How the user knows a setting (the CLI: its flag). */
  setting(name: Setting): string;
  /** What the user can do about it; undefined: nothing to say. */
  advice(failure: Failure): string | undefined;
}

const FIELDS: Record<Setting, string> = { connectTimeout: 'connectTimeoutMs', responseTimeout: 'responseTimeoutMs', ca: 'ca' };

/** No caller's words: settings by their option field, no advice. */
export const PLAIN_WORDING: Wording = {
  setting: (name) => FIELDS[name],
  advice: () => undefined,
};
