// End to end: what a person and a script see for the receipt outcomes of issues 8 and 9.
// ACCEPTD ends the wait with exit 0 and its own word in the summary; --receipt failure says
// "no failure reported"; receipts for ids this run did not send are counted in the human
// summary and listed one by one with --debug; an id the SMSC gave twice is a warning.
import { afterEach, expect, it } from 'vitest';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';

const cli = useCli(runMain);
let sim: Sim | undefined;
afterEach(() => {
  if (sim) expectUnbound(sim); // e2eSim closes it when the test ends
  sim = undefined;
});

async function send(opts: SimOptions, ...args: string[]) {
  sim = await e2eSim({ receiptDelayMs: 5, ...opts });
  return cli([...connArgs(sim), '--to', '+447700900123', '--text', 'hi', ...args]);
}

it('ACCEPTD is final: exit 0, shown as ACCEPTD in the receipt line and the summary', async () => {
  const r = await send({ outcomes: [{ to: '', stat: 'ACCEPTD' }] }, '--wait', '20s');
  expectExit(r, 0);
  expect(r.stdout).toMatch(/! \+447700900123 ACCEPTD/);
  expect(r.stdout).toMatch(/Summary: 1 accepted · 1 ACCEPTD \(final, not confirmed delivered\)/);
});

it('ACCEPTD in JSON: acceptd in the summary and as the message state', async () => {
  const r = await send({ outcomes: [{ to: '', stat: 'ACCEPTD' }] }, '--wait', '20s', '--json');
  expectExit(r, 0);
  const lines = jsonLines(r.stdout);
  expect(lines.find((l) => l.type === 'receipt')).toMatchObject({ state: 'ACCEPTD', final: true, delivered: false, message: { state: 'acceptd' } });
  expect(lines.at(-1)).toMatchObject({ type: 'summary', acceptd: 1, delivered: 0, failed: 0, receiptsPending: 0, exitCode: 0 });
});

it('--receipt failure --wait: silence means no failure reported, exit 0', async () => {
  const r = await send({}, '--receipt', 'failure', '--wait', '300ms');
  expectExit(r, 0);
  expect(r.stdout).toMatch(/Summary: 1 accepted · 1 with no failure reported \(--receipt failure\)/);
});

it('receipts for ids not sent: counted in the human summary, each listed with --debug', async () => {
  const stranger = (id: string) => ({
    esm_class: 0x04, receipted_message_id: id, message_state: 2,
    short_message: `id:${id} sub:001 dlvrd:001 submit date:2601010000 done date:2601010000 stat:DELIVRD err:000 text:`,
  });
  const opts: SimOptions = {
    onSubmit: (_p, { index }) => {
      if (index === 0) for (const id of ['other-1', 'other-2']) sim!.deliver('', stranger(id));
    },
  };
  const plain = await send(opts, '--wait', '20s');
  expectExit(plain, 0);
  expect(plain.stdout).toMatch(/1 delivered, 2 receipts for ids not sent by this run \(--debug lists them\)/);
  expect(plain.stderr).not.toContain('unmatched receipt');
  await sim!.close();

  const debug = await send(opts, '--wait', '20s', '--debug');
  expectExit(debug, 0);
  expect(debug.stderr).toContain('unmatched receipt: id "other-1" state "DELIVRD" (not an id this run sent)');
  expect(debug.stderr).toContain('unmatched receipt: id "other-2" state "DELIVRD" (not an id this run sent)');
});

it('an id the SMSC gave two messages: one warning on stderr (and in JSON), receipts credited to neither', async () => {
  sim = await e2eSim({ receiptDelayMs: 200, onSubmit: () => ({ messageId: 'SAME' }) });
  const args = [...connArgs(sim), '--to', '+447700900001,+447700900002', '--text', 'hi', '--wait', '20s'];
  const r = await cli(args);
  expectExit(r, 7);
  expect(r.stderr.match(/warning: the SMSC gave message_id "SAME" to more than one message/g)).toHaveLength(1);
  expect(r.stdout).toMatch(/2 without final receipt/);
  await sim.close();

  sim = await e2eSim({ receiptDelayMs: 200, onSubmit: () => ({ messageId: 'SAME' }) });
  const json = await cli([...connArgs(sim), '--to', '+447700900001,+447700900002', '--text', 'hi', '--wait', '20s', '--json']);
  expectExit(json, 7);
  const lines = jsonLines(json.stdout);
  expect(lines.filter((l) => l.type === 'warning')).toEqual([expect.objectContaining({ warning: expect.stringContaining('"SAME"') })]);
  expect(lines.filter((l) => l.type === 'receipt')).toEqual([]);
});
