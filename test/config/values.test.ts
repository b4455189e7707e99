import { describe, expect, it } from 'vitest';
import * as v from '../../src/config/values.js';
import { BadValue, DEFAULT_WAIT_MS, type ParseContext } from '../../src/config/values.js';

const ctx: ParseContext = { now: new Date('2030-01-01T00:00:00Z') };

describe.each<[string, v.ValueParser, [unknown, unknown][], unknown[]]>([
  ['bool', v.bool, [[true, true], [false, false], ['yes', true], ['0', false], ['TRUE', true], ['off', false]], ['maybe', 2, null, '']],
  ['int(1, 65535)', v.int(1, 65535), [['2775', 2775], [2775, 2775], [' 80 ', 80], [65535, 65535]], ['0', 65536, '27.5', 27.5, '-1', '0x10', '', true, null]],
  ['rate', v.rate, [['0', 0], [0.5, 0.5], ['12.5', 12.5], ['.5', 0.5]], ['-1', 'fast', Infinity, true]],
  ['choice', v.choice(['csv', 'jsonl']), [['csv', 'csv'], ['jsonl', 'jsonl']], ['CSV', 'json', 1]],
  ['text()', v.text(), [['abc', 'abc'], ['0123', '0123']], ['', 123, null, ['a']]],
  ['text({ empty })', v.text({ empty: true }), [['', '']], [0]],
  ['path()', v.path(), [['a/b.pem', 'a/b.pem']], ['-', '', ' ', 1]],
  ['path({ dash })', v.path({ dash: true }), [['-', '-'], ['x.csv', 'x.csv']], ['']],
  ['duration()', v.duration(), [['10s', 10_000], ['500ms', 500], [30, 30_000], ['2', 2000], ['1m', 60_000]], ['0', 0, 'soon', '', true, -5]],
  ['duration({ zero })', v.duration({ zero: true }), [['0', 0], [0, 0], ['5m', 300_000]], ['never', '-1s']],
  ['wait', v.wait, [[true, DEFAULT_WAIT_MS], [false, false], ['10m', 600_000], ['0', false], [90, 90_000], ['1', 1000], ['yes', DEFAULT_WAIT_MS], ['off', false]], ['forever', null, [1]]],
  ['hex', v.hex, [['48656C6C6F', '48656c6c6f'], ['0x0102', '0102'], ['01 02:03', '010203']], ['123', 'zz', '', 12]],
  ['recipients', v.recipients, [['+447700900123', ['+447700900123']], ['a, b,c', ['a', 'b', 'c']], [['a,b', 'c'], ['a', 'b', 'c']]], ['a,,b', '', [], [447700900123], ' , ']],
  ['interfaceVersion', v.interfaceVersion, [['0x34', 0x34], ['52', 0x34], ['3.4', 0x34], [3.4, 0x34], [52, 0x34], ['0x50', 0x50], ['5.0', 0x50], ['80', 0x50], ['3.3', 0x33]], ['5', 5, '0x35', '4.0', 'v3.4', '']],
  ['triState', v.triState, [['auto', 'auto'], [true, true], ['false', false]], ['sometimes', 2]],
])('%s', (_name, parse, good, bad) => {
  it.each(good)('%j -> %j', (raw, expected) => expect(parse(raw, ctx)).toEqual(expected));
  it.each(bad.map((b) => [b]))('refuses %j', (raw) => expect(() => parse(raw, ctx)).toThrow(BadValue));
});

describe('smppTime', () => {
  it.each([
    ['10m', '000000001000000R'],
    ['1d', '000001000000000R'],
    ['2030-01-31T18:00:00Z', '300131180000000+'],
  ])('%s -> %s', (raw, expected) => expect(v.smppTime(raw, ctx)).toBe(expected));

  it('reads a zone-less ISO date in the given local offset', () => {
    expect(v.smppTime('2030-01-31T18:00', { ...ctx, localOffset: 60 })).toBe('300131170000000+');
  });

  it('keeps the reason from src/sms/time.ts, without echoing the input', () => {
    const err = catchBad(() => v.smppTime('2020-01-01T00:00:00Z', ctx));
    expect(err.message).toMatch(/not in the future/);
    expect(err.message).not.toContain('2020-01-01');
  });

  it.each(['next week', '', true])('refuses %j', (raw) => expect(() => v.smppTime(raw, ctx)).toThrow(BadValue));
});

describe('tlvs', () => {
  it('parses one or several', () => {
    expect(v.tlvs('0x1400=6869')).toEqual([{ tag: 0x1400, value: Buffer.from('hi') }]);
    expect(v.tlvs(['0x1400=68', '5121=69'])).toEqual([
      { tag: 0x1400, value: Buffer.from('h') },
      { tag: 0x1401, value: Buffer.from('i') },
    ]);
  });
  it('says why a TLV is bad', () => {
    expect(catchBad(() => v.tlvs('0x1400=6')).message).toMatch(/odd number of hex digits/);
    expect(catchBad(() => v.tlvs('1400')).message).toMatch(/TAG=/);
  });
});

function catchBad(fn: () => unknown): BadValue {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadValue) return err;
    throw err;
  }
  throw new Error('did not throw');
}
