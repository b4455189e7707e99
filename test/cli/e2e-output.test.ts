// End to end: what the CLI prints. --json lines are checked against the README's JSON table
// (parsed from README.md, so the docs and the output cannot drift apart), --quiet prints nothing,
// --dry-run connects to nothing, --help and --version.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { closedPort, connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { submits } from '../helpers/submits.js';
import { runMain } from '../helpers/in-process.js';

const cli = useCli(runMain);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** type -> fields the README table lists without `?` (the ones every object of that type has). */
function documentedJson(readme: string): Map<string, string[]> {
  const table = readme.split('### JSON output')[1]!.split('\n## ')[0]!;
  const rows = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const m = /^\| `(\w+)` \|.*\| (.+) \|$/.exec(line);
    if (!m) continue;
    let fields = m[2]!.replace(/\([^)]*\)/g, ''); // enumerations and sub-fields
    const inherits = /^as `(\w+)`, plus /.exec(fields);
    const base = inherits ? rows.get(inherits[1]!)! : [];
    if (inherits) fields = fields.slice(inherits[0].length);
    const own = [...fields.matchAll(/`(\w+)`(\?)?/g)].filter((f) => f[2] === undefined).map((f) => f[1]!);
    rows.set(m[1]!, [...base, ...own]);
  }
  return rows;
}
const DOCUMENTED = documentedJson(README);

function expectDocumented(lines: Record<string, any>[]): void {
  for (const obj of lines) {
    const fields = DOCUMENTED.get(obj.type);
    expect(fields, `type ${obj.type} is not in the README's JSON table`).toBeDefined();
    expect(Object.keys(obj), `fields of ${JSON.stringify(obj)}`).toEqual(expect.arrayContaining([...fields!, 't']));
    expect(new Date(obj.t).toISOString()).toBe(obj.t);
  }
}

it('the README JSON table is read (guards the parser of this test)', () => {
  expect([...DOCUMENTED.keys()]).toEqual(expect.arrayContaining(['submitted', 'rejected', 'receipt', 'plan', 'summary']));
  expect(DOCUMENTED.get('rejected')).toEqual(expect.arrayContaining(['ids', 'statusName', 'partStates']));
  expect(DOCUMENTED.get('submitted')).not.toContain('from');
});

describe('against the simulator', () => {
  let sim: Sim;
  beforeEach(async () => {
    sim = await e2eSim({
      outcomes: [{ to: '4477009002', stat: 'UNDELIV', err: '001' }],
      // ESME_RINVDSTADR for one recipient
      onSubmit: (pdu) => (pdu.fields.destination_addr === '33612345678' ? { status: 0x0b } : undefined),
    });
  });
  afterEach(() => expectUnbound(sim)); // e2eSim closes it when the test ends

  it('--json: every line parses, has the documented fields, and the summary is last with the exit code', async () => {
    const long = 'Ж'.repeat(100); // UCS2, 2 parts
    const r = await cli([...connArgs(sim), '--json', '--wait', '5s', '--to', '+447700900123', '--text', long]);
    expectExit(r, 0);
    const lines = jsonLines(r.stdout);
    expectDocumented(lines);
    expect(lines.map((l) => l.type)).toEqual(['submitted', 'receipt', 'receipt', 'summary']);
    const [submitted, , receipt, summary] = lines as [any, any, any, any];
    expect(submitted).toMatchObject({ to: '+447700900123', encoding: 'ucs2', dataCoding: 8, parts: 2, ids: sim.messages[0]!.messageIds });
    expect(receipt).toMatchObject({ state: 'DELIVRD', final: true, delivered: true, parts: 2 });
    expect(receipt.message).toMatchObject({ state: 'delivered', partsDelivered: 2, parts: 2 });
    expect(summary).toMatchObject({ messages: 1, parts: 2, accepted: 1, delivered: 1, failed: 0, interrupted: false });
    expect(summary.exitCode).toBe(r.code);
  });

  it('--json with a rejection and a failed receipt: the rejected line names the status, summary exitCode 6', async () => {
    const r = await cli([
      ...connArgs(sim), '--json', '--wait', '5s', '--to', '+447700900123,+447700900200,+33612345678', '--text', 'hi',
    ]);
    expectExit(r, 6);
    const lines = jsonLines(r.stdout);
    expectDocumented(lines);
    const rejected = lines.find((l) => l.type === 'rejected');
    expect(rejected).toMatchObject({ to: '+33612345678', part: 1, status: 0x0b, statusName: 'ESME_RINVDSTADR' });
    const failed = lines.find((l) => l.type === 'receipt' && l.to === '+447700900200');
    expect(failed).toMatchObject({ state: 'UNDELIV', final: true, delivered: false, err: '001' });
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', accepted: 2, rejected: 1, delivered: 1, failed: 1, exitCode: 6 });
    expect(summary.byStatus).toEqual({ ESME_RINVDSTADR: 1 });
    expect(r.stderr).toBe('');
  });

  it('--quiet prints nothing on stdout or stderr for a good run, and still sends', async () => {
    const r = await cli([...connArgs(sim), '--quiet', '--wait', '5s', '--to', '+447700900123', '--text', 'hi']);
    expectExit(r, 0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(sim.messages.map((m) => m.text)).toEqual(['hi']);
  });

  it('--quiet still exits with the outcome (a rejection: 6) and keeps stdout empty', async () => {
    const r = await cli([...connArgs(sim), '--quiet', '--to', '+33612345678', '--text', 'hi']);
    expectExit(r, 6);
    expect(r.stdout).toBe('');
    expect(submits(sim)).toHaveLength(1);
  });
});

describe('--dry-run connects to nothing', () => {
  it('prints encoding, parts and bytes and exits 0 with nothing listening', async () => {
    const port = await closedPort();
    const r = await cli(['--port', String(port), '--system-id', 'nobody', '--dry-run', '--to', '+447700900123', '--text', 'Hello €']);
    expectExit(r, 0);
    expect(r.stdout).toContain('TON 1 NPI 1 "447700900123"');
    expect(r.stdout).toMatch(/GSM 7-bit, data_coding 0x00, 7 characters, 8 septets, 1 part/);
    expect(r.stdout).toContain('48656c6c6f201b65');
  });

  it('--json prints one plan per message with the documented fields', async () => {
    const port = await closedPort();
    const r = await cli([
      '--port', String(port), '--dry-run', '--json', '--from', 'Alerts',
      '--to', '+447700900123,+447700900124', '--text', 'x'.repeat(161),
    ]);
    expectExit(r, 0);
    const lines = jsonLines(r.stdout);
    expectDocumented(lines);
    expect(lines.map((l) => l.type)).toEqual(['plan', 'plan', 'summary']);
    expect(lines[2]).toMatchObject({ dryRun: true, messages: 2, skipped: 0, duplicates: 0, accepted: 0, exitCode: 0 });
    const plan = lines[0]!;
    expect(plan).toMatchObject({
      dest: { addr: '447700900123', ton: 1, npi: 1 }, source: { addr: 'Alerts', ton: 5, npi: 0 },
      encoding: 'gsm7', dataCoding: 0, chars: 161, units: 161, unitName: 'septets',
    });
    expect(plan.parts.map((p: any) => [p.esmClass, p.udh.slice(0, 6), p.payloadLength])).toEqual([
      [0x40, '050003', 153], [0x40, '050003', 8],
    ]);
    expect(plan.parts[1].payload).toBe('78'.repeat(8));
  });
});

describe('startup', () => {
  it('--help exits 0 and lists the option groups', async () => {
    const r = await cli(['--help']);
    expectExit(r, 0);
    for (const group of ['Connection:', 'Message:', 'Input:', 'Flow control:', 'Receipts:', 'Output:']) {
      expect(r.stdout).toContain(`\n${group}\n`);
    }
    expect(r.stdout).toMatch(/^Usage: smpp-send/);
    expect(r.stderr).toBe('');
  });

  it('--version prints the version of package.json', async () => {
    const r = await cli(['--version']);
    expectExit(r, 0);
    expect(r.stdout).toBe(`${PKG.version}\n`);
  });
});
