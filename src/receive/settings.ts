// The settings rules of the receive-side commands (listen, query, cancel, replace), in place of
// the send run's checks (src/config/check.ts): no recipient or text is needed, the bind mode
// follows the command. Pure.
import { UsageError } from '../errors.js';
import { OPTIONS, type OptionKey } from '../config/options.js';
import type { ReceiveCommandName } from '../config/options.js';
import type { Merged } from '../config/merge.js';
import { PASSWORD_FLAG_WARNING, TLS_PORT } from '../config/check.js';
import type { Origin, Settings } from '../config/settings.js';

/** Options that only mean something to `listen`; refused elsewhere so a typo is not silently ignored. */
export const LISTEN_ONLY: readonly OptionKey[] = ['count', 'timeout', 'exec', 'execConcurrency'];
/** Options of a send run that a receive command would silently ignore. */
const SEND_ONLY: readonly OptionKey[] = ['to', 'toFile', 'batch', 'hex', 'udh', 'dryRun', 'wait'];

export interface ReceiveChecked {
  settings: Settings;
  warnings: string[];
}

export function checkReceiveSettings(
  command: ReceiveCommandName,
  merged: Merged,
  facts: { passwordOnCommandLine: boolean; flags: readonly OptionKey[] },
): ReceiveChecked {
  const s = { ...merged.values } as Partial<Record<OptionKey, unknown>> & Settings;
  const origins = merged.origins as Partial<Record<OptionKey, Origin>>;
  const warnings: string[] = [];
  const flag = (key: OptionKey) => OPTIONS.find((o) => o.key === key)!.flag;

  for (const key of facts.flags) {
    if (SEND_ONLY.includes(key) || (command !== 'listen' && LISTEN_ONLY.includes(key))) {
      throw new UsageError(`${flag(key)} does not apply to smpp-send ${command}; see the Receiving section of the README`);
    }
  }
  if (command !== 'replace' && facts.flags.includes('text')) {
    throw new UsageError(`--text does not apply to smpp-send ${command}; only replace takes a new text`);
  }

  // The bind: listen receives (receiver unless transceiver is asked for); the others send requests.
  if (command === 'listen') {
    if (s.bind === 'transmitter') {
      if (origins.bind === 'flag' || origins.bind === 'env') {
        throw new UsageError('a transmitter bind cannot receive: use --bind receiver (the default for listen) or transceiver');
      }
      s.bind = 'receiver'; // a config file's bind is for sending
    } else if (origins.bind === undefined || origins.bind === 'default') s.bind = 'receiver';
  } else if (s.bind === 'receiver') {
    throw new UsageError(`a receiver bind cannot send ${command}_sm: use --bind transmitter (the default here) or transceiver`);
  } else if (origins.bind === undefined || origins.bind === 'default') {
    s.bind = 'transmitter'; // receives nothing, so it takes no receipt or MO away from a listener
  }

  if (s.tls && (origins.port === undefined || origins.port === 'default')) s.port = TLS_PORT;
  if (!s.tls && (s.ca !== undefined || s.insecure)) warnings.push(`${s.ca !== undefined ? '--ca' : '--insecure'} has no effect without --tls`);
  if (s.systemId === '') throw new UsageError('no system id: give --system-id ID, set SMPP_SYSTEM_ID, or put systemId in the config file');
  if (facts.passwordOnCommandLine) warnings.push(PASSWORD_FLAG_WARNING);

  const { config: _c, profile: _p, ...settings } = s;
  return { settings: settings as Settings, warnings };
}
