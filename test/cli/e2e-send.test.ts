// End to end: main(io) in-process against the simulator over TCP. Each test checks what the
// user sees (exit code, output) and what the SMSC got on the wire (bind, submit_sm fields, bytes).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { connArgs, e2eSim, expectExit, expectUnbound, useCli } from '../helpers/e2e.js';
import { commands, submits } from '../helpers/submits.js';
import { runMain } from '../helpers/in-process.js';

const cli = useCli(runMain);
const spawned = useCli();
let sim: Sim;
beforeEach(async () => {
  sim = await e2eSim();
});
afterEach(() => expectUnbound(sim)); // on every path of this file; e2eSim closes it when the test ends

const send = (...args: string[]) => cli([...connArgs(sim), ...args]);
const ucs2Hex = (text: string) => Buffer.from(text, 'utf16le').swap16().toString('hex');

describe('one message', () => {
  it('binds as a 3.4 transceiver, submits GSM bytes to an international number, prints id and DELIVRD, unbinds', async () => {
    const r = await send('--to', '+447700900123', '--text', 'Hello @ €', '--wait', '5s');
    expectExit(r, 0);

    const bind = sim.received[0]!;
    expect(bind.command).toBe('bind_transceiver');
    expect(bind.fields.interface_version).toBe(0x34);
    expect(bind.fields.system_id).toBe(sim.systemId);

    const [submit, ...more] = submits(sim);
    expect(more).toEqual([]);
    expect(submit!.fields).toMatchObject({
      dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123',
      data_coding: 0, esm_class: 0, registered_delivery: 1,
      // GSM 03.38 unpacked: '@' is 0x00, '€' the escape pair 1B 65.
      short_message: '48656c6c6f2000201b65',
    });
    const id = sim.messages[0]!.messageIds[0]!;
    expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/DELIVRD/);
    expect(commands(sim).at(-1)).toBe('unbind');
  });

  it('without --wait asks for no receipt and still unbinds', async () => {
    const r = await send('--to', '+447700900123', '--text', 'Hello');
    expectExit(r, 0);
    expect(submits(sim)[0]!.fields.registered_delivery).toBe(0);
    expect(r.stdout).not.toMatch(/DELIVRD/);
    expect(commands(sim).at(-1)).toBe('unbind');
  });
});

describe('recipients and senders', () => {
  it('takes recipients from repeated and comma-separated --to, one submit each', async () => {
    const r = await send('--to', '+447700900123,+447700900124', '--to', '+33612345678', '--text', 'Deploy done');
    expectExit(r, 0);
    expect(submits(sim).map((p) => p.fields.destination_addr)).toEqual(['447700900123', '447700900124', '33612345678']);
    expect(sim.messages.map((m) => m.text)).toEqual(['Deploy done', 'Deploy done', 'Deploy done']);
    for (const m of sim.messages) expect(r.stdout).toContain(m.messageIds[0]!);
  });

  it.each([
    ['Alerts', { source_addr: 'Alerts', source_addr_ton: 5, source_addr_npi: 0 }],
    ['12345', { source_addr: '12345', source_addr_ton: 3, source_addr_npi: 0 }],
    ['+447700900999', { source_addr: '447700900999', source_addr_ton: 1, source_addr_npi: 1 }],
  ])('--from %s goes out with the right TON/NPI', async (from, fields) => {
    const r = await send('--to', '+447700900123', '--from', from, '--text', 'hi');
    expectExit(r, 0);
    expect(submits(sim)[0]!.fields).toMatchObject(fields);
  });
});

describe('text', () => {
  it.each([
    ['--text -', ['--text', '-']],
    ['piped stdin without --text', []],
  ])('%s sends standard input, trailing newline dropped', async (_, args) => {
    const r = await cli([...connArgs(sim), '--to', '+447700900123', ...args], { input: 'Disk 91% full on db-3\n' });
    expectExit(r, 0);
    expect(sim.messages.map((m) => m.text)).toEqual(['Disk 91% full on db-3']);
    expect(submits(sim)[0]!.fields.data_coding).toBe(0);
  });

  it('sends a text outside GSM as UCS2 (data_coding 8, UTF-16BE)', async () => {
    const text = 'Привет 😀 ç';
    const r = await send('--to', '+447700900123', '--text', text);
    expectExit(r, 0);
    expect(submits(sim)[0]!.fields).toMatchObject({ data_coding: 8, esm_class: 0, short_message: ucs2Hex(text) });
    expect(sim.messages[0]!.text).toBe(text);
    expect(r.stdout).toMatch(/UCS-2/);
  });

  it('splits a long text into UDH parts that reassemble to what was typed', async () => {
    const text = `${'Lorem ipsum dolor sit amet, '.repeat(10)}€ {end}`; // 292 septets: 2 parts
    const r = await send('--to', '+447700900123', '--text', text, '--wait', '5s');
    expectExit(r, 0);
    const parts = submits(sim);
    expect(parts).toHaveLength(2);
    const udhs = parts.map((p) => String(p.fields.short_message).slice(0, 12));
    const ref = udhs[0]!.slice(6, 8);
    expect(udhs).toEqual([`050003${ref}0201`, `050003${ref}0202`]);
    expect(parts.map((p) => p.fields.esm_class)).toEqual([0x40, 0x40]);
    expect(sim.messages).toHaveLength(1);
    expect(sim.messages[0]).toMatchObject({ text, parts: 2, complete: true });
    for (const id of sim.messages[0]!.messageIds) expect(r.stdout).toContain(id);
    expect(r.stdout).toMatch(/2 parts/);
  });
});

describe('submit_sm options', () => {
  // Spawned: in one process the simulator would share node-smpp's TLV table with the CLI, which
  // names 0x1400 when it sends it; an SMSC of its own does not know the tag.
  it('--validity, --schedule, --priority and --tlv reach the SMSC', async () => {
    const r = await spawned([
      ...connArgs(sim), '--to', '+447700900123', '--text', 'hi',
      '--validity', '150m', '--schedule', '2h', '--priority', '2', '--tlv', '0x1400=cafe',
    ]);
    expectExit(r, 0);
    expect(submits(sim)[0]!.fields).toMatchObject({
      validity_period: '000000023000000R', // relative: 2 hours 30 minutes (after the schedule)
      schedule_delivery_time: '000000020000000R', // relative: 2 hours
      priority_flag: 2,
      5120: 'cafe', // 0x1400, an unknown TLV to the sim, logged under its number
    });
  });
});

describe('binds', () => {
  it('--bind transmitter without --wait binds as a transmitter', async () => {
    const r = await send('--to', '+447700900123', '--text', 'hi', '--bind', 'transmitter');
    expectExit(r, 0);
    expect(commands(sim)).toEqual(['bind_transmitter', 'submit_sm', 'unbind']);
  });

  it('--interface-version 0x50 is what the bind carries', async () => {
    const r = await send('--to', '+447700900123', '--text', 'hi', '--interface-version', '0x50');
    expectExit(r, 0);
    expect(sim.received[0]!.fields.interface_version).toBe(0x50);
  });
});
