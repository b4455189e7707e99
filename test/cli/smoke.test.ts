// One spawned run of the built binary (bin/smpp-send.js -> the bundle) per command: it starts,
// answers and exits with the right code. What each command does is tested in-process through
// main(io) elsewhere; these check the process a user starts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { submits } from '../helpers/submits.js';
import { runMain } from '../helpers/in-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const spawned = useCli();
const inProcess = useCli(runMain);
const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const dir = useTempDir('smpp-smoke-');

const MSG = ['--to', '+447700900123', '--text', 'hi'];

/** A message on its way at the simulator (no receipt yet), sent in-process; its id. */
async function sentId(s: Sim): Promise<string> {
  const r = await inProcess([...connArgs(s), '--json', ...MSG]);
  expectExit(r, 0);
  return jsonLines(r.stdout).find((l) => l.type === 'submitted')!.ids[0] as string;
}

it('send', async () => {
  const sim = await e2eSim();
  const r = await spawned([...connArgs(sim), ...MSG, '--wait', '5s']);
  expectExit(r, 0);
  expect(r.stdout).toContain(sim.messages[0]!.messageIds[0]!);
  expect(r.stdout).toMatch(/DELIVRD/);
  expect(submits(sim)).toHaveLength(1);
  expectUnbound(sim);
});

it('listen', async () => {
  const sim = await e2eSim();
  sim.injectMo({ from: '+447700900123', to: '12345', text: 'STOP' });
  const r = await spawned(['listen', ...connArgs(sim), '--json', '--count', '1']);
  expectExit(r, 0);
  expect(jsonLines(r.stdout)[0]).toMatchObject({ type: 'mo', from: '447700900123', text: 'STOP' });
});

it.each([
  ['query', [], /ENROUTE/],
  ['replace', ['--text', 'new text'], /replaced/],
  ['cancel', [], /cancelled/],
])('%s', async (command, extra, answer) => {
  const sim = await e2eSim({ receiptDelayMs: 60_000 });
  const id = await sentId(sim);
  const r = await spawned([command, ...connArgs(sim), id, ...extra]);
  expectExit(r, 0);
  expect(r.stdout).toMatch(new RegExp(`^${id} +${answer.source}`));
});

it('report', async () => {
  const sim = await e2eSim();
  const journal = join(dir, 'run.jsonl');
  expectExit(await inProcess([...connArgs(sim), ...MSG, '--journal', journal]), 0);
  const r = await spawned(['report', journal]);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/accepted/);
});

it('config', async () => {
  const r = await spawned(['config', '--system-id', 'acme']);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/^systemId +acme +\(from --system-id\)$/m);
});

it('probe', async () => {
  const sim = await e2eSim();
  const r = await spawned(['probe', ...connArgs(sim)]);
  expectExit(r, 0);
  expect(r.stdout).toContain(`SMSC system_id "${sim.systemId}"`);
});

it('completion', async () => {
  const r = await spawned(['completion', 'bash']);
  expectExit(r, 0);
  expect(r.stdout).toContain('smpp-send completion --profiles');
});

it('--help', async () => {
  const r = await spawned(['--help']);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/^Usage: smpp-send /);
  expect(r.stderr).toBe('');
});

it('--version', async () => {
  const r = await spawned(['--version']);
  expectExit(r, 0);
  expect(r.stdout).toBe(`${PKG.version}\n`);
});
