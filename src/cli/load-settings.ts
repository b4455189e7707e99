// loadSettings: from argv + environment + config file to what main should do. main prints `warnings` to
// stderr, prints `text` for help/version, and runs the send or the report.
import { findOption, type Env, type OptionKey, type ReceiveCommandName } from '../config/options.js';
import { parseArgs } from './program.js';
import { checkSettings } from '../config/check.js';
import { securityWarnings } from '../config/security.js';
import { loadConfigFile } from '../config/load.js';
import { mergeSettings, pickProfile } from '../config/merge.js';
import { parseEnv, parseFlags } from '../config/parse.js';
import type { LocalOffset } from '../sms/time.js';
import type { Origin, Settings } from '../config/settings.js';
import type { ParseContext } from '../config/values.js';
import type { Values } from '../config/parse.js';
import { SmppSendError } from '../errors.js';
import { checkConfig, usableConfig, type ConfigFile } from '../config/validate.js';

export interface LoadInput {
  argv: readonly string[]; // the user's arguments: process.argv.slice(2)
  env: Env;
  cwd: string;
  stdinIsTTY: boolean;
  now: Date; // relative --validity/--schedule count from here
  home?: string; // end of the config search; default env.HOME, else the OS's idea of home
  localOffset?: LocalOffset; // zone of zone-less ISO dates; default this machine's zone
}

/** This machine's offset from UTC, in minutes east, at a given wall-clock time (DST aware). */
export function machineOffset(wallClockAsUtc: Date): number {
  const w = wallClockAsUtc;
  const local = new Date(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds());
  return -local.getTimezoneOffset();
}

export interface SendCommand {
  command: 'send';
  settings: Settings;
  origins: Record<keyof Settings, Origin>;
  configFile?: string; // the file read, if any
  profile?: string; // the profile applied, if any
  warnings: string[]; // one line each, for stderr
}

/** `smpp-send config`: the settings a send would use, to be shown. */
export interface ConfigCommand extends Omit<SendCommand, 'command'> {
  command: 'config';
}

/** `smpp-send probe`: the settings a send would use, to check the SMSC with. */
export interface ProbeCommand extends Omit<SendCommand, 'command'> {
  command: 'probe';
}

export interface ReportCommand {
  command: 'report';
  file: string; // journal path, as given
  json: boolean;
  failed?: string; // --failed FILE: write the messages to retry as CSV
  color: boolean | 'auto';
  warnings: string[];
}

/** Print `text` to stdout as is (it ends with a newline), exit 0. Two members, so narrowing works. */
export type TextCommand = { command: 'help'; text: string } | { command: 'version'; text: string };

/** listen / query / cancel / replace (src/receive/): settings checked by their own rules. */
export interface ReceiveCommand {
  command: ReceiveCommandName;
  settings: Settings;
  ids: string[]; // message ids given as operands (query, cancel, replace)
  warnings: string[];
}

export type LoadResult = SendCommand | ConfigCommand | ProbeCommand | ReportCommand | TextCommand | ReceiveCommand;

export async function loadSettings(input: LoadInput): Promise<LoadResult> {
  const args = parseArgs(input.argv, { stdinIsTTY: input.stdinIsTTY });
  if (args.command === 'report') {
    const envColor = findOption('color').readEnv?.(input.env) as boolean | undefined;
    const color = args.noColor ? false : (envColor ?? 'auto');
    return { command: 'report', file: args.file, json: args.json, color, warnings: [], ...(args.failed !== undefined ? { failed: args.failed } : {}) };
  }
  if (args.command === 'help' || args.command === 'version') return args;
  const ctx: ParseContext = { now: input.now, localOffset: input.localOffset ?? machineOffset };

  const flags = parseFlags(args.flags, ctx);
  // From here on a failure is reported as JSON when the settings so far ask for it.
  let jsonSoFar = flags.json as boolean | undefined;
  try {
    const receive = args.command !== 'send' && args.command !== 'config' && args.command !== 'probe' ? { command: args.command, ids: args.ids } : undefined;
    const command = args.command === 'config' || args.command === 'probe' ? args.command : 'send';
    return await resolveSend(input, command, flags, ctx, (json) => (jsonSoFar ??= json), receive);
  } catch (err) {
    if (err instanceof SmppSendError) err.json ??= jsonSoFar;
    throw err;
  }
}

async function resolveSend(
  input: LoadInput, command: 'send' | 'config' | 'probe', flags: Values, ctx: ParseContext, jsonFrom: (json: boolean | undefined) => void,
  receive?: { command: ReceiveCommandName; ids: string[] },
): Promise<SendCommand | ConfigCommand | ProbeCommand | ReceiveCommand> {
  const env = parseEnv(input.env, ctx);

  const configPath = flags.config ?? env.config;
  const explicit =
    configPath === undefined ? undefined : { path: configPath as string, from: flags.config !== undefined ? '--config' : 'SMPP_CONFIG' };
  // node:os only without HOME: loading it cost a run's start-up ~0.5 ms.
  const home = input.home ?? input.env.HOME ?? (await import('node:os')).homedir();
  const loaded = await loadConfigFile({ cwd: input.cwd, home, explicit });
  const profileName = (flags.profile ?? env.profile) as string | undefined;
  const usable = loaded ? usableConfig(checkConfig(loaded.data, loaded.file, ctx), profileName) : undefined;
  const config: ConfigFile | undefined = usable?.config;
  let profile: Values | undefined;
  try {
    profile = profileName === undefined ? undefined : pickProfile(config, profileName, flags.profile !== undefined ? '--profile' : 'SMPP_PROFILE');
  } finally {
    jsonFrom(profile?.json as boolean | undefined); // the profile before the top of the file
    jsonFrom(config?.top.json as boolean | undefined);
  }
  const merged = mergeSettings({ config, profile, env, flags });
  if (receive) {
    const { checkReceiveSettings } = await import('../receive/settings.js');
    const facts = { passwordOnCommandLine: flags.password !== undefined, flags: Object.keys(flags) as OptionKey[] };
    const r = checkReceiveSettings(receive.command, merged, facts);
    const where = { ...(loaded ? { configFile: loaded.file } : {}), ...(profileName !== undefined ? { profile: profileName } : {}) };
    const security = securityWarnings(r.settings, merged.origins as Partial<Record<keyof Settings, Origin>>, where);
    return { ...receive, settings: r.settings, warnings: [...(loaded?.warnings ?? []), ...(usable?.warnings ?? []), ...r.warnings, ...security] };
  }
  const purpose = command === 'config' ? 'show' : command;
  const checked = checkSettings(merged, { purpose, stdinIsTTY: input.stdinIsTTY, passwordOnCommandLine: flags.password !== undefined, now: input.now });
  return {
    command: command as 'send', // or 'config', 'probe': the same fields
    settings: checked.settings,
    origins: checked.origins,
    ...(loaded ? { configFile: loaded.file } : {}),
    ...(profileName !== undefined ? { profile: profileName } : {}),
    warnings: [
      ...(loaded?.warnings ?? []),
      ...(usable?.warnings ?? []),
      ...checked.warnings,
      ...securityWarnings(checked.settings, checked.origins, { ...(loaded ? { configFile: loaded.file } : {}), ...(profileName !== undefined ? { profile: profileName } : {}) }),
    ],
  };
}
