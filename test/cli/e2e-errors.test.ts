// End to end: what goes wrong. Each failure is one line on stderr, no stack trace, and the exit
// code the README documents; --debug adds a PDU trace with the password masked.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import type { CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/in-process.js';
import { closedPort, connArgs, e2eSim, expectExit, expectUnbound, PASSWORD, stderrLines, useCli } from '../helpers/e2e.js';
import { commands } from '../helpers/submits.js';

const cli = useCli(runMain);
const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const TLS = { key: readFileSync(fixture('tls/key.pem')), cert: readFileSync(fixture('tls/cert.pem')) };
const STACK = /\n\s+at /;
const MSG = ['--to', '+447700900123', '--text', 'hi'];

function expectOneErrorLine(r: CliResult, code: number, pattern: RegExp): void {
  expectExit(r, code);
  expect(stderrLines(r)).toEqual([expect.stringMatching(pattern)]);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(STACK);
}

let sim: Sim | undefined;
let http: Server | undefined;
afterEach(async () => {
  if (sim) expectUnbound(sim); // e2eSim closes it when the test ends
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  sim = undefined;
  http = undefined;
});

describe('bad input, caught before connecting', () => {
  // Pointed at a closed port: a check that came too late would show up as exit 4 instead.
  it.each([
    ['no --to', 2, ['--text', 'hi'], /no recipient: give --to NUMBER/],
    ['a malformed number', 2, ['--to', '+44 7700-9001x3', '--text', 'hi'], /--to "\+44 7700-9001x3": .*not letters/],
    ['a number too long for E.164', 2, ['--to', '+4477009001234567', '--text', 'hi'], /--to "\+4477009001234567": too long \(16 digits\)/],
    ['letters as a destination', 2, ['--to', '+447700900123,Alerts', '--text', 'hi'], /--to "Alerts": a destination must be a phone number/],
    ['an empty text', 2, ['--to', '+447700900123', '--text', ''], /--text/],
    ['a blank text', 2, ['--to', '+447700900123', '--text', '   '], /--text is blank/],
    ['a text the forced coding cannot carry', 2, ['--to', '+447700900123', '--coding', 'gsm7', '--text', 'hi 😀'], /gsm7.*😀/],
    ['an unknown flag, with a suggestion', 2, [...MSG, '--wiat', '5s'], /unknown option '--wiat' \(did you mean --wait\?\)/],
    ['--bind transmitter with --wait', 2, [...MSG, '--bind', 'transmitter', '--wait'], /transmitter bind cannot receive delivery receipts/],
    ['a missing config file', 3, [...MSG, '--config', 'no-such-file.json'], /config file not found: .*no-such-file\.json/],
    ['an invalid config value', 3, [...MSG, '--config', fixture('cli/bad-port.json'), '--profile', 'prod'], /^(?=.*bad-port\.json)(?=.*profiles\.prod\.port)/],
  ])('%s: exit %i', async (_, code, args, pattern) => {
    const port = await closedPort();
    const r = await cli(['--host', '127.0.0.1', '--port', String(port), '--system-id', 'acme', ...args]);
    expectOneErrorLine(r, code, pattern);
    expect(r.stdout).toBe('');
  });
});

describe('connection', () => {
  it('connection refused: exit 4', async () => {
    const port = await closedPort();
    const r = await cli(['--host', '127.0.0.1', '--port', String(port), '--system-id', 'acme', ...MSG]);
    expectOneErrorLine(r, 4, new RegExp(`refused.*127\\.0\\.0\\.1:${port}`));
  });

  it('a server that is not SMPP (HTTP) on the port: exit 4', async () => {
    http = createServer((_, res) => res.end('hello'));
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as AddressInfo).port;
    const r = await cli(['--host', '127.0.0.1', '--port', String(port), '--system-id', 'acme', '--connect-timeout', '3s', ...MSG]);
    expectOneErrorLine(r, 4, /does not speak SMPP.*HTTP/);
  });

  describe('TLS with a self-signed certificate', () => {
    it('is refused without --ca: exit 4', async () => {
      sim = await e2eSim({ tls: TLS });
      const r = await cli([...connArgs(sim), '--tls', ...MSG]);
      expectOneErrorLine(r, 4, /TLS certificate .* rejected/);
      expect(sim.stats.binds).toBe(0);
    });

    it.each([
      ['--ca with that certificate', ['--ca', fixture('tls/cert.pem')]],
      ['--insecure', ['--insecure']],
    ])('is accepted with %s: exit 0', async (_, extra) => {
      sim = await e2eSim({ tls: TLS });
      const r = await cli([...connArgs(sim), '--tls', ...extra, ...MSG]);
      expectExit(r, 0);
      expect(sim.messages.map((m) => m.text)).toEqual(['hi']);
      expect(commands(sim).at(-1)).toBe('unbind');
    });
  });
});

describe('bind refused', () => {
  const WRONG = 'Wr0ng-pw-QQQ';

  it('a wrong password: exit 5 naming ESME_RINVPASWD, neither password printed', async () => {
    sim = await e2eSim();
    const r = await cli([...connArgs(sim), ...MSG], { env: { SMPP_PASSWORD: WRONG } });
    expectOneErrorLine(r, 5, /ESME_RINVPASWD/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(WRONG);
  });

  it('--debug: a PDU trace with the password masked', async () => {
    sim = await e2eSim();
    const r = await cli([...connArgs(sim), ...MSG, '--debug'], { env: { SMPP_PASSWORD: WRONG } });
    expectExit(r, 5);
    expect(r.stderr).toMatch(/^> bind_transceiver .*password=\*{8}/m);
    expect(r.stderr).toMatch(/^< bind_transceiver_resp ESME_RINVPASWD/m);
    expect(r.stderr).not.toContain(WRONG);
  });
});

describe('--debug', () => {
  it('adds the stack trace to an error', async () => {
    const r = await cli(['--system-id', 'acme', ...MSG, '--config', 'no-such-file.json', '--debug']);
    expectExit(r, 3);
    expect(r.stderr).toMatch(/^error: config file not found/);
    expect(r.stderr).toMatch(STACK);
  });
});

describe('--password on the command line', () => {
  it('works, warns that the process list shows it, and the --debug trace masks it', async () => {
    sim = await e2eSim();
    const r = await cli([...connArgs(sim), ...MSG, '--password', PASSWORD, '--debug'], { env: { SMPP_PASSWORD: undefined } });
    expectExit(r, 0);
    expect(r.stderr).toMatch(/^warning: --password on the command line is visible to other users in the process list/m);
    expect(r.stderr).toMatch(/^> bind_transceiver .*password=\*{8} /m);
    expect(r.stderr).toMatch(/^> submit_sm /m);
    expect(r.stderr).toMatch(/^> unbind /m);
    // The password itself: checked for every run of this file by useCli's afterAll.
  });
});
