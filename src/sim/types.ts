// The simulator's public shapes. Re-exported from index.ts; kept apart so every sim file can
// import them without importing the server.
import type { SmscAlphabet } from '../sms/choose-encoding.js';
import type { MoInput } from './mo.js';
import type { RateLimit } from './rate-limit.js';

// SmscAlphabet (how data_coding 0 is read) is the planner's own type, re-exported for sim users.
export type { MoInput, SmscAlphabet };
export type { RateLimit, RateLimitMode } from './rate-limit.js';

/** Where a message id or receipt id comes from: see ids.ts. */
export type IdFormat = 'decimal' | 'hex' | 'uuid';
export type ReceiptIdFormat = 'same' | 'decimal' | 'hex' | 'zero-padded-decimal';
export type ReceiptStyle = 'tlv+text' | 'text' | 'tlv';

/** What becomes of messages to destinations matching `to` (string = prefix): stat, err, when. */
export interface OutcomeRule {
  to: string | RegExp;
  stat: string;
  err?: string;
  delayMs?: number;
}

export interface SimOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 0 (a free port, read it back from `sim.port`). */
  port?: number;
  /** Serve TLS (`ssmpp://`) instead of plain TCP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Credentials checked on bind: wrong system id → ESME_RINVSYSID, wrong password → ESME_RINVPASWD. */
  systemId?: string;
  password?: string;
  /** message_id in submit_sm_resp; default decimal, sequential. hex is the same counter in lower-case hex. */
  idFormat?: IdFormat;
  /** First value of the id counter; default a random number in 1,000,000..9,999,999. */
  firstId?: number;
  /** Id written inside receipts (SMSCs mix formats); default 'same'. */
  receiptIdFormat?: ReceiptIdFormat;
  /** Delay before a receipt; default 20 ms. Receipts only when registered_delivery asks. */
  receiptDelayMs?: number;
  /** default tlv+text: receipted_message_id + message_state (+ network_error_code) and the Appendix B text. */
  receiptStyle?: ReceiptStyle;
  /** First match by destination decides the receipt; default stat DELIVRD err 000. */
  outcomes?: OutcomeRule[];
  /**
   * Enforce a submit rate as SMSCs do: answer ESME_RTHROTTLED above `tps` per calendar second
   * ('per-second'), per sliding second ('sliding', the default) or closer than 1/tps s apart
   * ('min-gap'). Throttled submits do not count, and skip onSubmit. See rate-limit.ts.
   */
  rateLimit?: RateLimit;
  /** Delay every submit_sm_resp (to exercise windows). */
  responseDelayMs?: number;
  /** The sim sends its own enquire_link every N ms on every session (0 = off). */
  enquireLinkMs?: number;
  /** How to read data_coding 0 ("SMSC default alphabet"); default gsm7. */
  smscAlphabet?: SmscAlphabet;
  onBind?: (bind: LoggedPdu) => { status?: number; delayMs?: number } | void;
  onSubmit?: (submit: LoggedPdu, ctx: { index: number; session: number }) => SubmitAction | void;
  /** Every PDU received and sent, as it happens (the CLI's `--log -` uses it). */
  onPdu?: (pdu: LoggedPdu) => void;
  /** Connections, binds, closes and session errors, as they happen. */
  onEvent?: (event: SimEvent) => void;
  /** A message complete: one part, or every part of a long one joined as a handset would. */
  onMessage?: (message: SimMessage) => void;
  /** Append every PDU (received and sent) as a JSON line. */
  logFile?: string;
  /**
   * Keep `received`, `messages` and `events` in memory; default true. The CLI turns it off so a
   * long-running or benchmarked simulator does not grow.
   */
  record?: boolean;
}

export interface SubmitAction {
  /** Non-zero: error submit_sm_resp with that command_status (no message_id, no receipt). */
  status?: number;
  /** Delay this reply (overrides responseDelayMs). */
  delayMs?: number;
  /** 'none': never answer; 'generic_nack': answer generic_nack (status, default ESME_RINVCMDID). */
  reply?: 'normal' | 'none' | 'generic_nack';
  /** Destroy the socket (a simulated link drop) before or right after the reply. */
  drop?: 'before-reply' | 'after-reply';
  messageId?: string;
  /**
   * false: no receipt. An object replaces the outcome; registered_delivery still decides whether
   * it is sent. beforeResp: the receipt goes out just before the submit_sm_resp; duplicate: twice.
   */
  receipt?: false | { stat: string; err?: string; delayMs?: number; beforeResp?: boolean; duplicate?: boolean };
}

export interface LoggedPdu {
  t: number;
  session: number;
  dir: 'in' | 'out';
  command: string;
  status: number;
  seq: number;
  /** Params and TLVs; Buffers as lower-case hex strings; the bind password masked. */
  fields: Record<string, unknown>;
  /** submit_sm/deliver_sm: decoded text of this PDU's payload (UDH removed). */
  text?: string;
}

/** A reassembled logical message (UDH 8/16-bit ref, SAR TLVs, message_payload, or single). */
export interface SimMessage {
  session: number;
  from: string;
  to: string;
  sourceTon: number;
  sourceNpi: number;
  destTon: number;
  destNpi: number;
  dataCoding: number;
  esmClass: number;
  text: string;
  parts: number;
  /** One per part, in part order. */
  messageIds: string[];
  registeredDelivery: number;
  complete: boolean;
}

export interface SimEvent {
  t: number;
  session: number;
  type: 'connect' | 'bind' | 'bind-refused' | 'unbind' | 'close' | 'error'; // bind-refused: detail says why
  detail?: string;
}

export interface SimStats {
  /** Peak of `outstanding`. */
  maxOutstanding: number;
  /** submit_sm received and not yet answered, over the whole sim (a closed session's are dropped). */
  outstanding: number;
  /** Unix second → submit_sm received in that second. */
  perSecond: Map<number, number>;
  /** Successful binds. */
  binds: number;
  /** submit_sm received. */
  submits: number;
  /** submit_sm answered ESME_RTHROTTLED by `rateLimit`. */
  throttled: number;
  /** deliver_sm (receipts included) waiting for a receiver or transceiver to bind. */
  held: number;
}

export interface Sim {
  host: string;
  port: number;
  /** smpp://host:port, or ssmpp://host:port with TLS. */
  url: string;
  systemId: string;
  password: string;
  /** Every PDU received (dir 'in'), in order. */
  received: LoggedPdu[];
  /** Complete reassembled messages, in completion order. */
  messages: SimMessage[];
  /** Connections, binds, closes, session errors. */
  events: SimEvent[];
  stats: SimStats;
  /** Open sessions (connected, bound or not). */
  sessions(): number;
  /** Change behaviour live, credentials included (host, port and tls are fixed once started). */
  set(options: Partial<SimOptions>): void;
  /** Send unbind to every live session; each closes on unbind_resp (or after a second). */
  sendUnbind(): void;
  /** Write bytes no SMPP peer can parse (default: a PDU header claiming 4 GiB). */
  sendGarbage(bytes?: Buffer): void;
  sendRaw(bytes: Buffer): void;
  /** Destroy every socket (a simulated network failure). */
  dropAll(): void;
  /** While on, requests are read and logged but never answered (a hung SMSC). */
  stopAnswering(on: boolean): void;
  /**
   * A mobile-originated message, as a handset sends it (one deliver_sm per part), to a bound
   * receiver/transceiver or held until one binds. Returns the number of parts queued.
   */
  injectMo(input: MoInput): number;
  /** Push a deliver_sm to a bound receiver/transceiver, or keep it until one binds. */
  deliver(to: string, fields: Record<string, unknown>): void;
  close(): Promise<void>;
}
