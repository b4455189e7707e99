// Hostile config files: wrong types, unknown keys, missing profiles, unreadable, malformed YAML
// and JSON, a .smpprc.js that throws. Each is exit 3 with one line naming the file and the key
// path, and nothing connects. The CLI runs in a scratch directory with HOME pointing there, so
// no config file of the machine running the tests is found.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import type { Sim } from '../../src/sim/index.js';
import { runCli, type CliOptions } from '../helpers/cli.js';
import { at, expectOneLineError, put, scratch, send, sim } from './harness.js';

const SEND = ['--to', '+447700900123', '--text', 'hi'];

/** A scratch directory holding `name` with `body`; the CLI runs there. */
function dirWith(name: string, body: string): { dir: string; file: string } {
  const dir = scratch();
  return { dir, file: put(dir, name, body) };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Case = [what: string, name: string, body: string, args: string[], message: (file: string) => string];

const CASES: Case[] = [
  ['port: "abc"', '.smpprc.yaml', 'port: abc\n', [], (f: string) => `invalid value for port in ${f}: "abc"; expected an integer from 1 to 65535`],
  ['window: -1', '.smpprc.yaml', 'window: -1\n', [], (f: string) => `invalid value for window in ${f}: -1; expected an integer from 1 to 1000`],
  ['tls: "maybe"', '.smpprc.yaml', 'tls: maybe\n', [], (f: string) => `invalid value for tls in ${f}: "maybe"; expected true or false`],
  ['tls: 2', '.smpprc.json', '{"tls": 2}', [], (f: string) => `invalid value for tls in ${f}: 2; expected true or false`],
  ['a number where text goes', '.smpprc.yaml', 'systemId: 12345\n', [], (f: string) => `invalid value for systemId in ${f}: 12345; expected a string`],
  ['a list where a number goes', '.smpprc.yaml', 'port: [1, 2]\n', [], (f: string) => `invalid value for port in ${f}: a list`],
  ['a bad value in a profile', '.smpprc.yaml', 'profiles:\n  prod:\n    port: 0\n', ['--profile', 'prod'], (f: string) => `invalid value for profiles.prod.port in ${f}: 0`],
  ['unknown key (typo)', '.smpprc.yaml', 'hots: smsc.example.net\n', [], (f: string) => `unknown key hots in ${f} (did you mean host?)`],
  ['unknown key in the selected profile', '.smpprc.yaml', 'profiles:\n  prod:\n    sytemId: acme\n', ['--profile', 'prod'], (f: string) => `unknown key profiles.prod.sytemId in ${f} (did you mean systemId?)`],
  ['unknown key, nothing near', '.smpprc.yaml', 'colour_scheme: dark\n', [], (f: string) => `unknown key colour_scheme in ${f}; see .smpprc.example for the keys`],
  ['a flag-only option', '.smpprc.yaml', 'dryRun: true\n', [], (f: string) => `dryRun in ${f} cannot be set in a config file`],
  ['no such profile', '.smpprc.yaml', 'profiles:\n  prod: { host: a }\n  backup: { port: 2776 }\n', ['--profile', 'staging'], (f: string) => `--profile staging: no such profile in ${f} (available: prod, backup)`],
  ['a near profile name', '.smpprc.yaml', 'profiles:\n  prod: { host: a }\n  backup: { port: 2776 }\n', ['--profile', 'prdo'], (f: string) => `no such profile in ${f} (did you mean prod? available: prod, backup)`],
  ['a profile but no profiles section', '.smpprc.yaml', 'host: a\n', ['--profile', 'prod'], (f: string) => `--profile prod: ${f} has no profiles section`],
  ['not an object', '.smpprc.yaml', '- a\n- b\n', [], (f: string) => `${f} must hold an object of settings (key: value), not a list`],
  ['malformed YAML', '.smpprc.yaml', 'host: a\n  port: 1\n', [], (f: string) => `cannot read config file ${f}:2:7: invalid YAML: bad indentation of a mapping entry`],
  ['unclosed YAML quote', '.smpprc', 'host: "a\nport: 1\n', [], (f: string) => `cannot read config file ${f}:3:1: invalid YAML: unexpected end of the stream within a double quoted scalar`],
  ['malformed JSON (trailing comma)', '.smpprc.json', '{"host": "a",}', [], (f: string) => `cannot read config file ${f}:1:14: invalid JSON: a comma before }`],
  ['malformed JSON (bare word)', '.smpprc.json', '{"host": smsc}', [], (f: string) => `cannot read config file ${f}:1:10: invalid JSON: unexpected character where a value should be`],
];

// A JavaScript config file is compiled by the loader of the process that imports it: Node's own
// in the built CLI, vitest's module runner in-process (which words a syntax error differently).
const JS_CASES: Case[] = [
  ['a .smpprc.js that throws', '.smpprc.js', 'throw new Error("no config for you");\n', [], (f: string) => `cannot read config file ${f}:1:7: JavaScript: the file threw an error while loading`],
  ['a .smpprc.cjs with a syntax error', '.smpprc.cjs', 'module.exports = {\n', [], (f: string) => `cannot read config file ${f}:2: JavaScript: syntax error`],
];

/** As send, through the built CLI. */
function sendSpawned(s: Sim, args: string[], opts: CliOptions) {
  return runCli([...at(s), ...args], { ...opts, env: { SMPP_PASSWORD: s.password, ...opts.env } });
}

async function refusedConfig(run: typeof send | typeof sendSpawned, [, name, body, args, message]: Case) {
  const s = await sim();
  const { dir, file } = dirWith(name, body);
  const r = await run(s, [...SEND, ...args], { cwd: dir, env: { HOME: dir } });
  expectOneLineError(r, EXIT.config, new RegExp(esc(message(file))));
  expect(s.received).toEqual([]);
}

it.each(CASES)('%s: exit 3, one line naming file and key, nothing connects', (...c) => refusedConfig(send, c));
it.each(JS_CASES)('%s: exit 3, one line naming file and key, nothing connects', (...c) => refusedConfig(sendSpawned, c));

it.each([
  ['--config', (p: string) => ({ args: ['--config', p], env: {} })],
  ['SMPP_CONFIG', (p: string) => ({ args: [], env: { SMPP_CONFIG: p } })],
])('a missing file named by %s: exit 3, says where the name came from', async (from, how) => {
  const s = await sim();
  const dir = scratch();
  const { args, env } = how(join(dir, 'nope.yaml'));
  const r = await send(s, [...SEND, ...args], { cwd: dir, env: { HOME: dir, ...env } });
  expectOneLineError(r, EXIT.config, new RegExp(esc(`config file not found: ${join(dir, 'nope.yaml')} (from ${from})`)));
  expect(s.received).toEqual([]);
});

it('a directory given as the config file: exit 3', async () => {
  const s = await sim();
  const dir = scratch();
  mkdirSync(join(dir, 'conf.d'));
  const r = await send(s, [...SEND, '--config', 'conf.d'], { cwd: dir, env: { HOME: dir } });
  expectOneLineError(r, EXIT.config, new RegExp(esc(`config file ${join(dir, 'conf.d')} (from --config) is not a file`)));
  expect(s.received).toEqual([]);
});

// chmod 000 stops nobody running as root (as CI does): there the file is simply read, so the
// assertion below only runs for other users. The directory case above covers "cannot be read"
// for root.
const root = process.getuid?.() === 0;
it.skipIf(root)('a file nobody may read (chmod 000): exit 3', async () => {
  const s = await sim();
  const { dir, file } = dirWith('.smpprc.yaml', 'host: a\n');
  chmodSync(file, 0o000);
  const r = await send(s, SEND, { cwd: dir, env: { HOME: dir } });
  expectOneLineError(r, EXIT.config, new RegExp(`cannot read config file ${esc(file)}: .*(EACCES|permission denied)`));
  expect(s.received).toEqual([]);
});

it('a password file readable by others: a one-line warning, and the run goes on', async () => {
  const s = await sim();
  const { dir, file } = dirWith('.smpprc.yaml', `password: ${s.password}\n`);
  chmodSync(file, 0o644);
  const r = await send(s, SEND, { cwd: dir, env: { HOME: dir, SMPP_PASSWORD: undefined } });
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(r.stderr.trim().split('\n')).toEqual([`warning: ${file} holds a password but other users can read it (mode 644); run: chmod 600 ${file}`]);
});
