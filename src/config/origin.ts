// Where a setting came from, in the words a user would look for it: the flag, the variable, the
// key in which file, the profile, or the default. Pure.
import { configKey, envLabel, type OptionSpec } from './options.js';
import type { Origin } from './settings.js';

export interface OriginContext {
  configFile?: string; // the config file read, if any
  profile?: string; // the profile applied, if any
}

export function originLabel(spec: OptionSpec, origin: Origin, ctx: OriginContext): string {
  switch (origin) {
    case 'flag':
      return spec.flag;
    case 'env':
      return envLabel(spec) ?? 'the environment';
    case 'config':
      return `${configKey(spec)} in ${ctx.configFile ?? 'the config file'}`;
    case 'profile':
      return `profiles.${ctx.profile ?? '?'}.${configKey(spec)} in ${ctx.configFile ?? 'the config file'}`;
    default:
      return 'default';
  }
}
