// What a run reports, as data. Reporters (src/cli/reporters/) turn these into lines; the run
// itself never prints. The JSON reporter writes these objects almost as they are, so field names
// here are the public JSON schema documented in the README.
import type { Receipt } from '../sms/receipt.js';
import type { MoRecord } from '../receive/record.js';

export type PartStatus = 'queued' | 'accepted' | 'rejected' | 'unconfirmed' | 'unsent';

export interface PartResult {
  index: number; // 0-based
  status: PartStatus;
  messageId?: string;
  commandStatus?: number;
  statusName?: string;
  attempts: number;
  receipt?: Receipt;
  receiptAt?: number; // epoch ms
}

/** Where one logical message stands. */
export type MessageState =
  | 'pending' // not all parts answered yet
  | 'accepted' // every part accepted by the SMSC
  | 'rejected' // a part permanently rejected (or retries exhausted)
  | 'unconfirmed' // a part got no reply and was not resent (--at-most-once, or its copies spent)
  | 'unsent' // the link died and could not be restored before it was sent
  | 'delivered' // every part has a final successful receipt
  | 'acceptd' // every part has a final receipt, none failed, at least one ACCEPTD (not delivered)
  | 'failed'; // a part has a final failure receipt

export interface MessageRecord {
  key: string;
  to: string; // as given
  from?: string;
  line?: number;
  source: string;
  encoding: string;
  dataCoding: number;
  parts: PartResult[];
  state: MessageState;
  possibleDuplicate: boolean; // resent after a submit whose reply never came
  submittedAt?: number; // first part sent, epoch ms
}

import type { SkippedRow } from './source.js';
export type { SkippedRow };

export type RunEvent =
  | { type: 'connecting'; bind: number; host: string; port: number }
  | { type: 'bound'; bind: number; reconnect: boolean }
  | { type: 'link-lost'; bind: number; reason: string }
  | { type: 'accepted'; message: MessageRecord }
  | { type: 'rejected'; message: MessageRecord; part: PartResult; reason: string }
  | { type: 'unconfirmed'; message: MessageRecord; reason: string } // why: copies, timeouts, drops
  | { type: 'unsent'; message: MessageRecord; reason: string }
  | { type: 'retrying'; message: MessageRecord; part: PartResult; delayMs: number; reason: string }
  | { type: 'skipped'; row: SkippedRow }
  | { type: 'duplicate'; row: SkippedRow }
  | { type: 'resumed'; message: MessageRecord } // already done according to the journal
  | { type: 'receipt'; message: MessageRecord; part: PartResult; receipt: Receipt; latencyMs?: number }
  | { type: 'mo'; mo: MoRecord } // a mobile-originated message received during the run (listen's record)
  | { type: 'waiting'; pending: number; timeoutMs: number }
  | { type: 'warning'; message: string }; // something the user should know; the run goes on

export interface RunCounts {
  messages: number; // logical messages taken from the input (not skipped)
  parts: number; // submit_sm PDUs answered with ROK
  accepted: number;
  rejected: number;
  unconfirmed: number;
  unsent: number;
  skipped: number;
  duplicates: number; // duplicate rows not sent
  resumed: number; // already done per the journal, not sent again
  possibleDuplicates: number; // resent after an unconfirmed submit
  retries: number;
  delivered: number;
  failed: number; // final failure receipts
  acceptd: number; // final ACCEPTD receipts (accepted for the subscriber): neither delivered nor failed
  receiptsPending: number; // accepted, receipts awaited, none final at the end
  noFailureReported: number; // --receipt failure --wait: no failure receipt by the end of the wait
  unmatchedReceipts: number; // receipts for ids this run did not send
  mo: number; // mobile-originated messages received during the run (incomplete ones too)
}

export interface RunSummary {
  counts: RunCounts;
  byStatus: Record<string, number>; // command_status name -> count of rejected parts
  byReceiptState: Record<string, number>;
  elapsedMs: number;
  sendingMs?: number; // first submit to last accepted part (rate.ts)
  avgRate: number; // submit rate: accepted parts per second of sending time (at least 1 s counted)
  peakRate: number; // submit rate: accepted parts in the busiest one-second span, at least avgRate
  interrupted: boolean;
  dryRun?: boolean; // a --dry-run: only messages, parts, skipped and duplicates are counted
  byEncoding?: Record<string, { messages: number; parts: number }>; // --dry-run: the cost estimate
  fatal?: { message: string; exitCode: number; stack?: string }; // stack: printed with --debug only
  /** The first few receipts for ids this run did not send (all are counted in unmatchedReceipts). */
  unmatchedSample?: { id: string; state: string }[];
  exitCode: number;
}

export function emptyCounts(): RunCounts {
  return {
    messages: 0, parts: 0, accepted: 0, rejected: 0, unconfirmed: 0, unsent: 0, skipped: 0,
    duplicates: 0, resumed: 0, possibleDuplicates: 0, retries: 0, delivered: 0, failed: 0, acceptd: 0,
    receiptsPending: 0, noFailureReported: 0, unmatchedReceipts: 0, mo: 0,
  };
}
