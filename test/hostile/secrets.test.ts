// The bind password never appears in anything we print or write: stdout, stderr, the --debug
// PDU trace and stack traces, --json, the journal and `smpp-send report` on it, error messages
// (about the password key itself too), nor in the simulator's own record. A broad matrix of runs
// (success, each failure kind, every way to give the password) uses one distinctive password;
// everything each run printed and every file it left in its directory is searched for it, and
// for its base64 and hex forms.
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { put, scratch, sim, STACK } from './harness.js';

// Ten characters: Node 20's JSON.parse quotes ten characters from a bad token on, so a leak of
// that kind would hold all of it; any 6-character piece is searched for too.
const PW = 'Zq7-hUnt3r';
const FORMS = {
  plain: PW,
  base64: Buffer.from(PW).toString('base64').replace(/=+$/, ''),
  base64url: Buffer.from(PW).toString('base64url'),
  hex: Buffer.from(PW).toString('hex'),
  HEX: Buffer.from(PW).toString('hex').toUpperCase(),
  utf16hex: Buffer.from(PW, 'utf16le').swap16().toString('hex'), // as UCS2 would carry it
};

const PIECES = Array.from({ length: PW.length - 5 }, (_, i) => PW.slice(i, i + 6));

/** Every occurrence of a form of the password (or a piece of it) in `text`, as "where: form". */
function leaks(where: string, text: string): string[] {
  const found = Object.entries(FORMS).filter(([, f]) => text.includes(f)).map(([name]) => `${where}: ${name}`);
  const piece = PIECES.find((p) => text.includes(p));
  return piece ? [...found, `${where}: piece ${JSON.stringify(piece)}`] : found;
}

/** Every file under `dir`, as text (UTF-8 and Latin-1 both, so bytes are searched as well). */
function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else {
      const bytes = readFileSync(p);
      out.push({ path: p, text: `${bytes.toString('utf8')}\n${bytes.toString('latin1')}` });
    }
  }
  return out;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server that accepts and never answers. */
async function silentPort(): Promise<number> {
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

interface Case {
  /** The simulator's password; default PW (so the run binds). */
  simPassword?: string;
  simOptions?: SimOptions;
  /** Files to create in the run's directory (the CLI runs there, with HOME there). */
  files?: Record<string, string>;
  /**
   * Arguments after the connection flags; `$DIR` is replaced by the run's directory. Files the
   * run reads or writes are named through it: a relative path would resolve against the working
   * folder of this test process, since main(io).cwd only places the config search.
   */
  args: string[];
  env?: Record<string, string>;
  /** Replace the connection flags (host/port) for failure cases. */
  peer?: 'dns' | 'refused' | 'silent';
  code: number;
  /** Journal to run `smpp-send report` on afterwards (plain and --json). */
  report?: string;
  input?: string;
}

const SEND = ['--to', '+447700900123', '--text', 'hi'];
const VIA_ENV = { SMPP_PASSWORD: PW };

const CASES: Record<string, Case> = {
  'success, SMPP_PASSWORD, --debug --json --journal --wait': {
    args: [...SEND, '--debug', '--json', '--journal', '$DIR/j.jsonl', '--wait', '5s'], env: VIA_ENV, code: EXIT.ok, report: 'j.jsonl',
  },
  'success, --password flag, --debug --journal': {
    args: [...SEND, '--password', PW, '--debug', '--journal', '$DIR/j.jsonl'], code: EXIT.ok, report: 'j.jsonl',
  },
  'success, --password=VALUE, --json --journal': {
    args: [...SEND, `--password=${PW}`, '--json', '--journal', '$DIR/j.jsonl'], code: EXIT.ok, report: 'j.jsonl',
  },
  'success, password in .smpprc.yaml, --debug': {
    files: { '.smpprc.yaml': `password: ${PW}\n` }, args: [...SEND, '--debug'], code: EXIT.ok,
  },
  'success, password in a profile, --debug --json': {
    files: { '.smpprc.json': JSON.stringify({ profiles: { prod: { password: PW } } }) },
    args: [...SEND, '--profile', 'prod', '--debug', '--json'], code: EXIT.ok,
  },
  'success, --config FILE with the password, --debug': {
    files: { 'smsc.conf': `password: "${PW}"\n` }, args: [...SEND, '--config', 'smsc.conf', '--debug'], code: EXIT.ok,
  },
  'success, a batch with a bad row, --debug --journal': {
    files: { 'rows.csv': 'to,text\n+447700900121,one\nnope,two\n' },
    args: ['--batch', '$DIR/rows.csv', '--debug', '--journal', '$DIR/j.jsonl'], env: VIA_ENV, code: EXIT.rejected, report: 'j.jsonl',
  },
  'bind refused (wrong password), --debug': {
    simPassword: 'something-else', args: [...SEND, '--debug'], env: VIA_ENV, code: EXIT.bind,
  },
  'bind refused, --json --journal': {
    simPassword: 'something-else', args: [...SEND, '--json', '--journal', '$DIR/j.jsonl'], env: VIA_ENV, code: EXIT.bind, report: 'j.jsonl',
  },
  'submit refused, --debug --json': {
    simOptions: { onSubmit: () => ({ status: 0x0b }) }, args: [...SEND, '--debug', '--json'], env: VIA_ENV, code: EXIT.rejected,
  },
  'link dropped, rebound, --debug --journal': {
    simOptions: { onSubmit: (_p, { index }) => (index === 0 ? { drop: 'before-reply' } : undefined) },
    args: [...SEND, '--debug', '--journal', '$DIR/j.jsonl', '--reconnect-attempts', '2', '--reconnect-delay', '50ms'],
    env: VIA_ENV, code: EXIT.ok, report: 'j.jsonl',
  },
  'connection refused, --debug': { peer: 'refused', args: [...SEND, '--debug'], env: VIA_ENV, code: EXIT.connection },
  'host does not resolve, --debug --json': { peer: 'dns', args: [...SEND, '--debug', '--json'], env: VIA_ENV, code: EXIT.connection },
  'no bind response, --debug, password flag': {
    peer: 'silent', args: [...SEND, '--debug', '--password', PW, '--connect-timeout', '500ms'], code: EXIT.connection,
  },
  'dry run, --password flag, --debug --json': { args: [...SEND, '--dry-run', '--password', PW, '--debug', '--json'], code: EXIT.ok },
  'usage error after --password, --debug': { args: ['--to', 'abc', '--text', 'hi', '--password', PW, '--debug'], code: EXIT.usage },
  'bad value of another flag after --password': { args: [...SEND, '--password', PW, '--window', 'lots'], code: EXIT.usage },
  'unknown flag after --password': { args: [...SEND, '--password', PW, '--bogus'], code: EXIT.usage },
  'misspelt --pasword flag': { args: [...SEND, '--pasword', PW], code: EXIT.usage },
  '--password with no recipient, --json': { args: ['--text', 'hi', '--password', PW, '--json'], code: EXIT.usage },
  '--help next to --password': { args: ['--password', PW, '--help'], code: EXIT.ok },
  'config: password as a list': { files: { '.smpprc.yaml': `password: [${PW}]\n` }, args: [...SEND, '--debug'], code: EXIT.config },
  'config: password as an object': { files: { '.smpprc.yaml': `password: { value: ${PW} }\n` }, args: [...SEND, '--json'], code: EXIT.config },
  'config: password in a profile as a list': {
    files: { '.smpprc.json': JSON.stringify({ profiles: { prod: { password: [PW] } } }) }, args: [...SEND, '--profile', 'prod', '--debug'], code: EXIT.config,
  },
  'config: misspelt key holding the password': { files: { '.smpprc.yaml': `pasword: ${PW}\n` }, args: SEND, code: EXIT.config },
  'config: YAML quote left open after the password': { files: { '.smpprc.yaml': `password: "${PW}\nhost: x\n` }, args: [...SEND, '--debug'], code: EXIT.config },
  'config: YAML bad indentation after the password': { files: { '.smpprc.yaml': `password: ${PW}\n  host: [\n` }, args: SEND, code: EXIT.config },
  'config: JSON with the password unquoted': { files: { '.smpprc.json': `{"password": ${PW}}` }, args: [...SEND, '--debug'], code: EXIT.config },
  'config: JSON with a trailing comma after the password': { files: { '.smpprc.json': `{"password": "${PW}",}` }, args: SEND, code: EXIT.config },
  'config: JSON broken right inside the password': { files: { '.smpprc.json': `{"password": "${PW.slice(0, 6)}\u0001${PW.slice(6)}"}` }, args: SEND, code: EXIT.config },
  'config: bad port next to the password': { files: { '.smpprc.yaml': `password: ${PW}\nport: nope\n` }, args: SEND, code: EXIT.config },
  'config: unknown profile, the file holds a password': {
    files: { '.smpprc.yaml': `profiles:\n  prod: { password: ${PW} }\n` }, args: [...SEND, '--profile', 'staging'], code: EXIT.config,
  },
};

/** The case's runs, in-process unless `run` is runCli (the process and its argv are the subject). */
async function runCase(c: Case, run: typeof runCli | typeof runMain = runMain): Promise<{ dir: string; runs: Record<string, CliResult>; s: Sim }> {
  const dir = scratch();
  // chmod 600, as the README asks of a file holding a password (and no warning about it here).
  for (const [name, body] of Object.entries(c.files ?? {})) chmodSync(put(dir, name, body), 0o600);
  const s = await sim({ password: c.simPassword ?? PW, ...c.simOptions });
  let conn = ['--host', '127.0.0.1', '--port', String(s.port)];
  if (c.peer === 'dns') conn = ['--host', 'no-such-host.invalid'];
  if (c.peer === 'refused') conn = ['--host', '127.0.0.1', '--port', '1'];
  if (c.peer === 'silent') conn = ['--host', '127.0.0.1', '--port', String(await silentPort())];
  const common = ['--system-id', s.systemId, '--response-timeout', '500ms', '--reconnect-attempts', '0', '--enquire-link', '0'];
  const env = { HOME: dir, ...c.env };
  const runs: Record<string, CliResult> = {};
  // --help must come last to be the help request; everything else takes the flags in any order.
  const args = c.args.map((a) => a.replaceAll('$DIR', dir));
  runs.run = await run([...conn, ...common, ...args], { cwd: dir, env, input: c.input ?? '' });
  if (c.report) {
    const journal = join(dir, c.report);
    runs.report = await run(['report', journal], { cwd: dir, env: { HOME: dir } });
    runs['report --json'] = await run(['report', '--json', journal], { cwd: dir, env: { HOME: dir } });
  }
  return { dir, runs, s };
}

it.each(Object.entries(CASES))('%s: the password appears nowhere', async (_name, c) => {
  const { dir, runs, s } = await runCase(c);
  expect(runs.run!.code, runs.run!.stderr).toBe(c.code);
  const found: string[] = [];
  for (const [what, r] of Object.entries(runs)) {
    found.push(...leaks(`${what} stdout`, r.stdout), ...leaks(`${what} stderr`, r.stderr));
  }
  for (const f of filesUnder(dir)) {
    // The files the test itself wrote hold the password on purpose.
    if (c.files && Object.keys(c.files).some((n) => f.path === join(dir, n))) continue;
    found.push(...leaks(f.path, f.text));
  }
  found.push(...leaks('simulator record', JSON.stringify([s.received, s.events])));
  expect(found).toEqual([]);

  // The runs did what the case says, so the search above searched something real.
  if (c.report) {
    // report exits as the job stands: done (0), or not all sent (6) after a refused bind or a bad row.
    expect(runs.report!.code, runs.report!.stderr).toBe(c.code === EXIT.ok ? EXIT.ok : EXIT.rejected);
    expect(readFileSync(join(dir, c.report), 'utf8')).toContain('"ev":"run"');
  }
  const debugBound = c.args.includes('--debug') && !c.peer && c.code !== EXIT.usage && c.code !== EXIT.config && !c.args.includes('--dry-run');
  if (debugBound) expect(runs.run!.stderr).toMatch(/> bind_transceiver .*password=\*{8}/);
  if (!c.args.includes('--debug')) expect(runs.run!.stdout + runs.run!.stderr).not.toMatch(STACK);
});

// Spawned: here the password really is in a process's argv, where `ps` shows it.
it('--password on the command line prints the one-line process-list hint', async () => {
  const { runs } = await runCase({ args: [...SEND, '--password', PW], code: EXIT.ok }, runCli);
  expect(runs.run!.code).toBe(EXIT.ok);
  expect(runs.run!.stderr.trim().split('\n')).toEqual([
    'warning: --password on the command line is visible to other users in the process list; prefer SMPP_PASSWORD or the config file (chmod 600)',
  ]);
});

it.each([
  ['SMPP_PASSWORD', { args: SEND, env: VIA_ENV, code: EXIT.ok }],
  ['the config file', { files: { '.smpprc.yaml': `password: ${PW}\n` }, args: SEND, code: EXIT.ok }],
] as [string, Case][])('a password from %s brings no such hint', async (_from, c) => {
  const { runs } = await runCase(c);
  expect(runs.run!.code).toBe(EXIT.ok);
  expect(runs.run!.stderr).toBe('');
});
