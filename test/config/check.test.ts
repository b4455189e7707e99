import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { PASSWORD_FLAG_WARNING, checkSettings, type CheckFacts } from '../../src/config/check.js';
import { mergeSettings } from '../../src/config/merge.js';
import type { Values } from '../../src/config/parse.js';
import { OPTIONS } from '../../src/config/options.js';

const base: Values = { systemId: 'user', to: ['+447700900123'], text: 'hi' };
const tty: CheckFacts = { stdinIsTTY: true, passwordOnCommandLine: false };

function check(flags: Values, facts: Partial<CheckFacts> = {}, env: Values = {}) {
  return checkSettings(mergeSettings({ env, flags: { ...base, ...flags } }), { ...tty, ...facts });
}

describe('checkSettings refuses', () => {
  it.each<[string, Values, Partial<CheckFacts>, string]>([
    ['a transmitter bind waiting for receipts', { bind: 'transmitter', wait: 60_000 }, {}, 'a transmitter bind cannot receive delivery receipts; use --bind transceiver or drop --wait'],
    ['no recipient', { to: [] }, {}, 'no recipient: give --to NUMBER, --to-file FILE or --batch FILE'],
    ['--text with --hex', { hex: '0102' }, {}, '--text and --hex both given: send either a text or binary bytes, not both'],
    ['--coding binary without --hex', { coding: 'binary' }, {}, '--coding binary needs the bytes: give them with --hex HEX'],
    ['--hex with a text coding', { text: undefined, hex: '01', coding: 'ucs2' }, {}, '--hex sends binary bytes, which --coding ucs2 cannot carry; drop --coding or use --coding binary'],
    ['--udh without --hex', { udh: '050003010201' }, {}, '--udh goes with a binary message: give the bytes with --hex HEX'],
    ['no text on a terminal', { text: undefined }, { stdinIsTTY: true }, 'no text: give --text TEXT or pipe it on stdin'],
    ['no text when stdin holds the recipients', { text: undefined, to: [], toFile: '-' }, { stdinIsTTY: false }, 'no text: give --text TEXT (standard input already holds the recipients from --to-file -)'],
    ['two readers of stdin', { text: '-', to: [], batch: '-' }, {}, '--text and --batch both read standard input (-); only one of them can'],
    ['--wait with --receipt never', { wait: 1000, receipt: 'never' }, {}, '--wait waits for delivery receipts, which --receipt never does not request; drop one of them'],
    ['no system id', { systemId: '' }, {}, 'no system id: give --system-id ID, set SMPP_SYSTEM_ID, or put systemId in the config file'],
    ['--validity before --schedule (both relative)', { schedule: '000000020000000R', validity: '000000010000000R' }, { now: new Date('2026-03-10T12:00:00Z') }, '--validity ends (2026-03-10T13:00:00.000Z) before --schedule delivers (2026-03-10T14:00:00.000Z): the message would expire unsent; give a --validity later than --schedule (both count from now)'],
    ['--validity equal to --schedule', { schedule: '000000020000000R', validity: '000000020000000R' }, { now: new Date('2026-03-10T12:00:00Z') }, 'the message would expire unsent'],
    ['an absolute --validity before a relative --schedule', { schedule: '000001000000000R', validity: '260310180000000+' }, { now: new Date('2026-03-10T12:00:00Z') }, '--validity ends (2026-03-10T18:00:00.000Z) before --schedule delivers (2026-03-11T12:00:00.000Z)'],
  ])('%s', (_what, flags, facts, message) => {
    expect(() => check(flags, facts)).toThrow(UsageError);
    expect(() => check(flags, facts)).toThrow(message);
  });
});

describe('checkSettings derives', () => {
  it('port 3550 with --tls when the port was not given', () => {
    const r = check({ tls: true });
    expect(r.settings.port).toBe(3550);
    expect(r.origins.port).toBe('default');
  });

  it('keeps a given port with --tls, wherever it came from', () => {
    expect(check({ tls: true, port: 2776 }).settings.port).toBe(2776);
    expect(check({ tls: true }, {}, { port: 4000 }).settings.port).toBe(4000);
  });

  it('text from standard input when it is piped', () => {
    const r = check({ text: undefined }, { stdinIsTTY: false });
    expect(r.settings.text).toBe('-');
    expect(r.origins.text).toBe('default');
  });

  it('no text for a batch (rows or a template supply it)', () => {
    expect(check({ to: [], text: undefined, batch: 'rows.csv' }).settings.text).toBeUndefined();
  });

  it.each([
    ['rows.csv', 'csv'],
    ['rows.JSONL', 'jsonl'],
    ['rows.ndjson', 'jsonl'],
    ['rows.txt', 'csv'],
    ['-', 'csv'],
  ])('batch format of %s: %s', (batch, format) => {
    expect(check({ to: [], batch }).settings.batchFormat).toBe(format);
  });

  it('coding binary for --hex', () => {
    expect(check({ text: undefined, hex: '0102' }).settings.coding).toBe('binary');
  });

  it('the --password hint, only when the password was a flag', () => {
    expect(check({ password: 'x' }, { passwordOnCommandLine: true }).warnings).toEqual([PASSWORD_FLAG_WARNING]);
    expect(check({}, {}, { password: 'x' }).warnings).toEqual([]);
  });

  it('a warning for --ca without --tls', () => {
    expect(check({ ca: '/x.pem' }).warnings).toEqual(['--ca has no effect without --tls']);
  });

  it('no system id needed for a dry run', () => {
    expect(check({ systemId: '', dryRun: true }).settings.systemId).toBe('');
  });

  it('an origin for every setting, and no config/profile keys', () => {
    const r = checkSettings(mergeSettings({ env: {}, flags: { ...base, config: '/x.yaml', profile: 'prod' } }), tty);
    expect(r.origins.from).toBe('default'); // unset optional settings too
    expect(r.origins.to).toBe('flag');
    expect(Object.keys(r.origins)).toHaveLength(OPTIONS.length - 2);
    expect(r.origins).not.toHaveProperty('config');
    expect(r.settings).not.toHaveProperty('profile');
  });
});
