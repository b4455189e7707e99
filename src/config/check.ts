// Rules between settings that no single value parser can see, and the defaults that depend on
// other settings (port with TLS, text from a piped stdin, batch format from the file name).
// Pure: facts about the process (is stdin a terminal?) come in as arguments.
import { UsageError } from '../errors.js';
import { batchFormatOf, checkTextOrHex, STDIN_READER_FLAGS, stdinReaders } from '../input/input-rules.js';
import { OPTIONS, type OptionKey } from './options.js';
import { parseAddress } from '../sms/address.js';
import { smppTimeAt } from '../sms/time.js';
import type { Merged } from './merge.js';
import type { Origin, Settings } from './settings.js';

export interface CheckFacts {
  /** send (default); probe: no text needed, recipients optional; show (`config`): nothing required. */
  purpose?: 'send' | 'probe' | 'show';
  stdinIsTTY: boolean;
  passwordOnCommandLine: boolean;
  now?: Date; // the run's start: relative --validity/--schedule count from it
}

export interface Checked {
  settings: Settings;
  origins: Record<keyof Settings, Origin>;
  warnings: string[];
}

export const TLS_PORT = 3550;

export const PASSWORD_FLAG_WARNING =
  '--password on the command line is visible to other users in the process list; prefer SMPP_PASSWORD or the config file (chmod 600)';

export function checkSettings(merged: Merged, facts: CheckFacts): Checked {
  const draft = newDraft(merged);
  const sending = (facts.purpose ?? 'send') === 'send';
  checkWhatToSend(draft);
  checkWhoToSendTo(draft, sending);
  checkTextSource(draft, facts, sending);
  checkReceipts(draft.s);
  checkTimes(draft.s, facts);
  checkConnection(draft, facts);
  checkCommandLineNumbers(draft.s);
  return finish(draft);
}

/** The settings being checked, with their origins; `set` fills a default that depends on others. */
interface Draft {
  s: Partial<Record<OptionKey, unknown>> & Settings;
  origins: Record<OptionKey, Origin>;
  warnings: string[];
  set: <K extends keyof Settings>(key: K, value: Settings[K]) => void;
}

function newDraft(merged: Merged): Draft {
  const s = { ...merged.values } as Draft['s'];
  const origins = { ...merged.origins } as Record<OptionKey, Origin>;
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    s[key] = value;
    origins[key] = 'default';
  };
  return { s, origins, warnings: [], set };
}

/** Text or binary bytes, and the coding that can carry them. */
function checkWhatToSend({ s, set }: Draft): void {
  checkTextOrHex(s);
  if (s.udh !== undefined && s.hex === undefined) {
    throw new UsageError('--udh goes with a binary message: give the bytes with --hex HEX');
  }
  if (s.hex !== undefined) {
    if (s.coding === 'auto') set('coding', 'binary');
    else if (s.coding !== 'binary') {
      throw new UsageError(`--hex sends binary bytes, which --coding ${s.coding} cannot carry; drop --coding or use --coding binary`);
    }
  } else if (s.coding === 'binary') {
    throw new UsageError('--coding binary needs the bytes: give them with --hex HEX');
  }
}

/** --batch may be combined with --to/--to-file: src/send/source.ts checks that a template's
 * {fields} exist for every recipient. */
function checkWhoToSendTo({ s, set }: Draft, sending: boolean): void {
  if (sending && s.to.length === 0 && s.toFile === undefined && s.batch === undefined) {
    throw new UsageError('no recipient: give --to NUMBER, --to-file FILE or --batch FILE');
  }
  if (s.batch !== undefined && s.batchFormat === undefined) {
    set('batchFormat', batchFormatOf(s.batch));
  }
}

/** The text, from standard input when it is piped and nothing else reads it. */
function checkTextSource({ s, set }: Draft, facts: CheckFacts, sending: boolean): void {
  if (sending && s.text === undefined && s.hex === undefined && s.batch === undefined) {
    if (s.toFile === '-') {
      throw new UsageError('no text: give --text TEXT (standard input already holds the recipients from --to-file -)');
    }
    if (facts.stdinIsTTY) throw new UsageError('no text: give --text TEXT or pipe it on stdin');
    set('text', '-');
  }
  const readers = stdinReaders(s);
  if (readers.length > 1) {
    const flags = readers.map((k) => STDIN_READER_FLAGS[k]);
    throw new UsageError(`${flags.join(' and ')} both read standard input (-); only one of them can`);
  }
}

function checkReceipts(s: Settings): void {
  if (s.bind === 'receiver') {
    throw new UsageError('a receiver bind cannot send; use --bind transceiver or transmitter (receiver is for smpp-send listen)');
  }
  if (s.wait !== false && s.bind === 'transmitter') {
    throw new UsageError('a transmitter bind cannot receive delivery receipts; use --bind transceiver or drop --wait');
  }
  if (s.wait !== false && s.receipt === 'never') {
    throw new UsageError('--wait waits for delivery receipts, which --receipt never does not request; drop one of them');
  }
}

/** A message whose validity ends before its delivery time can never be delivered. */
function checkTimes(s: Settings, facts: CheckFacts): void {
  if (s.validity === undefined || s.schedule === undefined || !facts.now) return;
  const validUntil = smppTimeAt(s.validity, facts.now);
  const deliverAt = smppTimeAt(s.schedule, facts.now);
  if (validUntil.getTime() <= deliverAt.getTime()) {
    throw new UsageError(
      `--validity ends (${validUntil.toISOString()}) before --schedule delivers (${deliverAt.toISOString()}): the message would expire unsent; give a --validity later than --schedule (both count from now)`,
    );
  }
}

function checkConnection({ s, origins, warnings, set }: Draft, facts: CheckFacts): void {
  if (s.tls && origins.port === 'default') set('port', TLS_PORT);
  if (!s.tls && (s.ca !== undefined || s.insecure)) {
    warnings.push(`${s.ca !== undefined ? '--ca' : '--insecure'} has no effect without --tls`);
  }
  if (s.systemId === '' && facts.purpose === 'show') warnings.push('no system id: give --system-id ID, set SMPP_SYSTEM_ID, or put systemId in the config file');
  else if (s.systemId === '' && !s.dryRun) {
    throw new UsageError('no system id: give --system-id ID, set SMPP_SYSTEM_ID, or put systemId in the config file');
  }
  if (facts.passwordOnCommandLine) warnings.push(PASSWORD_FLAG_WARNING);
}

/** A malformed number typed on the command line stops the run before anything connects (exit
 * 2); numbers from --to-file and --batch are checked row by row and skipped with their line. */
function checkCommandLineNumbers(s: Settings): void {
  for (const to of s.to) parseAddress(to, 'destination', { ton: s.toTon, npi: s.toNpi });
}

function finish({ s, origins, warnings }: Draft): Checked {
  for (const spec of OPTIONS) origins[spec.key] ??= 'default'; // unset optional keys too
  const { config: _c, profile: _p, ...settings } = s;
  const { config: _oc, profile: _op, ...settingOrigins } = origins;
  return { settings: settings as Settings, origins: settingOrigins, warnings };
}
