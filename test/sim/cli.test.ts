// bin/smpp-sim as users and scripts run it: a separate process, the port read from its one line.
// Needs the compiled output (npm run build; `npm test` builds first).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { testDir } from '../helpers/temp-dir.js';
import { connectPeer, sm, type Peer } from './peer.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/smpp-sim.js');

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/sim/cli.js'))) throw new Error('dist/sim/cli.js is missing: run `npm run build` first');
});

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcessWithoutNullStreams; out: string[]; err: string[]; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, SMPP_SIM_PASSWORD: '', ...env } });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => err.push(d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, err, exit };
}

/** Starts the sim on a free port and waits for its listening line. */
async function start(args: string[] = [], env: Record<string, string> = {}): Promise<Running> {
  const r = run(['--port', '0', ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /^smpp-sim listening on (s?smpp:\/\/127\.0\.0\.1:\d+) \(system_id \S+, password [^)\n]+\)\n/.exec(r.out.join(''));
      if (m) resolve(m[1]);
    };
    r.child.stdout.on('data', check);
    void r.exit.then((code) => reject(new Error(`smpp-sim exited (${code}): ${r.err.join('')}`)));
  });
  return { child: r.child, url, stdout: () => r.out.join(''), stderr: () => r.err.join(''), exit: r.exit };
}

function bound(url: string, creds?: { systemId: string; password: string }): Promise<Peer> {
  return connectPeer(url, {}, creds);
}

describe('smpp-sim', () => {
  it('prints one listening line (the default credentials, public anyway), serves a bind and a submit, and exits 0 on SIGTERM', async () => {
    const sim = await start();
    expect(sim.stdout()).toMatch(/^smpp-sim listening on smpp:\/\/127\.0\.0\.1:\d+ \(system_id smpp-sim, password sim-secret: the default credentials\)\n$/);
    const p = await bound(sim.url);
    expect((await p.bind()).command_status).toBe(0);
    expect((await p.request('submit_sm', sm())).command_status).toBe(0);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(0);
    expect(sim.stdout().split('sim-secret')).toHaveLength(2); // the startup line only
    expect(sim.stderr()).not.toContain('sim-secret');
    expect(sim.stderr()).toMatch(/session 1 bind: transceiver/);
  });

  it('exits 0 on SIGINT', async () => {
    const sim = await start(['--quiet']);
    sim.child.kill('SIGINT');
    expect(await sim.exit).toBe(0);
    expect(sim.stderr()).toBe('');
  });

  it('takes credentials from flags and the password from SMPP_SIM_PASSWORD', async () => {
    const sim = await start(['--system-id', 'acme', '--quiet'], { SMPP_SIM_PASSWORD: 'from-env' });
    expect(sim.stdout()).toContain('(system_id acme, password from SMPP_SIM_PASSWORD)');
    expect((await (await bound(sim.url)).bind('transceiver', { systemId: 'acme', password: 'wrong' })).command_status).toBe(0x0e);
    expect((await (await bound(sim.url)).bind('transceiver', { systemId: 'acme', password: 'from-env' })).command_status).toBe(0);
    expect(sim.stdout()).not.toContain('from-env');
  });

  it('throttles every Nth submit, ids in hex, outcomes by prefix', async () => {
    const sim = await start(['--throttle-every', '2', '--id-format', 'hex', '--receipt-delay', '1', '--outcome', '33=UNDELIV:005', '--quiet']);
    const p = await bound(sim.url);
    await p.bind();
    const a = await p.request('submit_sm', sm({ destination_addr: '33600000000', registered_delivery: 1 }));
    const b = await p.request('submit_sm', sm());
    expect([a.command_status, b.command_status]).toEqual([0, 0x58]);
    expect(a.message_id).toMatch(/^[0-9a-f]+$/);
    const r = await p.next('deliver_sm');
    expect([r.receipted_message_id, r.message_state]).toEqual([a.message_id, 5]);
    expect((r.short_message as Buffer).toString()).toContain('stat:UNDELIV err:005');
  });

  it('--log - writes JSON lines after the listening line', async () => {
    const sim = await start(['--log', '-', '--quiet']);
    const p = await bound(sim.url);
    await p.bind();
    sim.child.kill('SIGTERM');
    await sim.exit;
    const lines = sim.stdout().trim().split('\n').slice(1).map((l) => JSON.parse(l) as { command: string; fields: { password?: string } });
    expect(lines.map((l) => l.command)).toEqual(['bind_transceiver', 'bind_transceiver_resp']);
    expect(lines[0].fields.password).toBe('********');
  });

  it('--log FILE appends there', async () => {
    const file = join(testDir('smpp-sim-cli-'), 'pdus.jsonl');
    const sim = await start(['--log', file, '--quiet']);
    await (await bound(sim.url)).bind();
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('serves TLS with --tls-key and --tls-cert', async () => {
    const tls = join(root, 'test/fixtures/tls');
    const sim = await start(['--tls-key', join(tls, 'key.pem'), '--tls-cert', join(tls, 'cert.pem'), '--quiet']);
    expect(sim.url).toMatch(/^ssmpp:/);
    const p = await connectPeer(sim.url, { ca: readFileSync(join(tls, 'cert.pem')) });
    expect((await p.bind()).command_status).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port: "abc" is not a whole number from 0 to 65535/],
    [['--outcome', 'nonsense'], /--outcome: "nonsense" is not PREFIX=STAT\[:ERR\]/],
    [['--tls-key', 'k.pem'], /--tls-key and --tls-cert go together/],
    [['--id-format', 'octal'], /argument 'octal' is invalid/],
    [['--no-such-flag'], /unknown option '--no-such-flag'/],
    [['--receipt-delay', 'soon'], /--receipt-delay: "soon" is not a duration/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = run(args);
    expect(await r.exit).toBe(2);
    const err = r.err.join('');
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(r.out.join('')).toBe('');
  });

  it('exits 2 naming the port when it is taken', async () => {
    const first = await start(['--quiet']);
    const port = new URL(first.url).port;
    const r = run(['--port', port]);
    expect(await r.exit).toBe(2);
    expect(r.err.join('')).toContain(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
  });
});
