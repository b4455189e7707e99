// Check a loaded config file against the option table: every key known, every value parsed by
// the same parser as its flag. Pure: the caller hands in what the loader read.
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { CONFIG_OPTIONS, OPTIONS, configKey } from '../cli/options.js';
import { parseValue, type Values } from './parse.js';
import { suggest } from './suggest.js';
import type { ParseContext } from './values.js';

export interface ConfigFile {
  file: string; // absolute path, for messages and to resolve relative paths in it
  top: Values; // settings at the top level
  profiles: ReadonlyMap<string, Values>; // settings under profiles.<name>
}

function kind(x: unknown): string {
  if (Array.isArray(x)) return 'a list';
  if (x === null) return 'an empty value';
  return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const KNOWN_KEYS = [...CONFIG_OPTIONS.keys(), 'profiles'];

function unknownKey(key: string, path: string, file: string, inProfile: boolean): ConfigError {
  const flagOnly = OPTIONS.find((o) => o.config === false && configKey(o) === key);
  if (flagOnly) {
    return new ConfigError(`${path} in ${file} cannot be set in a config file; give ${flagOnly.flag} on the command line`);
  }
  if (key === 'profiles' && inProfile) {
    return new ConfigError(`${path} in ${file}: profiles cannot be nested; move it to the top level`);
  }
  const near = suggest(key, inProfile ? [...CONFIG_OPTIONS.keys()] : KNOWN_KEYS);
  const hint = near ? ` (did you mean ${near}?)` : '; see .smpprc.example for the keys';
  return new ConfigError(`unknown key ${path} in ${file}${hint}`);
}

function settingsAt(obj: Record<string, unknown>, prefix: string, file: string, ctx: ParseContext, inProfile: boolean): Values {
  const out: Values = {};
  for (const [key, raw] of Object.entries(obj)) {
    if (key === 'profiles' && !inProfile) continue;
    const path = prefix + key;
    const spec = CONFIG_OPTIONS.get(key);
    if (!spec) throw unknownKey(key, path, file, inProfile);
    let value = parseValue(spec, raw, { kind: 'config', file, path }, ctx);
    // A relative path in a file means relative to that file, wherever the command runs.
    if (spec.path && typeof value === 'string') value = resolve(dirname(file), value);
    out[spec.key] = value;
  }
  return out;
}

export function validateConfig(data: unknown, file: string, ctx: ParseContext): ConfigFile {
  if (data === undefined || data === null) return { file, top: {}, profiles: new Map() };
  if (!isObject(data)) {
    throw new ConfigError(`${file} must hold an object of settings (key: value), not ${kind(data)}`);
  }
  const top = settingsAt(data, '', file, ctx, false);
  const profiles = new Map<string, Values>();
  if (data.profiles !== undefined) {
    if (!isObject(data.profiles)) {
      throw new ConfigError(`profiles in ${file} must be an object of named profiles (profiles: { prod: {...} }), not ${kind(data.profiles)}`);
    }
    for (const [name, body] of Object.entries(data.profiles)) {
      if (!isObject(body)) {
        throw new ConfigError(`profiles.${name} in ${file} must be an object of settings, not ${kind(body)}`);
      }
      profiles.set(name, settingsAt(body, `profiles.${name}.`, file, ctx, true));
    }
  }
  return { file, top, profiles };
}
