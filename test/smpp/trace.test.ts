// The --debug PDU trace: one line per PDU, the key fields, and never the password.
import { describe, expect, it } from 'vitest';
import { MASK } from '../../src/errors.js';
import { smpp } from '../../src/smpp/codec.js';
import { preview, traceLine } from '../../src/smpp/trace.js';
import { startTestSim } from '../helpers/sim.js';
import { until } from '../helpers/until.js';
import { openTestSession, options, PASSWORD } from './helpers.js';

describe('over the wire', () => {
  it('traces every PDU both ways and never the password', async () => {
    const sim = await startTestSim({ password: PASSWORD, onSubmit: () => ({ messageId: 'm-1' }), enquireLinkMs: 10 });
    const lines: string[] = [];
    const session = await openTestSession(options(sim.port, { systemId: sim.systemId, trace: (l) => lines.push(l) }));
    await session.submit({
      destination_addr: '447700900123',
      data_coding: 8,
      esm_class: 0x40,
      short_message: Buffer.from('0500030102016869', 'hex'),
      registered_delivery: 1,
    });
    sim.deliver('447700900123', { source_addr: '447700900999', short_message: 'id:m-1 stat:DELIVRD text:hello' });
    await until(() => lines.some((l) => l.startsWith('> deliver_sm_resp')) && lines.some((l) => l.startsWith('> enquire_link_resp')), 'our deliver_sm_resp and enquire_link_resp traced');
    await session.unbind();

    const starts = lines.map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(starts).toEqual(
      expect.arrayContaining(['> bind_transceiver', '< bind_transceiver_resp', '> submit_sm', '< submit_sm_resp', '< deliver_sm', '> deliver_sm_resp',
        '< enquire_link', '> enquire_link_resp', '> unbind', '< unbind_resp']),
    );
    for (const line of lines) expect(line).not.toContain(PASSWORD);
    expect(lines.find((l) => l.startsWith('> bind_transceiver'))).toMatch(
      new RegExp(`^> bind_transceiver seq=1 system_id=smpp-sim password=${MASK.replace(/\*/g, '\\*')} system_type="" interface_version=0x34 `),
    );
    expect(lines.find((l) => l.startsWith('> submit_sm'))).toMatch(/^> submit_sm seq=\d+ from="" to=447700900123 dc=8 esm=0x40 sm=8B receipt=0x01$/);
    expect(lines.find((l) => l.startsWith('< submit_sm_resp'))).toMatch(/^< submit_sm_resp ESME_ROK seq=\d+ id=m-1$/);
    // The simulator's own receipt for the submit may come first: pick the one sent here.
    expect(lines.find((l) => l.startsWith('< deliver_sm') && l.includes('from=447700900999'))).toMatch(/^< deliver_sm seq=\d+ from=447700900999 to=447700900123 dc=0 esm=0x00 text="id:m-1 stat:DELIVRD/);
  });

  it('a refused bind traces the masked password only', async () => {
    const sim = await startTestSim({ password: 'the-right-one' });
    const lines: string[] = [];
    await openTestSession(options(sim.port, { systemId: sim.systemId, trace: (l) => lines.push(l) })).catch(() => {});
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^< bind_transceiver_resp ESME_RINVPASWD seq=1/);
    for (const line of lines) expect(line).not.toContain(PASSWORD);
  });
});

describe('traceLine', () => {
  const pdu = (command: string, fields: Record<string, unknown>) => new smpp.PDU(command, { sequence_number: 7, ...fields });
  it.each([
    ['in', pdu('generic_nack', { command_status: 0x03 }), '< generic_nack ESME_RINVCMDID seq=7'],
    ['out', pdu('enquire_link', {}), '> enquire_link seq=7'],
    ['in', pdu('submit_sm_resp', { command_status: 0x58 }), '< submit_sm_resp ESME_RTHROTTLED seq=7'],
    ['out', pdu('bind_transmitter', { system_id: 'me', password: 'hunter2', interface_version: 0x34 }),
      `> bind_transmitter seq=7 system_id=me password=${MASK} system_type="" interface_version=0x34 addr_ton=0 addr_npi=0 address_range=""`],
    ['in', pdu('deliver_sm', { source_addr: 'Bank', destination_addr: '1', data_coding: 8, short_message: Buffer.from('0048006900200100', 'hex') }),
      '< deliver_sm seq=7 from=Bank to=1 dc=8 esm=0x00 text="Hi \u0100"'],
  ] as const)('%s %#', (direction, p, line) => {
    expect(traceLine(direction, p)).toBe(line);
  });

  it.each([
    [Buffer.from('line1\nline2\u0000'), 0, 'line1.line2.'],
    [Buffer.from('x'.repeat(70)), 0, `${'x'.repeat(60)}...`],
    [Buffer.from('00e9', 'hex'), 8, 'é'],
    [Buffer.from('00e900', 'hex'), 8, 'é'],
  ])('preview %#', (bytes, dc, text) => {
    expect(preview(bytes, dc)).toBe(text);
  });
});
