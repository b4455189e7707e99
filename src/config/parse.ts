// Run an option's value parser and turn a refusal into a one-line error that says where the
// value came from (flag, variable, or file and key path), what it was (masked when secret) and
// what was expected. Flags and variables give a UsageError, a config file a ConfigError.
import { ConfigError, MASK, UsageError } from '../errors.js';
import { OPTIONS, envValue, type Env, type OptionKey, type OptionSpec } from './options.js';
import { BadValue, type ParseContext } from './values.js';

export type Source =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; name: string }
  | { kind: 'config'; file: string; path: string };

/** Parsed values by option key; absent keys were not set. */
export type Values = Partial<Record<OptionKey, unknown>>;

/** A value as it may appear in a message: quoted, shortened, or masked when secret. */
export function showValue(raw: unknown, secret?: boolean): string {
  if (secret) return MASK;
  if (typeof raw === 'string') {
    const s = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
    return JSON.stringify(s);
  }
  if (Array.isArray(raw)) return 'a list';
  if (raw === null) return 'an empty value';
  if (typeof raw === 'object') return 'an object';
  return String(raw);
}

export function sourceLabel(source: Source): string {
  if (source.kind === 'flag') return source.flag;
  if (source.kind === 'env') return source.name;
  return `${source.path} in ${source.file}`;
}

export function parseValue(spec: OptionSpec, raw: unknown, source: Source, ctx: ParseContext): unknown {
  try {
    return spec.parse(raw, ctx);
  } catch (err) {
    // Anything but BadValue is a bug in a parser; still never let it echo a secret.
    const why = err instanceof BadValue ? (err.reason ?? `expected ${err.expected}`) : 'expected a valid value';
    // A repeatable flag arrives as a list; show what was typed (`--to ""`), not "a list".
    const shown = source.kind === 'flag' && Array.isArray(raw) && raw.every((r) => typeof r === 'string') ? raw.join(',') : raw;
    const message = `invalid value for ${sourceLabel(source)}: ${showValue(shown, spec.secret)}; ${why}`;
    throw source.kind === 'config' ? new ConfigError(message) : new UsageError(message);
  }
}

/** Parse the raw values commander collected, keyed by option key. */
export function parseFlags(raw: Values, ctx: ParseContext): Values {
  const out: Values = {};
  for (const spec of OPTIONS) {
    if (raw[spec.key] === undefined) continue;
    out[spec.key] = parseValue(spec, raw[spec.key], { kind: 'flag', flag: spec.flag }, ctx);
  }
  return out;
}

/** Read and parse every option's environment variable. */
export function parseEnv(env: Env, ctx: ParseContext): Values {
  const out: Values = {};
  for (const spec of OPTIONS) {
    const raw = envValue(spec, env);
    if (raw === undefined) continue;
    out[spec.key] = parseValue(spec, raw, { kind: 'env', name: spec.env ?? spec.envDisplay ?? spec.key }, ctx);
  }
  return out;
}
