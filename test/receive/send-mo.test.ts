// End to end: MO delivered to a send run's transceiver bind while it waits for receipts is shown
// (an `mo` line / JSON object, as listen prints it) and counted, never dropped (issue 11). The
// built CLI against the simulator over TCP.
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';

const cli = useCli();

/** A sim that sends MO during the run: one held for the bind, more once the submit arrives. */
async function moSim(): Promise<Sim> {
  const s: Sim = await e2eSim({
    receiptDelayMs: 300,
    onSubmit: () => {
      setImmediate(() => {
        s.injectMo({ from: '+447700900124', to: '12345', text: 'Ответ 😀 '.repeat(12), split: 'udh16', ref: 0x4242, order: [2, 1] });
        s.injectMo({ from: '+447700900125', to: '12345', text: 'lost '.repeat(60), ref: 7, order: [1] }); // part 2 never comes
        s.deliver('12345', { source_addr: '447700900126', source_addr_ton: 1, short_message: 'my id: 42, what is my stat: ?' });
      });
    },
  });
  s.injectMo({ from: '+447700900123', to: '12345', text: 'STOP' }); // held until the run binds
  return s;
}

const send = (s: Sim, ...args: string[]) => cli([...connArgs(s), '--wait', '5s', '--to', '+447700900200', '--text', 'hi', ...args]);

it('--json: each MO is an `mo` object like listen prints (reassembled, incomplete at the end), counted in the summary', async () => {
  const sim = await moSim();
  const r = await send(sim, '--json');
  expectExit(r, 0); // an MO never changes the exit code
  const lines = jsonLines(r.stdout);
  const mo = lines.filter((l) => l.type === 'mo');
  expect(mo.map((m) => [m.from, m.text, m.parts, m.partsReceived, m.complete])).toEqual([
    ['447700900123', 'STOP', 1, 1, true],
    ['447700900124', 'Ответ 😀 '.repeat(12), 2, 2, true],
    ['447700900126', 'my id: 42, what is my stat: ?', 1, 1, true],
    ['447700900125', 'lost '.repeat(60).slice(0, 153), 2, 1, false], // printed when the run ends
  ]);
  expect(mo[0]).toMatchObject({ fromTon: 1, fromNpi: 1, to: '12345', toTon: 3, encoding: 'gsm7', dataCoding: 0 });
  expect(mo[1]).toMatchObject({ encoding: 'ucs2', dataCoding: 8 });
  expect(mo[3]).toMatchObject({ missing: [2] });
  expect(lines.filter((l) => l.type === 'receipt').map((l) => l.state)).toEqual(['DELIVRD']);
  expect(lines.at(-1)).toMatchObject({ type: 'summary', accepted: 1, delivered: 1, mo: 4, unmatchedReceipts: 0, exitCode: 0 });
  expectUnbound(sim);
});

it('human output: one line per MO, text quoted, and the count in the summary', async () => {
  const sim = await moSim();
  const r = await send(sim);
  expectExit(r, 0);
  const moLines = r.stdout.split('\n').filter((l) => l.includes(' mo '));
  expect(moLines).toEqual([
    '← mo +447700900123 -> 12345: "STOP" (gsm7)',
    `← mo +447700900124 -> 12345: ${JSON.stringify('Ответ 😀 '.repeat(12))} (ucs2, 2 parts)`,
    '← mo +447700900126 -> 12345: "my id: 42, what is my stat: ?" (gsm7)',
    `← mo +447700900125 -> 12345: ${JSON.stringify('lost '.repeat(60).slice(0, 153))} (gsm7, 1/2 parts, INCOMPLETE: missing part 2)`,
  ]);
  expect(r.stdout).toMatch(/Summary: .*4 MO messages received/);
  expect(r.stdout).not.toMatch(/not sent by this run/);
});

it('--reassembly-timeout: an MO still missing parts is printed during the run, before the receipt it precedes', async () => {
  const sim = await moSim(); // the receipt comes 300 ms after the submit, the lone part at once
  const r = await send(sim, '--json', '--reassembly-timeout', '50ms');
  expectExit(r, 0);
  const order = jsonLines(r.stdout).map((l) => (l.type === 'mo' ? `mo ${l.from} ${l.complete}` : l.type));
  expect(order.indexOf('mo 447700900125 false')).toBeLessThan(order.indexOf('receipt'));
  expect(order.filter((o) => o.startsWith('mo'))).toHaveLength(4); // printed once, not again at the end
});
