// End to end: query, cancel and replace against the simulator's real message state.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

async function sendTo(s: Sim, to: string, ...more: string[]): Promise<string[]> {
  const r = await cli([...connArgs(s), '--from', 'ACME', '--json', '--to', to, '--text', 'hello', ...more]);
  expectExit(r, 0);
  return jsonLines(r.stdout).filter((l) => l.type === 'submitted').map((l) => l.ids[0] as string);
}
const run = (s: Sim, ...args: string[]) => cli([args[0]!, ...connArgs(s), ...args.slice(1)]);

it('query: ENROUTE while on its way, then the final state, date and error; unknown ids exit 13', async () => {
  const sim = await e2eSim({ receiptDelayMs: 60_000, outcomes: [{ to: '4477009009', stat: 'UNDELIV', err: '034', delayMs: 0 }] });
  const [pending] = await sendTo(sim, '+447700900123');
  const [failed] = await sendTo(sim, '+447700900999');
  const r = await run(sim, 'query', '--json', pending!, failed!);
  expectExit(r, 0);
  const [a, b] = jsonLines(r.stdout);
  expect(a).toMatchObject({ type: 'query', id: pending, ok: true, state: 'ENROUTE', messageState: 1, final: false, finalDate: null, errorCode: 0 });
  expect(b).toMatchObject({ type: 'query', id: failed, ok: true, state: 'UNDELIV', messageState: 5, final: true, errorCode: 34 });
  expect(b!.finalDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

  const unknown = await run(sim, 'query', 'nope', pending!);
  expectExit(unknown, 13);
  expect(unknown.stdout.split('\n')[0]).toBe('nope  query refused: ESME_RQUERYFAIL (0x67): query_sm failed');
  expect(unknown.stdout.split('\n')[1]).toBe(`${pending}  ENROUTE (not final)`);
  expectUnbound(sim);
});

it('query with the wrong source address is refused: the SMSC finds messages by id and sender', async () => {
  const sim = await e2eSim({ receiptDelayMs: 60_000 });
  const [id] = await sendTo(sim, '+447700900123');
  expectExit(await run(sim, 'query', '--from', 'ACME', id!), 0);
  const wrong = await run(sim, 'query', '--from', 'OTHER', id!);
  expectExit(wrong, 13);
  expect(wrong.stdout).toContain('ESME_RQUERYFAIL');
});

it('cancel withdraws a message on its way (no receipt follows); a second cancel is refused', async () => {
  const sim = await e2eSim({ receiptDelayMs: 5000 });
  const sentAt = Date.now();
  const [id] = await sendTo(sim, '+447700900123', '--receipt', 'always');
  const r = await run(sim, 'cancel', '--from', 'ACME', id!);
  expectExit(r, 0);
  expect(r.stdout).toBe(`${id}  cancelled\n`);
  const again = await run(sim, 'cancel', '--from', 'ACME', id!);
  expectExit(again, 13);
  expect(again.stdout).toBe(`${id}  cancel refused: ESME_RCANCELFAIL (0x11): cancel_sm failed\n`);
  const q = await run(sim, 'query', '--json', id!);
  expect(jsonLines(q.stdout)[0]).toMatchObject({ state: 'DELETED', final: true });
  await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 5200 - Date.now())));
  expect(sim.stats.held).toBe(0); // the receipt of a cancelled message never came
});

it('replace changes a message on its way; after delivery it is refused; a text over one part is a usage error', async () => {
  const sim = await e2eSim({ receiptDelayMs: 60_000 });
  const [id] = await sendTo(sim, '+447700900123');
  const r = await run(sim, 'replace', '--json', id!, '--text', 'new text');
  expectExit(r, 0);
  expect(jsonLines(r.stdout)[0]).toMatchObject({ type: 'replace', id, ok: true, status: 0, statusName: 'ESME_ROK' });
  const replaceSm = sim.received.find((p) => p.command === 'replace_sm')!;
  expect(replaceSm.fields).toMatchObject({ message_id: id, short_message: Buffer.from('new text').toString('hex') });

  sim.set({ receiptDelayMs: 0 });
  const [done] = await sendTo(sim, '+447700900123');
  await new Promise((r) => setTimeout(r, 20));
  const late = await run(sim, 'replace', done!, '--text', 'too late');
  expectExit(late, 13);
  expect(late.stdout).toContain('ESME_RREPLACEFAIL');

  const long = await run(sim, 'replace', id!, '--text', 'x'.repeat(161));
  expectExit(long, 2);
  const none = await run(sim, 'replace', id!);
  expectExit(none, 2);
  expect(none.stderr).toBe('error: replace needs the new text: smpp-send replace ID --text TEXT\n');
});

it('query --journal asks about every journaled message without a final receipt', async () => {
  const sim = await e2eSim({ receiptDelayMs: 60_000 });
  const journal = join(testDir(), 'run.jsonl');
  const ids = await sendTo(sim, '+447700900123,+447700900124', '--journal', journal);
  const r = await run(sim, 'query', '--json', '--journal', journal);
  expectExit(r, 0);
  const got = jsonLines(r.stdout);
  expect(got.map((g) => [g.id, g.state, g.part])).toEqual(ids.map((id) => [id, 'ENROUTE', 1]));
  expect(got[0]!.key).toMatch(/^[0-9a-f]{16}#/);
});

it('without an id: one line, exit 2', async () => {
  const sim = await e2eSim();
  const r = await run(sim, 'cancel');
  expectExit(r, 2);
  expect(r.stderr).toBe('error: cancel needs a message id: smpp-send cancel ID\n');
});
