// Value parsers shared by flags, environment variables and the config file. A flag or variable
// always arrives as a string; a config file may hold numbers and booleans too, so each parser
// accepts the JSON/YAML types that make sense for it and nothing else. A parser throws BadValue
// saying what it expected; src/config/parse.ts turns that into a one-line UsageError or
// ConfigError naming the flag, variable or key (and masking secrets).
import { parseDuration, toSmppTime, type LocalOffset } from '../sms/time.js';
import { parseTlvArg } from '../sms/tlv.js';

export interface ParseContext {
  /** The moment the run starts: relative --validity/--schedule are counted from it. */
  now: Date;
  /** Minutes east of UTC for zone-less ISO dates (see src/sms/time.ts); UTC when absent. */
  localOffset?: LocalOffset;
}

export type ValueParser = (raw: unknown, ctx: ParseContext) => unknown;

/**
 * Thrown by a value parser. `expected` completes "expected ..." in the message; `reason`, when
 * given, replaces that with a more precise account (e.g. "it is not in the future").
 */
export class BadValue extends Error {
  constructor(
    readonly expected: string,
    readonly reason?: string,
  ) {
    super(reason ?? `expected ${expected}`);
  }
}

/** The why of an error from src/sms/ (`invalid time "x": why`), without the echoed input. */
function reasonOf(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const m = /^[^"]*"(?:[^"\\]|\\.)*":\s*(.+)$/s.exec(err.message);
  return m?.[1];
}

/** `--wait` with no value waits this long for final receipts. */
export const DEFAULT_WAIT_MS = 5 * 60_000;

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export function bool(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  throw new BadValue('true or false');
}

/** A string; numbers are refused because YAML would have mangled some (leading zeros, octal). */
export function text(opts: { empty?: boolean } = {}): ValueParser {
  return (raw) => {
    if (typeof raw === 'number') throw new BadValue('a string (quote it in the config file)');
    if (typeof raw !== 'string') throw new BadValue('a string');
    if (!opts.empty && raw === '') throw new BadValue('a non-empty string');
    return raw;
  };
}

/** A file path, or `-` for standard input where `dash` allows it. */
export function path(opts: { dash?: boolean } = {}): ValueParser {
  return (raw) => {
    if (typeof raw !== 'string' || raw.trim() === '') {
      throw new BadValue(opts.dash ? 'a file path, or - for standard input' : 'a file path');
    }
    if (raw === '-' && !opts.dash) throw new BadValue('a file path (standard input is not supported here)');
    return raw;
  };
}

export function int(min: number, max: number): ValueParser {
  const expected = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return (raw) => {
    let n: number;
    if (typeof raw === 'number') n = raw;
    else if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) n = Number(raw);
    else throw new BadValue(expected);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new BadValue(expected);
    return n;
  };
}

/** A non-negative decimal number (messages per second may be fractional: 0.5 = one every 2 s). */
export function rate(raw: unknown): number {
  const expected = 'a number >= 0 (0 = unlimited)';
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(raw)) n = Number(raw);
  else throw new BadValue(expected);
  if (!Number.isFinite(n) || n < 0) throw new BadValue(expected);
  return n;
}

export function choice<T extends string>(choices: readonly T[]): ValueParser {
  return (raw) => {
    if (typeof raw === 'string' && (choices as readonly string[]).includes(raw)) return raw;
    throw new BadValue(`one of ${choices.join(', ')}`);
  };
}

const DURATION = 'a duration such as 500ms, 30s, 5m, 2h (a bare number is seconds)';

/** Milliseconds. A config-file number is seconds, as a bare number on the command line is. */
export function duration(opts: { zero?: boolean } = {}): ValueParser {
  const expected = opts.zero ? `${DURATION}, or 0 for off` : DURATION;
  return (raw) => {
    if (typeof raw !== 'string' && typeof raw !== 'number') throw new BadValue(expected);
    let ms: number;
    try {
      ms = parseDuration(String(raw).trim());
    } catch {
      throw new BadValue(expected);
    }
    if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !opts.zero)) throw new BadValue(expected);
    return Math.round(ms);
  };
}

/** `--wait`: bare (true) = DEFAULT_WAIT_MS; false or 0 = do not wait; else a duration. */
export function wait(raw: unknown, ctx: ParseContext): false | number {
  // Words only: a bare number is a duration in seconds here, so "1" is one second, not true.
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if (word === true || word === 'true' || word === 'yes' || word === 'on') return DEFAULT_WAIT_MS;
  if (word === false || word === 'false' || word === 'no' || word === 'off') return false;
  try {
    const ms = duration({ zero: true })(raw, ctx) as number;
    return ms === 0 ? false : ms;
  } catch {
    throw new BadValue(`a duration such as 30s, 5m, 1h (a bare number is seconds), true or false`);
  }
}

/** `--validity` / `--schedule`: relative (10m, 2h, 1d), ISO date, or raw 16-char SMPP time. */
export function smppTime(raw: unknown, ctx: ParseContext): string {
  const expected = 'a relative time (10m, 2h, 1d), an ISO date (2030-01-31T18:00:00Z) or a 16-character SMPP time';
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new BadValue(expected);
  try {
    return toSmppTime(String(raw).trim(), ctx.now, ctx.localOffset);
  } catch (err) {
    throw new BadValue(expected, reasonOf(err));
  }
}

/** Hex bytes, normalised to lower case; spaces and colons between bytes are allowed. */
export function hex(raw: unknown): string {
  const expected = 'hex bytes such as 48656c6c6f (an even number of 0-9a-f digits)';
  if (typeof raw !== 'string') throw new BadValue(expected);
  const s = raw.replace(/^0x/i, '').replace(/[\s:]/g, '').toLowerCase();
  if (s === '' || s.length % 2 !== 0 || !/^[0-9a-f]+$/.test(s)) throw new BadValue(expected);
  return s;
}

/** Recipients: a list, or one string with commas (`--to a,b --to c`). */
export function recipients(raw: unknown): string[] {
  const expected = 'phone numbers, separated by commas or given as a list';
  const items = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw new BadValue(`${expected} of strings (quote numbers in the config file)`);
    for (const part of item.split(',')) {
      const to = part.trim();
      if (to === '') throw new BadValue(`${expected}, without empty entries`);
      out.push(to);
    }
  }
  if (out.length === 0) throw new BadValue(expected);
  return out;
}

/** `--tlv 0x1400=68656c6c6f`, repeatable: a list of { tag, value }. */
export function tlvs(raw: unknown): { tag: number; value: Buffer }[] {
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map((item) => {
    if (typeof item !== 'string') throw new BadValue('TLVs as "0xTAG=HEX" strings, e.g. 0x1400=68656c6c6f');
    try {
      return parseTlvArg(item.trim());
    } catch (err) {
      throw new BadValue('0xTAG=HEX, e.g. 0x1400=68656c6c6f', reasonOf(err));
    }
  });
}

const VERSIONS = new Map([
  [0x33, '3.3'],
  [0x34, '3.4'],
  [0x50, '5.0'],
]);

/** interface_version: 0x34, 52, 3.4 all mean SMPP 3.4; also 3.3 (0x33) and 5.0 (0x50). */
export function interfaceVersion(raw: unknown): number {
  const expected = '0x34 (3.4), 0x50 (5.0) or 0x33 (3.3); in a YAML file write 5.0 as "5.0" or 0x50';
  let v: number | undefined;
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  let m: RegExpMatchArray | null;
  if ((m = /^0x([0-9a-f]{1,2})$/i.exec(s))) v = parseInt(m[1]!, 16);
  else if ((m = /^(\d)\.(\d)$/.exec(s))) v = (Number(m[1]) << 4) | Number(m[2]);
  else if (/^\d+$/.test(s)) v = Number(s);
  if (v === undefined || !VERSIONS.has(v)) throw new BadValue(expected);
  return v;
}

/** color / progress: true, false or auto (decide from the terminal). */
export function triState(raw: unknown): boolean | 'auto' {
  if (raw === 'auto') return 'auto';
  try {
    return bool(raw);
  } catch {
    throw new BadValue('true, false or auto');
  }
}
