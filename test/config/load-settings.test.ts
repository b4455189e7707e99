import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, MASK, UsageError } from '../../src/errors.js';
import { loadSettings, type LoadInput, type SendCommand } from '../../src/cli/load-settings.js';
import { PASSWORD_FLAG_WARNING } from '../../src/config/check.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'smpp-settings-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function rc(body: string, name = '.smpprc.yaml', mode = 0o600): string {
  const file = join(home, name);
  writeFileSync(file, body);
  chmodSync(file, mode);
  return file;
}

function input(argv: string[], env: Record<string, string> = {}, extra: Partial<LoadInput> = {}): LoadInput {
  return { argv, env, cwd: home, home, stdinIsTTY: true, now: new Date('2030-01-01T00:00:00Z'), localOffset: 0, ...extra };
}

async function send(argv: string[], env: Record<string, string> = {}, extra: Partial<LoadInput> = {}): Promise<SendCommand> {
  const r = await loadSettings(input(argv, env, extra));
  if (r.command !== 'send') throw new Error(`got ${r.command}`);
  return r;
}

async function failure(argv: string[], env: Record<string, string> = {}): Promise<Error> {
  const err = await loadSettings(input(argv, env)).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('did not fail');
  return err;
}

const MIN = ['--to', '+447700900123', '--text', 'hi'];

const FILE = `
host: file-host
port: 1001
systemId: file-user
window: 4
tps: 9
profiles:
  prod:
    host: prod-host
    port: 1002
    window: 5
`;

describe('loadSettings: precedence and origins', () => {
  it('flags > env > profile > top level > defaults, key by key', async () => {
    rc(FILE);
    const r = await send([...MIN, '--host', 'flag-host', '--profile', 'prod'], { SMPP_HOST: 'env-host', SMPP_PORT: '1003', SMPP_RETRIES: '7' });
    expect(r.settings).toMatchObject({ host: 'flag-host', port: 1003, window: 5, tps: 9, retries: 7, systemId: 'file-user', binds: 1 });
    expect(r.origins).toMatchObject({ host: 'flag', port: 'env', window: 'profile', tps: 'config', retries: 'env', systemId: 'config', binds: 'default' });
    expect(r.profile).toBe('prod');
    expect(r.configFile).toBe(join(home, '.smpprc.yaml'));
    expect(r.warnings).toEqual([]);
  });

  it('SMPP_PROFILE chooses the profile; --profile overrides it', async () => {
    rc(`${FILE}  dev:\n    host: dev-host\n`);
    expect((await send(MIN, { SMPP_PROFILE: 'dev' })).settings.host).toBe('dev-host');
    expect((await send([...MIN, '-P', 'prod'], { SMPP_PROFILE: 'dev' })).settings.host).toBe('prod-host');
  });

  it('--config FILE, then SMPP_CONFIG, instead of the search', async () => {
    rc('systemId: searched\n');
    const a = rc('systemId: from-a\n', 'a.yaml');
    rc('systemId: from-b\n', 'b.yaml');
    expect((await send([...MIN, '--config', a], { SMPP_CONFIG: 'b.yaml' })).settings.systemId).toBe('from-a');
    expect((await send(MIN, { SMPP_CONFIG: 'b.yaml' })).settings.systemId).toBe('from-b');
    expect((await send(MIN)).settings.systemId).toBe('searched');
  });

  it('defaults alone, with origins for every setting', async () => {
    const r = await send([...MIN, '-u', 'me']);
    expect(r.settings).toMatchObject({ host: 'localhost', port: 2775, interfaceVersion: 0x34, bind: 'transceiver', wait: false, color: 'auto', maxParts: 10, tlv: [] });
    expect(r.configFile).toBeUndefined();
    expect(Object.values(r.origins).every((o) => o === 'default' || o === 'flag')).toBe(true);
    expect(r.origins.from).toBe('default');
  });
});

describe('loadSettings: flags', () => {
  it('collects --to from commas and repeats', async () => {
    const r = await send(['-u', 'me', '--to', '+447700900001,+447700900002', '-t', '+447700900003', '--to', ' +447700900004 ', '--text', 'x']);
    expect(r.settings.to).toEqual(['+447700900001', '+447700900002', '+447700900003', '+447700900004']);
  });

  it.each([
    [[], false],
    [['--wait'], 300_000],
    [['--wait', '90s'], 90_000],
    [['-w', '2m'], 120_000],
    [['--wait=45'], 45_000],
    [['--wait', '0'], false],
  ])('--wait %j -> %j', async (flags, wait) => {
    expect((await send([...MIN, '-u', 'me', ...flags])).settings.wait).toBe(wait);
  });

  it('turns human times into SMPP times, counted from the given now', async () => {
    const r = await send([...MIN, '-u', 'me', '--validity', '14h', '--schedule', '2030-01-01T12:00']);
    expect(r.settings.validity).toBe('000000140000000R');
    expect(r.settings.schedule).toBe('300101120000000+');
  });

  it('--port defaults to 3550 with --tls', async () => {
    expect((await send([...MIN, '-u', 'me', '--tls'])).settings.port).toBe(3550);
  });

  it('warns about --password on the command line', async () => {
    const r = await send([...MIN, '-u', 'me', '--password', 'hunter2']);
    expect(r.settings.password).toBe('hunter2');
    expect(r.warnings).toEqual([PASSWORD_FLAG_WARNING]);
    expect((await send([...MIN, '-u', 'me'], { SMPP_PASSWORD: 'hunter2' })).warnings).toEqual([]);
  });

  it('reads text from a piped stdin when --text is absent', async () => {
    const r = await send(['-u', 'me', '--to', '+447700900001'], {}, { stdinIsTTY: false });
    expect(r.settings.text).toBe('-');
  });
});

describe('loadSettings: colour', () => {
  it.each([
    [{}, [], 'auto'],
    [{ NO_COLOR: '1' }, [], false],
    [{ NO_COLOR: '' }, [], 'auto'],
    [{ FORCE_COLOR: '1' }, [], true],
    [{ FORCE_COLOR: '0' }, [], false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, [], false],
    [{ FORCE_COLOR: '1' }, ['--no-color'], false],
  ])('%j %j -> %j', async (env, flags, color) => {
    expect((await send([...MIN, '-u', 'me', ...flags], env)).settings.color).toBe(color);
    const report = await loadSettings(input(['report', 'j.jsonl', ...flags], env));
    expect(report).toEqual({ command: 'report', file: 'j.jsonl', json: false, color, warnings: [] });
  });
});

describe('loadSettings: help, version, report', () => {
  it.each([[['--help']], [['-h']], [['--to', 'x', '--help']], [['help']]])('%j -> help', async (argv) => {
    const r = await loadSettings(input(argv));
    expect(r.command).toBe('help');
    expect(r.command === 'help' && r.text).toMatch(/^Usage: smpp-send/);
  });

  it('--version prints the package version', async () => {
    expect(await loadSettings(input(['--version']))).toEqual({ command: 'version', text: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('help does not read the config file (it may be broken)', async () => {
    rc('host: [broken\n');
    expect((await loadSettings(input(['--help']))).command).toBe('help');
    await expect(loadSettings(input([...MIN, '-u', 'me']))).rejects.toThrow(ConfigError);
  });

  it('report FILE --json', async () => {
    expect(await loadSettings(input(['report', 'run.jsonl', '--json']))).toEqual({ command: 'report', file: 'run.jsonl', json: true, color: 'auto', warnings: [] });
  });
});

describe('loadSettings: errors', () => {
  it.each([
    [['--tp', '5'], {}, UsageError, "unknown option '--tp' (did you mean --tps?)"],
    [['--port'], {}, UsageError, '--port needs a value: --port <port>'],
    [[...MIN, '--port', 'x'], {}, UsageError, 'invalid value for --port: "x"; expected an integer from 1 to 65535'],
    [MIN, { SMPP_PORT: '0' }, UsageError, 'invalid value for SMPP_PORT: "0"; expected an integer from 1 to 65535'],
    [[...MIN, '-u', 'me', '--config', 'missing.yaml'], {}, ConfigError, `config file not found: ${'HOME'}/missing.yaml (from --config); check the path`],
    [[...MIN, '-u', 'me', '--profile', 'prod'], {}, ConfigError, '--profile prod: no config file found to hold profiles; create .smpprc (see .smpprc.example) or give --config FILE'],
    [['-u', 'me', '--text', 'x'], {}, UsageError, 'no recipient: give --to NUMBER, --to-file FILE or --batch FILE'],
    [['-u', 'me', '--to', '1'], {}, UsageError, 'no text: give --text TEXT or pipe it on stdin'],
    [[...MIN, '-u', 'me', '--bind', 'transmitter', '--wait'], {}, UsageError, 'a transmitter bind cannot receive delivery receipts; use --bind transceiver or drop --wait'],
  ])('%j %j', async (argv, env, type, message) => {
    const err = await failure(argv, env);
    expect(err).toBeInstanceOf(type);
    expect(err.message).toBe(message.replace('HOME', home));
  });

  it('names the file and key path of a bad value in the selected profile', async () => {
    const file = rc('profiles:\n  prod:\n    port: 99999\n');
    const err = await failure([...MIN, '-u', 'me', '--profile', 'prod']);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`invalid value for profiles.prod.port in ${file}: 99999; expected an integer from 1 to 65535`);
  });

  it('suggests the near key for an unknown one', async () => {
    const file = rc('systemid: me\n');
    expect((await failure(MIN)).message).toBe(`unknown key systemid in ${file} (did you mean systemId?)`);
  });

  it('names the file of bad YAML', async () => {
    const file = rc('host: a\n  port: 1\n');
    expect((await failure(MIN)).message).toBe(`cannot read config file ${file}:2:7: invalid YAML: bad indentation of a mapping entry`);
  });

  it('warns when the file holding the password is readable by others', async () => {
    const file = rc('systemId: me\npassword: hunter2\n', '.smpprc', 0o644);
    const r = await send(MIN);
    expect(r.warnings).toEqual([`${file} holds a password but other users can read it (mode 644); run: chmod 600 ${file}`]);
  });
});

describe('loadSettings never shows a password', () => {
  it.each([
    ['an unknown flag with a value', ['--passwrd=hunter2'], {}],
    ['an unknown short flag group', ['-xhunter2'], {}],
    ['an unknown flag after the password', ['--password', 'hunter2', '--tp'], {}],
    ['a missing value after the password', ['--password', 'hunter2', '--port'], {}],
    ['a stray argument after the password', [...MIN, '--password', 'hunter2', 'extra'], {}],
  ])('%s', async (_what, argv, env) => {
    const err = await failure(argv as string[], env);
    expect(err.message).not.toContain('hunter2');
  });

  it('in a config file of the wrong type', async () => {
    rc('systemId: me\npassword: 12345678\n');
    const err = await failure(MIN);
    expect(err.message).toContain(MASK);
    expect(err.message).not.toContain('12345678');
  });

  it('in a profile of the wrong type', async () => {
    rc('systemId: me\nprofiles:\n  prod:\n    password: [hunter2]\n');
    const err = await failure([...MIN, '--profile', 'prod']);
    expect(err.message).toBe(`invalid value for profiles.prod.password in ${join(home, '.smpprc.yaml')}: ${MASK}; expected a string`);
  });
});
