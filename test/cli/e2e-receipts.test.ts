// End to end: outcomes after the submit. Failed and missing receipts exit 7, a refused submit
// exits 6 with the status name, and ids answered in hex still match receipts written in decimal.
import { afterEach, expect, it } from 'vitest';
import type { LoggedPdu, Sim, SimOptions } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { commands } from '../helpers/submits.js';
import { runMain } from '../helpers/in-process.js';

const cli = useCli(runMain);
let sim: Sim | undefined;
afterEach(() => {
  if (sim) expectUnbound(sim); // e2eSim closes it when the test ends
  sim = undefined;
});

async function send(opts: SimOptions, ...args: string[]) {
  sim = await e2eSim(opts);
  return cli([...connArgs(sim), '--to', '+447700900123', '--text', 'hi', ...args]);
}

it('a failed receipt exits 7 and shows the state and error', async () => {
  const r = await send({ outcomes: [{ to: '4477009', stat: 'UNDELIV', err: '001' }] }, '--wait', '5s');
  expectExit(r, 7);
  expect(r.stdout).toMatch(/✖ \+447700900123 UNDELIV err 001/);
  expect(r.stdout).toMatch(/Summary: 1 accepted · 1 failed/);
  expect(commands(sim!).at(-1)).toBe('unbind');
});

it('a receipt that does not come within --wait exits 7 with receiptsPending 1', async () => {
  const r = await send({ receiptDelayMs: 10_000 }, '--wait', '300ms', '--json');
  expectExit(r, 7);
  const summary = jsonLines(r.stdout).at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', accepted: 1, delivered: 0, receiptsPending: 1, exitCode: 7 });
  expect(commands(sim!).at(-1)).toBe('unbind');
});

it('a refused submit exits 6 and names the status', async () => {
  const r = await send({ onSubmit: () => ({ status: 0x0b }) }, '--wait', '5s');
  expectExit(r, 6);
  expect(`${r.stdout}${r.stderr}`).toContain('ESME_RINVDSTADR');
  expect(r.stdout).toMatch(/✖ \+447700900123 rejected: ESME_RINVDSTADR/);
  expect(commands(sim!).at(-1)).toBe('unbind');
});

it('matches a receipt written in decimal to a message id answered in hex', async () => {
  const receipts: LoggedPdu[] = [];
  const r = await send(
    {
      idFormat: 'hex', receiptIdFormat: 'decimal', firstId: 0xabcdef0,
      onPdu: (p) => void (p.dir === 'out' && p.command === 'deliver_sm' && receipts.push(p)),
    },
    '--wait', '5s', '--json',
  );
  expectExit(r, 0);
  // The premise: the two forms differ on the wire.
  expect(sim!.messages[0]!.messageIds).toEqual(['abcdef0']);
  expect(receipts.map((p) => p.fields.receipted_message_id)).toEqual([String(0xabcdef0)]);

  const lines = jsonLines(r.stdout);
  expect(lines.find((l) => l.type === 'receipt')).toMatchObject({ id: 'abcdef0', state: 'DELIVRD', delivered: true });
  expect(lines.at(-1)).toMatchObject({ type: 'summary', delivered: 1, unmatchedReceipts: 0, receiptsPending: 0, exitCode: 0 });
});
