// Precedence, lowest first: defaults < config file top level < profile < environment < flags.
// Pure: each layer is already parsed; a higher layer replaces a value (lists are not joined).
import { ConfigError } from '../errors.js';
import { OPTIONS, type OptionKey } from './options.js';
import type { Origin } from './settings.js';
import type { Values } from './parse.js';
import type { ConfigFile } from './validate.js';
import { suggest } from './suggest.js';

export interface Layer {
  origin: Origin;
  values: Values;
}

export interface Merged {
  values: Values;
  origins: Partial<Record<OptionKey, Origin>>;
}

/** The default of every option that has one (a fresh copy: callers may mutate lists). */
export function defaultValues(): Values {
  const out: Values = {};
  for (const spec of OPTIONS) {
    if (spec.default !== undefined) out[spec.key] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  }
  return out;
}

export function mergeLayers(layers: readonly Layer[]): Merged {
  const values: Values = {};
  const origins: Merged['origins'] = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values) as [OptionKey, unknown][]) {
      if (value === undefined) continue;
      values[key] = value;
      origins[key] = layer.origin;
    }
  }
  return { values, origins };
}

/**
 * The named profile's settings. `from` says who asked for it (--profile, SMPP_PROFILE) for the
 * message when there is no such profile, or no config file at all.
 */
export function pickProfile(config: ConfigFile | undefined, name: string, from: string): Values {
  if (!config) {
    throw new ConfigError(`${from} ${name}: no config file found to hold profiles; create .smpprc (see .smpprc.example) or give --config FILE`);
  }
  const profile = config.profiles.get(name);
  if (profile) return profile;
  const names = [...config.profiles.keys()];
  if (names.length === 0) {
    throw new ConfigError(`${from} ${name}: ${config.file} has no profiles section; add profiles: { ${name}: {...} }`);
  }
  const near = suggest(name, names);
  const hint = near ? `did you mean ${near}? ` : '';
  throw new ConfigError(`${from} ${name}: no such profile in ${config.file} (${hint}available: ${names.join(', ')})`);
}

/** All layers in order: defaults, file, profile, environment, flags. */
export function mergeSettings(parts: { config?: ConfigFile; profile?: Values; env: Values; flags: Values }): Merged {
  return mergeLayers([
    { origin: 'default', values: defaultValues() },
    { origin: 'config', values: parts.config?.top ?? {} },
    { origin: 'profile', values: parts.profile ?? {} },
    { origin: 'env', values: parts.env },
    { origin: 'flag', values: parts.flags },
  ]);
}
