// The resolved settings of one run: defaults < config file (top level < profile) < environment
// < flags. Everything downstream (send/, smpp/) reads this and nothing else of the outside world.
import type { Coding, SmscAlphabet, SplitMode } from '../sms/plan.js';

export type BindMode = 'transceiver' | 'transmitter' | 'receiver'; // receiver: smpp-send listen only

export interface Settings {
  // connection
  host: string;
  port: number; // 2775, or 3550 with tls, unless given
  tls: boolean;
  ca?: string; // PEM file path
  insecure: boolean; // skip TLS certificate checks
  systemId: string;
  password: string; // secret: never printed
  systemType: string;
  interfaceVersion: number; // 0x34 default
  bind: BindMode;
  addressRange: string;
  addrTon: number;
  addrNpi: number;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  enquireLinkMs: number; // 0 = off
  binds: number;
  window: number;
  tps: number; // 0 = unlimited
  retries: number;
  retryDelayMs: number;
  reconnectAttempts: number;
  reconnectDelayMs: number;
  atMostOnce: boolean;

  // message
  from?: string;
  fromTon?: number;
  fromNpi?: number;
  to: string[];
  toTon?: number;
  toNpi?: number;
  toFile?: string; // path or '-'
  batch?: string; // CSV/JSONL path or '-'
  batchFormat?: 'csv' | 'jsonl'; // default: from the file extension, else csv
  toColumn: string; // CSV column / JSON field holding the recipient ('to')
  delimiter?: string; // CSV separator; default: detected from the header row (, ; or tab)
  text?: string; // '-' means stdin
  hex?: string; // binary payload for coding binary
  udh?: string; // hex user UDH for binary payloads
  coding: Coding;
  smscAlphabet: SmscAlphabet;
  transliterate: boolean;
  flash: boolean;
  split: SplitMode;
  maxParts: number;
  validity?: string; // already SMPP time format
  schedule?: string; // already SMPP time format
  priority: number; // 0..3
  tlv: { tag: number; value: Buffer }[];
  serviceType: string;
  strict: boolean;
  allowDuplicates: boolean;
  journal?: string;
  allowJobChange?: boolean; // resume a --journal although its job (text, input, sender) differs

  // receipts
  wait: false | number; // ms to wait for final receipts; false = do not wait
  receipt: 'auto' | 'always' | 'never' | 'failure'; // registered_delivery; auto = on when waiting or journaling
  acceptd: 'final' | 'intermediate'; // what an ACCEPTD receipt means (SMPP 3.4: final)

  // receive side (smpp-send listen / query / cancel / replace; see src/receive/)
  count?: number; // listen: stop after this many messages
  timeout?: number; // listen: stop after this many ms
  reassemblyTimeoutMs: number; // listen: print an incomplete multi-part message after this long
  exec?: string; // listen: a shell command run per message (fields in SMPP_* env vars)
  execConcurrency: number; // listen: --exec commands at once

  // output
  json: boolean;
  quiet: boolean;
  debug: boolean;
  color: boolean | 'auto';
  dryRun: boolean;
  progress: boolean | 'auto';
}

/** Where a setting's value came from, for messages such as "port (from SMPP_PORT)". */
export type Origin = 'default' | 'config' | 'profile' | 'env' | 'flag';
