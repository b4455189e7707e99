import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { parseDuration, smppTimeAt, toSmppTime } from '../../src/sms/time.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1h 30m 15s', 5_415_000],
    ['1.5h', 5_400_000],
    ['90', 90_000], // a bare number is seconds
    ['0.25', 250],
    ['0', 0],
    [' 10S ', 10_000],
  ])('%j -> %i ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([[''], ['abc'], ['10x'], ['-5s'], ['5 minutes'], ['h'], ['1h30']])('refuses %j', (input) => {
    expect(() => parseDuration(input)).toThrow(
      new UsageError(`invalid duration ${JSON.stringify(input)}: use e.g. 500ms, 10s, 5m, 2h, 1d or 1h30m (a bare number is seconds)`),
    );
  });
});

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('toSmppTime', () => {
  it.each([
    ['10m', '000000001000000R'],
    ['2d', '000002000000000R'],
    ['36h', '000001120000000R'],
    ['1h30m', '000000013000000R'],
    ['90', '000000000130000R'], // seconds
    ['99d', '000099000000000R'],
    ['100d', '260618120000000+'], // DD cannot hold it: absolute, now + 100 days (UTC)
    ['2026-12-01T09:00Z', '261201090000000+'],
    ['2026-12-01T09:00:00+01:00', '261201080000000+'],
    ['2026-12-01T09:00:00.5-05:30', '261201143000500+'],
    ['2026-12-01 09:00Z', '261201090000000+'],
    ['2026-12-01', '261201000000000+'], // zone-less, date only: midnight UTC by default
    ['2026-12-01T09:00', '261201090000000+'], // zone-less: UTC unless a local offset is given
    ['261201090000000+', '261201090000000+'], // raw absolute passes through
    ['261201090000004-', '261201090000004-'],
    ['000000001000000R', '000000001000000R'], // raw relative
  ])('%j -> %s', (input, smpp) => {
    expect(toSmppTime(input, NOW)).toBe(smpp);
  });

  it.each([
    [60, '261201080000000+'], // CET in winter: 09:00 local = 08:00 UTC
    [-300, '261201140000000+'],
  ])('a zone-less ISO time uses the local offset %i min', (offset, smpp) => {
    expect(toSmppTime('2026-12-01T09:00', NOW, offset)).toBe(smpp);
  });

  it('the local offset may depend on the date (daylight saving)', () => {
    const europe = (wall: Date) => (wall.getUTCMonth() >= 3 && wall.getUTCMonth() <= 9 ? 120 : 60);
    expect(toSmppTime('2026-07-01T09:00', NOW, europe)).toBe('260701070000000+');
    expect(toSmppTime('2026-12-01T09:00', NOW, europe)).toBe('261201080000000+');
  });

  it.each([
    ['2026-03-10T11:59Z', 'it is not in the future (now 2026-03-10T12:00:00.000Z)'],
    ['2026-03-10T12:00Z', 'it is not in the future (now 2026-03-10T12:00:00.000Z)'],
    ['260310115900000+', 'it is not in the future (now 2026-03-10T12:00:00.000Z)'],
    ['260310125900004+', 'it is not in the future (now 2026-03-10T12:00:00.000Z)'], // 12:59 at UTC+1 = 11:59Z
    ['2026-02-30T09:00Z', 'no such date or time'],
    ['2026-12-01T25:00Z', 'no such date or time'],
    ['261301090000000+', 'no such date or time'],
    ['261201090000049+', 'the quarter-hour offset nn is 00..48'],
    ['000000001000100R', 'a relative SMPP time ends in 000R'],
    ['000000000000000R', 'a relative time of zero is not in the future'],
    ['2100-01-01T00:00Z', 'SMPP times hold years 2000-2099 only'],
    ['500ms', 'a relative time must be at least 1s in the future'],
    ['0', 'a relative time must be at least 1s in the future'],
    ['tomorrow', 'use a duration (10m, 2h, 1d), an ISO date (2030-01-31T18:00, 2030-01-31T18:00:00Z) or a 16-character SMPP time'],
  ])('refuses %j', (input, why) => {
    expect(() => toSmppTime(input, NOW)).toThrow(new UsageError(`invalid time ${JSON.stringify(input)}: ${why}`));
  });
});

describe('smppTimeAt: when an SMPP time falls', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it.each([
    ['000000001000000R', '2026-03-10T12:10:00.000Z'],
    ['000001120000000R', '2026-03-12T00:00:00.000Z'], // 1 day 12 hours
    ['000100000000000R', '2026-04-10T12:00:00.000Z'], // one month
    ['010000000000000R', '2027-03-10T12:00:00.000Z'], // one year
    ['261201090000000+', '2026-12-01T09:00:00.000Z'],
    ['261201090000504+', '2026-12-01T08:00:00.500Z'], // +4 quarter hours: an hour east of UTC
    ['261201090000004-', '2026-12-01T10:00:00.000Z'],
  ])('%s -> %s', (t, iso) => expect(smppTimeAt(t, now).toISOString()).toBe(iso));

  it('refuses what is not an SMPP time', () => expect(() => smppTimeAt('10m', now)).toThrow(UsageError));
});
