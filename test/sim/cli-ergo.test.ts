// Issue 12, smpp-sim: --version, why a bind was refused (in its stderr log), long messages joined
// in its output and its log, the credentials on its startup line, help in smpp-send's layout.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { testDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { connectPeer, sm, type Peer } from './peer.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/smpp-sim.js');
const PKG = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, SMPP_SIM_PASSWORD: '', ...env } });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => err.push(d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out.join(''), stderr: () => err.join(''), exit };
}

async function start(args: string[] = [], env: Record<string, string> = {}) {
  const r = run(['--port', '0', ...args], env);
  await until(() => /listening on/.test(r.stdout()) || r.child.exitCode !== null, 'the listening line');
  const url = /listening on (smpp:\/\/[\d.]+:\d+)/.exec(r.stdout())?.[1];
  if (!url) throw new Error(`smpp-sim did not start: ${r.stderr()}`);
  return { ...r, url };
}

function peer(url: string, creds?: { systemId: string; password: string }): Promise<Peer> {
  return connectPeer(url, {}, creds);
}

it('--version and -V print the package version, exit 0', async () => {
  for (const flag of ['--version', '-V']) {
    const r = run([flag]);
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toBe(`${PKG.version}\n`);
  }
});

it('--help in smpp-send\'s layout: usage, groups, [choices; default] in brackets, examples, 100 columns', async () => {
  const r = run(['--help']);
  expect(await r.exit).toBe(0);
  const text = r.stdout();
  expect(text).toMatch(/^Usage: smpp-sim \[options\]\n/);
  for (const title of ['Server:', 'Message ids and receipts:', 'Faults and limits:', 'Mobile-originated messages:', 'Output:', 'Examples:']) {
    expect(text).toContain(`\n${title}\n`);
  }
  expect(text).toMatch(/\n {6}--id-format <f> +message_id form in submit_sm_resp \[decimal\|hex\|uuid; default\s+decimal\]/);
  expect(text).toMatch(/\n {2}-V, --version +print the version\n/);
  expect(text).not.toContain('(choices:'); // commander's own layout
  for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
});

it('the startup line names the default credentials; a password of the user\'s own only by where it came from', async () => {
  const sim = await start();
  expect(sim.stdout()).toMatch(/ \(system_id smpp-sim, password sim-secret: the default credentials\)\n$/);
  const own = await start(['--system-id', 'acme'], { SMPP_SIM_PASSWORD: 'Very-Private-9' });
  expect(own.stdout()).toMatch(/ \(system_id acme, password from SMPP_SIM_PASSWORD\)\n$/);
  const flag = await start(['--password', 'Very-Private-9']);
  expect(flag.stdout()).toMatch(/ \(system_id smpp-sim, password from --password\)\n$/);
  expect(own.stdout() + own.stderr() + flag.stdout() + flag.stderr()).not.toContain('Very-Private-9');
});

it('a refused bind is logged with its reason, never with a password', async () => {
  const sim = await start();
  const wrongPassword = await peer(sim.url, { systemId: 'smpp-sim', password: 'guess-123' });
  expect((await wrongPassword.bind()).command_status).toBe(0x0e);
  const wrongId = await peer(sim.url, { systemId: 'bob', password: 'sim-secret' });
  expect((await wrongId.bind()).command_status).toBe(0x0f);
  await until(() => (sim.stderr().match(/bind-refused/g) ?? []).length === 2, 'two refusals logged');
  expect(sim.stderr()).toContain('session 1 bind-refused: bind_transceiver refused with ESME_RINVPASWD: wrong password for system_id "smpp-sim"');
  expect(sim.stderr()).toContain('session 2 bind-refused: bind_transceiver refused with ESME_RINVSYSID: system_id "bob" is not "smpp-sim"');
  expect(sim.stderr()).not.toContain('guess-123');
});

it('a long message is shown joined on stderr and logged as one "message" line, besides its parts', async () => {
  const dir = testDir('smpp-sim-log-');
  const log = join(dir, 'sim.jsonl');
  const sim = await start(['--log', log]);
  const p = await peer(sim.url);
  await p.bind();
  const part = (seq: number, text: string) =>
    sm({ esm_class: 0x40, short_message: Buffer.concat([Buffer.from([5, 0, 3, 0x2a, 2, seq]), Buffer.from(text)]) });
  expect((await p.request('submit_sm', part(1, 'Hello, '))).command_status).toBe(0);
  expect((await p.request('submit_sm', part(2, 'world'))).command_status).toBe(0);
  await until(() => /message from/.test(sim.stderr()), 'the message line');
  expect(sim.stderr()).toMatch(/session 1 message from "ACME" to "447700900001", 2 parts \(ids \S+ \S+\): "Hello, world"\n/);
  sim.child.kill('SIGTERM');
  expect(await sim.exit).toBe(0);
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.filter((l) => l.command === 'submit_sm').map((l) => l.text)).toEqual(['Hello, ', 'world']);
  expect(lines.filter((l) => l.type === 'message')).toEqual([
    expect.objectContaining({ type: 'message', session: 1, from: 'ACME', to: '447700900001', parts: 2, text: 'Hello, world', dataCoding: 0 }),
  ]);
});

it('--log - carries the joined message too; --quiet keeps stderr free of it', async () => {
  const sim = await start(['--log', '-', '--quiet']);
  const p = await peer(sim.url);
  await p.bind();
  await p.request('submit_sm', sm({ short_message: Buffer.from('one part') }));
  await until(() => /"type":"message"/.test(sim.stdout()), 'the message record');
  expect(sim.stdout()).toMatch(/"type":"message".*"text":"one part"/);
  expect(sim.stderr()).toBe('');
});
