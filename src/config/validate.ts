// Check a loaded config file against the option table: every key known, every value parsed by
// the same parser as its flag. Pure: the caller hands in what the loader read.
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { CONFIG_OPTIONS, OPTIONS, configKey } from './options.js';
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

/** Settings at one level; each problem is collected, not thrown, so all are reported at once. */
function settingsAt(obj: Record<string, unknown>, prefix: string, file: string, ctx: ParseContext, inProfile: boolean, problems: string[]): Values {
  const out: Values = {};
  for (const [key, raw] of Object.entries(obj)) {
    if (key === 'profiles' && !inProfile) continue;
    const path = prefix + key;
    const spec = CONFIG_OPTIONS.get(key);
    try {
      if (!spec) throw unknownKey(key, path, file, inProfile);
      let value = parseValue(spec, raw, { kind: 'config', file, path }, ctx);
      // A relative path in a file means relative to that file, wherever the command runs.
      if (spec.path && typeof value === 'string') value = resolve(dirname(file), value);
      out[spec.key] = value;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message);
    }
  }
  return out;
}

/** A config file checked in full: what is usable, and every problem, by where it is. */
export interface CheckedConfig extends ConfigFile {
  problems: string[]; // at the top level or in the file's shape: the file cannot be used
  brokenProfiles: ReadonlyMap<string, string[]>; // profiles that cannot be used, with their problems
}

export function checkConfig(data: unknown, file: string, ctx: ParseContext): CheckedConfig {
  const problems: string[] = [];
  const profiles = new Map<string, Values>();
  const brokenProfiles = new Map<string, string[]>();
  const result = () => ({ file, top, profiles, problems, brokenProfiles });
  let top: Values = {};
  if (data === undefined || data === null) return result();
  if (!isObject(data)) {
    problems.push(`${file} must hold an object of settings (key: value), not ${kind(data)}`);
    return result();
  }
  top = settingsAt(data, '', file, ctx, false, problems);
  if (data.profiles === undefined) return result();
  if (!isObject(data.profiles)) {
    problems.push(`profiles in ${file} must be an object of named profiles (profiles: { prod: {...} }), not ${kind(data.profiles)}`);
    return result();
  }
  for (const [name, body] of Object.entries(data.profiles)) {
    const own: string[] = [];
    if (!isObject(body)) own.push(`profiles.${name} in ${file} must be an object of settings, not ${kind(body)}`);
    const values = isObject(body) ? settingsAt(body, `profiles.${name}.`, file, ctx, true, own) : {};
    if (own.length > 0) brokenProfiles.set(name, own);
    else profiles.set(name, values);
  }
  return result();
}

/** One error for several problems: a count and the file, then one problem per line. */
export function problemsError(file: string, problems: readonly string[]): ConfigError {
  if (problems.length === 1) return new ConfigError(problems[0]!);
  return new ConfigError(`${problems.length} problems in ${file}:\n  ${problems.join('\n  ')}`);
}

/** Every problem of the file, top level first, then the profiles in file order. */
export function allProblems(c: CheckedConfig): string[] {
  return [...c.problems, ...[...c.brokenProfiles.values()].flat()];
}

/** The file's settings, or a ConfigError listing every problem in it. */
export function validateConfig(data: unknown, file: string, ctx: ParseContext): ConfigFile {
  const checked = checkConfig(data, file, ctx);
  const problems = allProblems(checked);
  if (problems.length > 0) throw problemsError(file, problems);
  return { file, top: checked.top, profiles: checked.profiles };
}

/**
 * What a run may use of a checked file: refused (every problem listed) when the top level is
 * broken or the selected profile is; a broken profile that is not selected is only a warning.
 */
export function usableConfig(c: CheckedConfig, selected: string | undefined): { config: ConfigFile; warnings: string[] } {
  if (c.problems.length > 0 || (selected !== undefined && c.brokenProfiles.has(selected))) throw problemsError(c.file, allProblems(c));
  const warnings = [...c.brokenProfiles].flatMap(([name, problems]) =>
    problems.map((problem) => `profile ${name} cannot be used (not selected, so this run goes on): ${problem}`),
  );
  return { config: { file: c.file, top: c.top, profiles: c.profiles }, warnings };
}
