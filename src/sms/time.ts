// Durations and SMPP times (SMPP 3.4 §7.1.1). schedule_delivery_time and validity_period are
// 16 characters: absolute `YYMMDDhhmmsstnnp` (t tenths, nn quarter hours from UTC, p + or -)
// or relative `YYMMDDhhmmss000R`. Users think in "10m", "2h" and ISO dates: convert.
//
// Decisions, for the record:
// - A duration becomes a relative time, whole seconds, days in DD. From 100 days on DD cannot
//   hold it and months have no fixed length, so it becomes an absolute time (now + duration).
// - An ISO date with Z or an offset is exact. A zone-less one is in the zone given by
//   `localOffset` (minutes east of UTC, a number or a function of the wall-clock time for
//   daylight saving); pure code cannot know the machine's zone, so without it UTC is assumed.
// - Absolute times are written in UTC (`...000+`... with nn = 00), which every SMSC reads.
// - A time that is not in the future is an error: the SMSC would reject or ignore it.
import { UsageError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_EXAMPLES = 'use e.g. 500ms, 10s, 5m, 2h, 1d or 1h30m (a bare number is seconds)';

/** `500ms`, `10s`, `5m`, `2h`, `1d`, combinations (`1h30m`), decimals (`1.5h`); a bare number is seconds. */
export function parseDuration(input: string): number {
  const s = String(input).trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*/gy;
  let ms = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = part.exec(s)) !== null) {
    ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = part.lastIndex;
  }
  if (s === '' || matched !== s.length) {
    throw new UsageError(`invalid duration ${JSON.stringify(input)}: ${DURATION_EXAMPLES}`);
  }
  return Math.round(ms);
}

export type LocalOffset = number | ((wallClockAsUtc: Date) => number);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SMPP_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d)(\d{2})([+\-R])$/;
const TIME_EXAMPLES = 'use a duration (10m, 2h, 1d), an ISO date (2030-01-31T18:00, 2030-01-31T18:00:00Z) or a 16-character SMPP time';

/** A user's time -> 16-character SMPP time, checked to be in the future of `now`. */
export function toSmppTime(input: string, now: Date, localOffset: LocalOffset = 0): string {
  const s = String(input).trim();
  const bad = (why: string) => new UsageError(`invalid time ${JSON.stringify(input)}: ${why}`);

  if (SMPP_TIME.test(s)) return checkSmppTime(s, now, bad);

  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '0', zone] = iso;
    const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec, Math.floor(Number(`0.${frac}`) * 1000));
    const check = new Date(wall);
    if (check.getUTCFullYear() !== +y! || check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23 || +mi > 59 || +sec > 59) {
      throw bad('no such date or time');
    }
    const offset = zone ? zoneMinutes(zone) : typeof localOffset === 'function' ? localOffset(check) : localOffset;
    const at = new Date(wall - offset * 60_000);
    if (at.getTime() <= now.getTime()) throw bad(`it is not in the future (now ${now.toISOString()})`);
    return absolute(at, bad);
  }

  let ms: number;
  try {
    ms = parseDuration(s);
  } catch {
    throw bad(TIME_EXAMPLES);
  }
  if (ms < 1000) throw bad('a relative time must be at least 1s in the future');
  let secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  if (days > 99) return absolute(new Date(now.getTime() + ms), bad);
  secs -= days * 86_400;
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  return `0000${pad(days)}${pad(hh)}${pad(mm)}${pad(ss)}000R`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `+01:00`, `-0530`, `+01`, `Z` -> minutes east of UTC. */
function zoneMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +(m[3] ?? 0));
}

function absolute(at: Date, bad: (why: string) => UsageError): string {
  const year = at.getUTCFullYear();
  if (year < 2000 || year > 2099) throw bad('SMPP times hold years 2000-2099 only');
  return (
    pad(year % 100) + pad(at.getUTCMonth() + 1) + pad(at.getUTCDate()) +
    pad(at.getUTCHours()) + pad(at.getUTCMinutes()) + pad(at.getUTCSeconds()) +
    String(Math.floor(at.getUTCMilliseconds() / 100)) + '00+'
  );
}

/** Validate a raw SMPP time; an absolute one must lie in the future. */
function checkSmppTime(s: string, now: Date, bad: (why: string) => UsageError): string {
  const [, yy, mo, dd, hh, mi, ss, t, nn, p] = SMPP_TIME.exec(s)!;
  if (p === 'R') {
    if (t !== '0' || nn !== '00') throw bad('a relative SMPP time ends in 000R');
    if (+mo! > 11 || +hh! > 23 || +mi! > 59 || +ss! > 59) throw bad('months 0-11, hours 0-23, minutes and seconds 0-59');
    if (/^0{12}/.test(s)) throw bad('a relative time of zero is not in the future');
    return s;
  }
  if (+nn! > 48) throw bad('the quarter-hour offset nn is 00..48');
  const offset = (p === '-' ? -1 : 1) * +nn! * 15;
  const wall = Date.UTC(2000 + +yy!, +mo! - 1, +dd!, +hh!, +mi!, +ss!, +t! * 100);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +dd! || +hh! > 23 || +mi! > 59 || +ss! > 59) {
    throw bad('no such date or time');
  }
  if (wall - offset * 60_000 <= now.getTime()) throw bad(`it is not in the future (now ${now.toISOString()})`);
  return s;
}

/**
 * When a 16-character SMPP time falls: absolute as written, relative counted from `now` (SMPP
 * 3.4 §7.1.1.2: from the SMSC's current time, for validity too, not from the scheduled time).
 */
export function smppTimeAt(t: string, now: Date): Date {
  const [, yy, mo, dd, hh, mi, ss, tenths, nn, p] = SMPP_TIME.exec(t) ?? [];
  if (p === undefined) throw new UsageError(`invalid SMPP time ${JSON.stringify(t)}`);
  if (p === 'R') {
    const at = new Date(now.getTime());
    at.setUTCMonth(at.getUTCMonth() + +yy! * 12 + +mo!);
    return new Date(at.getTime() + ((+dd! * 24 + +hh!) * 3600 + +mi! * 60 + +ss!) * 1000);
  }
  const offset = (p === '-' ? -1 : 1) * +nn! * 15;
  return new Date(Date.UTC(2000 + +yy!, +mo! - 1, +dd!, +hh!, +mi!, +ss!, +tenths! * 100) - offset * 60_000);
}
