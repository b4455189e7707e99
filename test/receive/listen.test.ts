// End to end: `smpp-send listen` against the simulator over TCP (the built CLI, spawned).
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { commands } from '../helpers/submits.js';
import { until } from '../helpers/until.js';

const cli = useCli();

const listen = (s: Sim, ...args: string[]) => cli(['listen', ...connArgs(s), ...args]);
const records = (stdout: string) => jsonLines(stdout).filter((l) => l.type === 'mo' || l.type === 'receipt');

it('prints MO held for it before it bound (single, multi-part in any order, every split), then stops at --count', async () => {
  const sim = await e2eSim();
  sim.injectMo({ from: '+447700900123', to: '12345', text: 'STOP' });
  sim.injectMo({ from: '+447700900124', to: '12345', text: 'Ünïcödé 😀 '.repeat(15), split: 'udh16', ref: 0x1234, order: [3, 1, 2] });
  sim.injectMo({ from: '+447700900125', to: '12345', text: 'sar '.repeat(50), split: 'sar', ref: 9, order: [2, 1] });
  sim.injectMo({ from: '+447700900126', to: '12345', text: 'payload '.repeat(30), split: 'payload' });
  expect(sim.stats.held).toBe(1 + 3 + 2 + 1);
  const r = await listen(sim, '--json', '--count', '4');
  expectExit(r, 0);
  const got = records(r.stdout);
  expect(got.map((g) => [g.type, g.from, g.text, g.parts, g.complete])).toEqual([
    ['mo', '447700900123', 'STOP', 1, true],
    ['mo', '447700900124', 'Ünïcödé 😀 '.repeat(15), 3, true],
    ['mo', '447700900125', 'sar '.repeat(50), 2, true],
    ['mo', '447700900126', 'payload '.repeat(30), 1, true],
  ]);
  expect(got[0]).toMatchObject({ fromTon: 1, fromNpi: 1, to: '12345', toTon: 3, encoding: 'gsm7', dataCoding: 0, partsReceived: 1 });
  expect(got[1]).toMatchObject({ encoding: 'ucs2', dataCoding: 8 });
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', mo: 4, receipts: 0, stoppedBy: 'count', exitCode: 0 });
  expectUnbound(sim);
});

it('an MO that merely contains "id:" is an MO; receipts (esm_class or text) are receipts', async () => {
  const sim = await e2eSim();
  sim.deliver('12345', { source_addr: '447700900123', source_addr_ton: 1, short_message: 'my id: 42, what is my stat: ?' });
  sim.deliver('ACME', { source_addr: '447700900123', esm_class: 0, short_message: 'id:77 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:' });
  const r = await listen(sim, '--json', '--count', '2');
  expectExit(r, 0);
  expect(records(r.stdout).map((g) => [g.type, g.text ?? g.state])).toEqual([['mo', 'my id: 42, what is my stat: ?'], ['receipt', 'DELIVRD']]);
});

it('receives receipts the SMSC held for a receiver, with the send run receipt fields', async () => {
  const sim = await e2eSim({ outcomes: [{ to: '4477009009', stat: 'UNDELIV', err: '001' }] });
  const sent = await cli([...connArgs(sim), '--bind', 'transmitter', '--receipt', 'always', '--json', '--to', '+447700900123,+447700900999', '--text', 'hi']);
  expectExit(sent, 0);
  const ids = jsonLines(sent.stdout).filter((l) => l.type === 'submitted').map((l) => l.ids[0]);
  await until(() => sim.stats.held === 2, 'both receipts held for a receiver', 3000);
  const r = await listen(sim, '--json', '--count', '2');
  expectExit(r, 0);
  const got = records(r.stdout);
  expect(got.map((g) => [g.type, g.id, g.to, g.state, g.delivered])).toEqual([
    ['receipt', ids[0], '447700900123', 'DELIVRD', true],
    ['receipt', ids[1], '447700900999', 'UNDELIV', false],
  ]);
  expect(got[1]).toMatchObject({ final: true, err: '001', networkError: { type: 3, code: 1 }, toTon: 1 });
});

it('prints an incomplete message after --reassembly-timeout, naming the missing part', async () => {
  const sim = await e2eSim();
  sim.injectMo({ from: '+447700900123', to: '12345', text: 'x'.repeat(400), order: [1, 3] });
  const r = await listen(sim, '--reassembly-timeout', '300ms', '--count', '1');
  expectExit(r, 0);
  expect(r.stdout).toMatch(/^mo {7}\+447700900123 -> 12345: "x{247}" \(gsm7, 2\/3 parts, INCOMPLETE: missing part 2\)\n$/);
  expect(r.stderr).toContain('listened: 1 MO (1 incomplete), 0 receipt(s); stopped by count');
});

it('--timeout alone ends the run with 0; with --count not reached it exits 12', async () => {
  const sim = await e2eSim();
  const plain = await listen(sim, '--timeout', '300ms');
  expectExit(plain, 0);
  expect(plain.stdout).toBe('');
  expect(plain.stderr).toContain('stopped by timeout');
  sim.injectMo({ from: '+447700900123', to: '12345', text: 'one' });
  const short = await listen(sim, '--json', '--timeout', '500ms', '--count', '2');
  expectExit(short, 12);
  expect(records(short.stdout)).toHaveLength(1);
  expect(jsonLines(short.stdout).at(-1)).toMatchObject({ type: 'summary', stoppedBy: 'timeout', exitCode: 12 });
  expectUnbound(sim);
});

it('SIGTERM: unbinds cleanly and exits 130', async () => {
  const sim = await e2eSim();
  let signalled = false;
  const r = await cli(['listen', ...connArgs(sim), '--json'], {
    onSpawn: (child) => {
      const poll = setInterval(() => {
        if (sim!.stats.binds > 0 && !signalled) {
          signalled = true;
          clearInterval(poll);
          child.kill('SIGTERM');
        }
      }, 20);
    },
  });
  expectExit(r, 130);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', stoppedBy: 'signal', exitCode: 130 });
  expect(commands(sim).at(-1)).toBe('unbind');
});

it('refuses a transmitter bind and send-only flags with one line, exit 2', async () => {
  const sim = await e2eSim();
  const tx = await listen(sim, '--bind', 'transmitter');
  expectExit(tx, 2);
  expect(tx.stderr).toBe('error: a transmitter bind cannot receive: use --bind receiver (the default for listen) or transceiver\n');
  const to = await listen(sim, '--to', '+447700900123');
  expectExit(to, 2);
  expect(to.stderr).toMatch(/--to does not apply to smpp-send listen/);
});

it('--json objects carry every field the README listen table lists', async () => {
  const readme = (await import('node:fs')).readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.split('### `smpp-send listen`')[1]!.split('Every object also has')[0]!;
  const documented = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const m = /^\| `(\w+)` \|.*\| (.+) \|$/.exec(line);
    if (m) documented.set(m[1]!, [...m[2]!.replace(/\([^)]*\)/g, '').matchAll(/`(\w+)`(\?)?/g)].filter((f) => !f[2]).map((f) => f[1]!));
  }
  expect([...documented.keys()]).toEqual(['mo', 'receipt', 'exec', 'link', 'summary']);
  const sim = await e2eSim();
  sim.injectMo({ from: '+447700900123', to: '12345', text: 'x'.repeat(200), order: [2] });
  sim.deliver('ACME', { source_addr: '447700900123', esm_class: 4, short_message: 'id:1 stat:DELIVRD err:000' });
  const r = await listen(sim, '--json', '--count', '2', '--reassembly-timeout', '200ms');
  expectExit(r, 0);
  const lines = jsonLines(r.stdout);
  expect(lines.map((l) => l.type)).toEqual(['receipt', 'mo', 'summary']);
  for (const obj of lines) expect(Object.keys(obj)).toEqual(expect.arrayContaining([...documented.get(obj.type)!, 't']));
  expect(lines[1]).toMatchObject({ complete: false, missing: [1], partsReceived: 1, parts: 2 });
});

it('once --count is reached, deliveries that follow are refused (ESME_RX_T_APPN), so the SMSC keeps them', async () => {
  const sim = await e2eSim();
  for (const text of ['one', 'two', 'three']) sim.injectMo({ from: '+447700900123', to: '12345', text });
  const r = await listen(sim, '--json', '--count', '1');
  expectExit(r, 0);
  expect(records(r.stdout).map((g) => g.text)).toEqual(['one']);
  const statuses = sim.received.filter((p) => p.command === 'deliver_sm_resp').map((p) => p.status);
  expect(statuses).toEqual([0, 0x64, 0x64]); // the first was taken and printed; the others stay
});
