// The one table of options. It drives the commander program (src/cli/program.ts), --help
// (src/cli/help.ts), environment variables and config keys (src/config/), and the README tables
// (src/scripts/gen-docs.ts). Add an option here and nowhere else.
import type { Settings } from './settings.js';
import * as v from './values.js';
import { delimiterFromArg } from '../input/csv-delimiter.js';
import type { ParseContext, ValueParser } from './values.js';

export type OptionGroup = 'connection' | 'message' | 'input' | 'flow' | 'receipts' | 'receive' | 'output';

/** Settings fields, plus the two options that choose where settings come from. */
export type OptionKey = keyof Settings | 'config' | 'profile';

export type Env = Readonly<Record<string, string | undefined>>;

export interface OptionSpec {
  key: OptionKey; // Settings field
  flag: `--${string}`; // long flag; `--no-x` for a flag that turns x off
  short?: `-${string}`;
  arg?: string; // '<n>' takes a value, '[duration]' an optional one; none: a boolean flag
  env?: string; // environment variable read when the flag is absent
  envDisplay?: string; // shown in help and README instead of `env`
  readEnv?: (env: Env) => unknown; // for variables with their own conventions (NO_COLOR)
  group: OptionGroup;
  describe: string;
  default?: unknown; // the value when nothing sets it
  defaultText?: string; // how help shows the default, when the value alone would mislead
  parse: (raw: unknown, ctx: ParseContext) => unknown; // throws BadValue
  secret?: true; // never shown: masked in errors, help and traces
  repeatable?: true; // the flag may be given several times; values are collected
  choices?: readonly string[];
  config?: false; // not accepted in a config file (per-run input, or chooses the file itself)
  path?: true; // a file path: relative paths in a config file are relative to that file
}

const CODINGS = ['auto', 'gsm7', 'ucs2', 'latin1', 'ascii', 'binary'] as const;
const ALPHABETS = ['gsm7', 'latin1', 'ascii'] as const;
const SPLITS = ['udh8', 'udh16', 'sar', 'payload', 'none'] as const;
const BINDS = ['transceiver', 'transmitter', 'receiver'] as const;
const RECEIPTS = ['auto', 'always', 'never', 'failure'] as const;
const ACCEPTD = ['final', 'intermediate'] as const;
const BATCH_FORMATS = ['csv', 'jsonl'] as const;

const ton = v.int(0, 6);
const npi = v.int(0, 18);
const count = v.int(0, Number.MAX_SAFE_INTEGER);

/** --delimiter: one character (or the word tab). */
function delimiter(raw: unknown): string {
  const d = typeof raw === 'string' ? delimiterFromArg(raw) : undefined;
  if (d === undefined) throw new v.BadValue('one character such as ; or ,, or tab');
  return d;
}

function pick(choices: readonly string[]): Pick<OptionSpec, 'parse' | 'choices'> {
  return { parse: v.choice(choices), choices };
}

/** NO_COLOR (any non-empty value) wins; FORCE_COLOR turns colour on unless it is 0 or false. */
function colorFromEnv(env: Env): boolean | undefined {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force === undefined) return undefined;
  return !['0', 'false'].includes(force.trim().toLowerCase());
}

export const OPTIONS: readonly OptionSpec[] = [
  // connection
  { key: 'host', flag: '--host', short: '-H', arg: '<host>', env: 'SMPP_HOST', group: 'connection', describe: 'SMSC host name or IP address', default: 'localhost', parse: v.text() },
  { key: 'port', flag: '--port', short: '-p', arg: '<port>', env: 'SMPP_PORT', group: 'connection', describe: 'SMSC TCP port', default: 2775, defaultText: '2775, 3550 with --tls', parse: v.int(1, 65535) },
  { key: 'tls', flag: '--tls', env: 'SMPP_TLS', group: 'connection', describe: 'connect over TLS', default: false, parse: v.bool },
  { key: 'ca', flag: '--ca', arg: '<file>', env: 'SMPP_CA', group: 'connection', describe: 'PEM file of the certificate authority to trust for --tls', parse: v.path(), path: true },
  { key: 'insecure', flag: '--insecure', env: 'SMPP_INSECURE', group: 'connection', describe: 'with --tls, accept any server certificate (testing only; a warning on every run)', default: false, parse: v.bool },
  { key: 'systemId', flag: '--system-id', short: '-u', arg: '<id>', env: 'SMPP_SYSTEM_ID', group: 'connection', describe: 'system_id (user name) to bind with', default: '', defaultText: '', parse: v.text() },
  { key: 'password', flag: '--password', arg: '<password>', env: 'SMPP_PASSWORD', group: 'connection', describe: 'bind password; prefer SMPP_PASSWORD or the config file', default: '', defaultText: '', parse: v.text({ empty: true }), secret: true },
  { key: 'systemType', flag: '--system-type', arg: '<type>', env: 'SMPP_SYSTEM_TYPE', group: 'connection', describe: 'system_type sent in the bind', default: '', parse: v.text({ empty: true }) },
  { key: 'interfaceVersion', flag: '--interface-version', arg: '<version>', env: 'SMPP_INTERFACE_VERSION', group: 'connection', describe: 'interface_version sent in the bind: 0x34 (3.4), 0x50 (5.0), 0x33 (3.3)', default: 0x34, defaultText: '0x34', parse: v.interfaceVersion },
  { key: 'bind', flag: '--bind', arg: '<mode>', env: 'SMPP_BIND', group: 'connection', describe: 'bind as transceiver (can receive receipts), transmitter, or receiver (listen only)', default: 'transceiver', defaultText: 'transceiver; receiver for listen', ...pick(BINDS) },
  { key: 'addressRange', flag: '--address-range', arg: '<range>', env: 'SMPP_ADDRESS_RANGE', group: 'connection', describe: 'address_range sent in the bind', default: '', parse: v.text({ empty: true }) },
  { key: 'addrTon', flag: '--addr-ton', arg: '<ton>', env: 'SMPP_ADDR_TON', group: 'connection', describe: 'addr_ton sent in the bind (0..6)', default: 0, parse: ton },
  { key: 'addrNpi', flag: '--addr-npi', arg: '<npi>', env: 'SMPP_ADDR_NPI', group: 'connection', describe: 'addr_npi sent in the bind (0..18)', default: 0, parse: npi },
  { key: 'connectTimeoutMs', flag: '--connect-timeout', arg: '<duration>', env: 'SMPP_CONNECT_TIMEOUT', group: 'connection', describe: 'give up connecting and binding after this long', default: 10_000, defaultText: '10s', parse: v.duration() },
  { key: 'responseTimeoutMs', flag: '--response-timeout', arg: '<duration>', env: 'SMPP_RESPONSE_TIMEOUT', group: 'connection', describe: 'how long to wait for each response from the SMSC', default: 30_000, defaultText: '30s', parse: v.duration() },
  { key: 'enquireLinkMs', flag: '--enquire-link', arg: '<duration>', env: 'SMPP_ENQUIRE_LINK', group: 'connection', describe: 'keepalive interval (0 = off)', default: 30_000, defaultText: '30s', parse: v.duration({ zero: true }) },
  { key: 'config', flag: '--config', short: '-c', arg: '<file>', env: 'SMPP_CONFIG', group: 'connection', describe: 'read settings from this file instead of searching for .smpprc', parse: v.path(), config: false },
  { key: 'profile', flag: '--profile', short: '-P', arg: '<name>', env: 'SMPP_PROFILE', group: 'connection', describe: 'use the settings under profiles.<name> in the config file', parse: v.text(), config: false },

  // message
  { key: 'from', flag: '--from', short: '-f', arg: '<sender>', env: 'SMPP_FROM', group: 'message', describe: 'sender: +number, short code or alphanumeric name (max 11)', parse: v.text() },
  { key: 'fromTon', flag: '--from-ton', arg: '<ton>', env: 'SMPP_FROM_TON', group: 'message', describe: 'source TON, overriding the guess from --from', defaultText: 'from --from', parse: ton },
  { key: 'fromNpi', flag: '--from-npi', arg: '<npi>', env: 'SMPP_FROM_NPI', group: 'message', describe: 'source NPI, overriding the guess from --from', defaultText: 'from --from', parse: npi },
  { key: 'to', flag: '--to', short: '-t', arg: '<numbers>', group: 'message', describe: 'recipient(s); repeat the flag or separate with commas', default: [], defaultText: '', parse: v.recipients, repeatable: true },
  { key: 'toTon', flag: '--to-ton', arg: '<ton>', group: 'message', describe: 'destination TON, overriding the guess from each number', defaultText: 'from the number', parse: ton },
  { key: 'toNpi', flag: '--to-npi', arg: '<npi>', group: 'message', describe: 'destination NPI, overriding the guess from each number', defaultText: 'from the number', parse: npi },
  { key: 'text', flag: '--text', short: '-m', arg: '<text>', group: 'message', describe: 'message text (a template with {column} fields for --batch); - reads standard input', defaultText: 'standard input when piped', parse: v.text(), config: false },
  { key: 'hex', flag: '--hex', arg: '<hex>', group: 'message', describe: 'send these bytes as a binary message (data_coding 4) instead of --text', parse: v.hex, config: false },
  { key: 'udh', flag: '--udh', arg: '<hex>', group: 'message', describe: 'user data header for --hex, with its length byte (e.g. 06050415811581)', parse: v.hex, config: false },
  { key: 'coding', flag: '--coding', arg: '<coding>', env: 'SMPP_CODING', group: 'message', describe: 'text encoding; auto picks gsm7, else ucs2', default: 'auto', ...pick(CODINGS) },
  { key: 'smscAlphabet', flag: '--smsc-alphabet', arg: '<alphabet>', env: 'SMPP_SMSC_ALPHABET', group: 'message', describe: 'what the SMSC means by data_coding 0', default: 'gsm7', ...pick(ALPHABETS) },
  { key: 'transliterate', flag: '--transliterate', group: 'message', describe: 'replace look-alike characters (curly quotes, dashes) to stay in GSM 7-bit', default: false, parse: v.bool },
  { key: 'flash', flag: '--flash', group: 'message', describe: 'send as a flash message (class 0, shown at once, not stored)', default: false, parse: v.bool },
  { key: 'split', flag: '--split', arg: '<mode>', env: 'SMPP_SPLIT', group: 'message', describe: 'how long texts are split: UDH 8/16-bit reference, SAR TLVs, message_payload, or not at all', default: 'udh8', ...pick(SPLITS) },
  { key: 'maxParts', flag: '--max-parts', arg: '<n>', group: 'message', describe: 'refuse texts that need more parts than this (1..255)', default: 10, parse: v.int(1, 255) },
  { key: 'validity', flag: '--validity', arg: '<time>', group: 'message', describe: 'give up delivery after: 10m, 2h, 1d, an ISO date or an SMPP time', parse: v.smppTime },
  { key: 'schedule', flag: '--schedule', arg: '<time>', group: 'message', describe: 'deliver later: 10m, 2h, an ISO date or an SMPP time', parse: v.smppTime, config: false },
  { key: 'priority', flag: '--priority', arg: '<n>', group: 'message', describe: 'priority_flag (0..3)', default: 0, parse: v.int(0, 3) },
  { key: 'tlv', flag: '--tlv', arg: '<tag=hex>', group: 'message', describe: 'extra TLV on every submit_sm, e.g. 0x1400=68656c6c6f; repeatable', default: [], defaultText: '', parse: v.tlvs, repeatable: true },
  { key: 'serviceType', flag: '--service-type', arg: '<type>', env: 'SMPP_SERVICE_TYPE', group: 'message', describe: 'service_type of each submit_sm', default: '', parse: v.text({ empty: true }) },

  // input
  { key: 'toFile', flag: '--to-file', arg: '<file>', group: 'input', describe: 'read recipients from a file, one per line; - reads standard input', parse: v.path({ dash: true }), config: false },
  { key: 'batch', flag: '--batch', arg: '<file>', group: 'input', describe: 'send one message per CSV row or JSON line; - reads standard input', parse: v.path({ dash: true }), config: false },
  { key: 'batchFormat', flag: '--batch-format', arg: '<format>', group: 'input', describe: 'format of --batch', defaultText: 'from the file name, else csv', ...pick(BATCH_FORMATS) },
  { key: 'toColumn', flag: '--to-column', arg: '<name>', group: 'input', describe: 'CSV column or JSON field holding the recipient', default: 'to', parse: v.text() },
  { key: 'delimiter', flag: '--delimiter', arg: '<char>', group: 'input', describe: 'CSV field separator: one character, or tab', defaultText: 'from the header row: , ; or tab', parse: delimiter },
  { key: 'strict', flag: '--strict', group: 'input', describe: 'stop at the first bad recipient or row instead of skipping it', default: false, parse: v.bool },
  { key: 'allowDuplicates', flag: '--allow-duplicates', group: 'input', describe: 'send again to a recipient already sent the same text in this run', default: false, parse: v.bool },

  // flow control
  { key: 'window', flag: '--window', arg: '<n>', env: 'SMPP_WINDOW', group: 'flow', describe: 'submits awaiting a response at once, per bind', default: 10, parse: v.int(1, 1000) },
  { key: 'tps', flag: '--tps', arg: '<n>', env: 'SMPP_TPS', group: 'flow', describe: 'at most this many submits per second, all binds together (0 = unlimited)', default: 0, parse: v.rate },
  { key: 'binds', flag: '--binds', arg: '<n>', env: 'SMPP_BINDS', group: 'flow', describe: 'number of parallel binds', default: 1, parse: v.int(1, 64) },
  { key: 'retries', flag: '--retries', arg: '<n>', env: 'SMPP_RETRIES', group: 'flow', describe: 'resend a submit refused with a temporary error this many times (throttling, ESME_RTHROTTLED/ESME_RMSGQFUL, has its own budget)', default: 3, parse: count },
  { key: 'retryDelayMs', flag: '--retry-delay', arg: '<duration>', env: 'SMPP_RETRY_DELAY', group: 'flow', describe: 'first wait before a retry (doubles each time)', default: 1000, defaultText: '1s', parse: v.duration({ zero: true }) },
  { key: 'reconnectAttempts', flag: '--reconnect-attempts', arg: '<n>', env: 'SMPP_RECONNECT_ATTEMPTS', group: 'flow', describe: 'reconnect this many times when the link drops, counted since the SMSC last answered a submit: then give up, exit 4 (0 = never)', default: 5, parse: count },
  { key: 'reconnectDelayMs', flag: '--reconnect-delay', arg: '<duration>', env: 'SMPP_RECONNECT_DELAY', group: 'flow', describe: 'first wait before reconnecting (doubles each time)', default: 1000, defaultText: '1s', parse: v.duration({ zero: true }) },
  { key: 'atMostOnce', flag: '--at-most-once', env: 'SMPP_AT_MOST_ONCE', group: 'flow', describe: 'never resend a submit whose response was lost (no duplicates, maybe no message)', default: false, parse: v.bool },
  { key: 'journal', flag: '--journal', arg: '<file>', group: 'flow', describe: 'record progress in this file; rerunning resumes where it stopped (listen: attach late receipts to its messages)', parse: v.path(), path: true },
  { key: 'allowJobChange', flag: '--allow-job-change', group: 'flow', describe: 'resume a --journal although the text, input or sender differ from its job', default: false, parse: v.bool, config: false },

  // receipts
  { key: 'wait', flag: '--wait', short: '-w', arg: '[duration]', group: 'receipts', describe: 'wait for delivery receipts, at most this long', default: false, defaultText: `off; ${v.DEFAULT_WAIT_MS / 60_000}m when given without a value`, parse: v.wait },
  { key: 'receipt', flag: '--receipt', arg: '<when>', group: 'receipts', describe: 'request receipts: auto (when waiting or journaling), always, never, only on failure', default: 'auto', ...pick(RECEIPTS) },
  { key: 'acceptd', flag: '--acceptd', arg: '<meaning>', group: 'receipts', describe: 'an ACCEPTD receipt (message_state 6) is final (SMPP 3.4: accepted for the subscriber) or intermediate (a gateway\'s early acknowledgement, then the real outcome)', default: 'final', ...pick(ACCEPTD) },

  // receive side: smpp-send listen (query/cancel/replace reuse --journal, --from, --text)
  { key: 'count', flag: '--count', arg: '<n>', group: 'receive', describe: 'listen: stop after this many messages (MO and receipts)', parse: v.int(1, Number.MAX_SAFE_INTEGER), config: false },
  { key: 'timeout', flag: '--timeout', arg: '<duration>', group: 'receive', describe: 'listen: stop after this long', defaultText: 'run until stopped', parse: v.duration(), config: false },
  { key: 'exec', flag: '--exec', arg: '<cmd>', group: 'receive', describe: 'listen: run this shell command per message, its fields in SMPP_* environment variables (never in the command line)', parse: v.text(), config: false },
  { key: 'execConcurrency', flag: '--exec-concurrency', arg: '<n>', group: 'receive', describe: 'listen: --exec commands run at once (1-16); 100 more wait, then deliveries are refused until one ends', default: 1, parse: v.int(1, 16), config: false },
  { key: 'reassemblyTimeoutMs', flag: '--reassembly-timeout', arg: '<duration>', env: 'SMPP_REASSEMBLY_TIMEOUT', group: 'receive', describe: 'listen (and MO during a send run): print a multi-part message still missing parts after this long', default: 60_000, defaultText: '60s', parse: v.duration() },

  // output
  { key: 'json', flag: '--json', group: 'output', describe: 'print results as JSON lines on stdout', default: false, parse: v.bool },
  { key: 'quiet', flag: '--quiet', short: '-q', group: 'output', describe: 'print nothing but errors and failed messages (on stderr, at most 20)', default: false, parse: v.bool },
  { key: 'debug', flag: '--debug', env: 'SMPP_DEBUG', group: 'output', describe: 'trace every PDU (password masked) and show stack traces', default: false, parse: v.bool },
  { key: 'color', flag: '--no-color', envDisplay: 'NO_COLOR, FORCE_COLOR', readEnv: colorFromEnv, group: 'output', describe: 'no colours (config: true, false or auto)', default: 'auto', defaultText: 'auto (on for a terminal)', parse: v.triState },
  { key: 'progress', flag: '--no-progress', group: 'output', describe: 'no progress line (config: true, false or auto)', default: 'auto', defaultText: 'auto (on for a terminal)', parse: v.triState },
  { key: 'dryRun', flag: '--dry-run', short: '-n', group: 'output', describe: 'show the encoding and parts of each message, connect to nothing', default: false, parse: v.bool, config: false },
];

export const GROUP_TITLES: Readonly<Record<OptionGroup, string>> = {
  connection: 'Connection',
  message: 'Message',
  input: 'Input',
  flow: 'Flow control',
  receipts: 'Receipts',
  receive: 'Receiving (listen, query, cancel, replace)',
  output: 'Output',
};

/** The config-file key: the flag in camelCase (`--connect-timeout` -> `connectTimeout`). */
export function configKey(spec: OptionSpec): string {
  return spec.flag.replace(/^--(no-)?/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Options a config file may set, by config key. */
export const CONFIG_OPTIONS: ReadonlyMap<string, OptionSpec> = new Map(
  OPTIONS.filter((o) => o.config !== false).map((o) => [configKey(o), o]),
);

export function findOption(key: OptionKey): OptionSpec {
  const spec = OPTIONS.find((o) => o.key === key);
  if (!spec) throw new Error(`no option for ${key}`);
  return spec;
}

/** The environment variable(s) for an option, as shown to users. */
export function envLabel(spec: OptionSpec): string | undefined {
  return spec.envDisplay ?? spec.env;
}

/** The raw environment value for an option, if set (an empty variable counts as unset). */
export function envValue(spec: OptionSpec, env: Env): unknown {
  if (spec.readEnv) return spec.readEnv(env);
  if (!spec.env) return undefined;
  const raw = env[spec.env];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** How help and README show a default. */
export function defaultLabel(spec: OptionSpec): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const d = spec.default;
  if (d === undefined || d === false || d === '') return '';
  if (Array.isArray(d)) return d.length ? d.join(',') : '';
  return String(d);
}

export type { ParseContext, ValueParser };

/** Subcommands of the receive side (src/receive/): the connection options, plus their own. */
export const RECEIVE_COMMANDS = ['listen', 'query', 'cancel', 'replace'] as const;
export type ReceiveCommandName = (typeof RECEIVE_COMMANDS)[number];
