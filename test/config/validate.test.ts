import { describe, expect, it } from 'vitest';
import { ConfigError, MASK } from '../../src/errors.js';
import { validateConfig } from '../../src/config/validate.js';

const file = '/etc/smpp/.smpprc.yaml';
const ctx = { now: new Date('2030-01-01T00:00:00Z') };
const validate = (data: unknown) => validateConfig(data, file, ctx);

function message(data: unknown): string {
  try {
    validate(data);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('validateConfig accepts', () => {
  it('top-level keys and profiles, parsed by the flag parsers', () => {
    const cfg = validate({
      host: 'smsc.example.com',
      port: 2775, // a number in JSON/YAML
      connectTimeout: '5s',
      enquireLink: 0,
      interfaceVersion: 0x34,
      to: ['+447700900123', '+447700900124'],
      tls: true,
      profiles: { prod: { port: '3550', systemId: 'prod-user', wait: '2m' } },
    });
    expect(cfg.top).toEqual({
      host: 'smsc.example.com',
      port: 2775,
      connectTimeoutMs: 5000,
      enquireLinkMs: 0,
      interfaceVersion: 0x34,
      to: ['+447700900123', '+447700900124'],
      tls: true,
    });
    expect(cfg.profiles.get('prod')).toEqual({ port: 3550, systemId: 'prod-user', wait: 120_000 });
  });

  it('an empty file', () => expect(validate(undefined)).toEqual({ file, top: {}, profiles: new Map() }));

  it('resolves relative paths against the file, not the working directory', () => {
    expect(validate({ ca: 'certs/ca.pem', journal: '/var/log/sms.jsonl' }).top).toEqual({
      ca: '/etc/smpp/certs/ca.pem',
      journal: '/var/log/sms.jsonl',
    });
  });
});

describe('validateConfig refuses, naming file, key path and what is expected', () => {
  it.each([
    [{ port: 'abc' }, `invalid value for port in ${file}: "abc"; expected an integer from 1 to 65535`],
    [{ profiles: { prod: { port: 70000 } } }, `invalid value for profiles.prod.port in ${file}: 70000; expected an integer from 1 to 65535`],
    [{ tls: 'sometimes' }, `invalid value for tls in ${file}: "sometimes"; expected true or false`],
    [{ bind: 'rx' }, `invalid value for bind in ${file}: "rx"; expected one of transceiver, transmitter, receiver`],
    [{ systemId: 12345 }, `invalid value for systemId in ${file}: 12345; expected a string (quote it in the config file)`],
    [{ to: '+1,,+2' }, `invalid value for to in ${file}: "+1,,+2"; expected phone numbers, separated by commas or given as a list, without empty entries`],
    [{ host: ['a'] }, `invalid value for host in ${file}: a list; expected a string`],
    [{ connectTimeout: 'soon' }, `invalid value for connectTimeout in ${file}: "soon"; expected a duration such as 500ms, 30s, 5m, 2h (a bare number is seconds)`],
    [{ profiles: { staging: { from: null } } }, `invalid value for profiles.staging.from in ${file}: an empty value; expected a string`],
  ])('%j', (data, expected) => expect(message(data)).toBe(expected));

  it.each([
    [{ prot: 1 }, `unknown key prot in ${file} (did you mean port?)`],
    [{ 'system-id': 'x' }, `unknown key system-id in ${file} (did you mean systemId?)`],
    [{ connectTimeoutMs: 5 }, `unknown key connectTimeoutMs in ${file} (did you mean connectTimeout?)`],
    [{ profiles: { prod: { pasword: 'x' } } }, `unknown key profiles.prod.pasword in ${file} (did you mean password?)`],
    [{ colour: false }, `unknown key colour in ${file} (did you mean color?)`],
    [{ frobnicate: 1 }, `unknown key frobnicate in ${file}; see .smpprc.example for the keys`],
    [{ text: 'hi' }, `text in ${file} cannot be set in a config file; give --text on the command line`],
    [{ profiles: { p: { profile: 'x' } } }, `profiles.p.profile in ${file} cannot be set in a config file; give --profile on the command line`],
    [{ profiles: { p: { profiles: {} } } }, `profiles.p.profiles in ${file}: profiles cannot be nested; move it to the top level`],
  ])('unknown or misplaced key %j', (data, expected) => expect(message(data)).toBe(expected));

  it.each([
    [['a'], `${file} must hold an object of settings (key: value), not a list`],
    ['host: x', `${file} must hold an object of settings (key: value), not a string`],
    [{ profiles: ['prod'] }, `profiles in ${file} must be an object of named profiles (profiles: { prod: {...} }), not a list`],
    [{ profiles: { prod: 'x' } }, `profiles.prod in ${file} must be an object of settings, not a string`],
  ])('wrong shape %j', (data, expected) => expect(message(data)).toBe(expected));

  it.each([
    [{ password: 1234 }],
    [{ password: ['hunter2'] }],
    [{ profiles: { prod: { password: 987654 } } }],
  ])('never echoes a password: %j', (data) => {
    const m = message(data);
    expect(m).toContain(MASK);
    expect(m).not.toMatch(/1234|hunter2|987654/);
  });
});
