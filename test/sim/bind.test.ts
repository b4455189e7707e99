import { describe, expect, it } from 'vitest';
import { SIM_DEFAULTS } from '../../src/sim/index.js';
import { connectPeer, sm, useSimPeers } from './peer.js';

const t = useSimPeers();

describe('bind', () => {
  it('listens on 127.0.0.1, a free port, with the default credentials', async () => {
    const sim = await t.start();
    expect(sim.host).toBe('127.0.0.1');
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`smpp://127.0.0.1:${sim.port}`);
    expect([sim.systemId, sim.password]).toEqual([SIM_DEFAULTS.systemId, SIM_DEFAULTS.password]);
  });

  it.each(['transceiver', 'transmitter', 'receiver'] as const)('accepts bind_%s with the right credentials', async (mode) => {
    const sim = await t.start();
    const p = await t.connect();
    const resp = await p.bind(mode);
    expect(resp.command).toBe(`bind_${mode}_resp`);
    expect(resp.command_status).toBe(0);
    expect(resp.system_id).toBe('smpp-sim');
    expect(sim.stats.binds).toBe(1);
    const bind = sim.received.find((r) => r.command === `bind_${mode}`);
    expect(bind?.fields.interface_version).toBe(0x34);
  });

  it.each([
    ['wrong password', { password: 'nope' }, 0x0e],
    ['wrong system id', { systemId: 'someone' }, 0x0f],
    ['wrong both (system id checked first)', { systemId: 'someone', password: 'nope' }, 0x0f],
  ])('refuses a %s', async (_, creds, status) => {
    const sim = await t.start();
    const p = await t.connect();
    const resp = await p.bind('transceiver', creds);
    expect(resp.command_status).toBe(status);
    expect(sim.stats.binds).toBe(0);
  });

  it('checks custom credentials', async () => {
    const sim = await t.start({ systemId: 'acme', password: 'pw1' });
    const p = await connectPeer(sim.url, {}, { systemId: 'acme', password: 'pw1' });
    expect((await p.bind()).command_status).toBe(0);
    expect((await (await t.connect()).bind()).command_status).toBe(0x0f);
  });

  it('checks the password set() changed, for the next bind', async () => {
    const sim = await t.start();
    const before = await t.connect();
    expect((await before.bind()).command_status).toBe(0);
    sim.set({ password: 'rotated' });
    expect(sim.password).toBe('rotated');
    expect((await (await t.connect()).bind()).command_status).toBe(0x0e);
    expect((await before.request('enquire_link')).command_status).toBe(0); // bound sessions stay
  });

  it('masks the password in what it records', async () => {
    const sim = await t.start();
    await (await t.connect()).bind();
    expect(sim.received[0].fields.password).toBe('********');
    expect(JSON.stringify(sim.received)).not.toContain('sim-secret');
  });

  it('answers a second bind on the same session with ESME_RALYBND', async () => {
    const sim = await t.start();
    const p = await t.connect();
    await p.bind();
    expect((await p.bind()).command_status).toBe(0x05);
  });

  it.each([
    ['before any bind', undefined],
    ['on a receiver bind', 'receiver' as const],
  ])('refuses submit_sm %s with ESME_RINVBNDSTS', async (_, mode) => {
    const sim = await t.start();
    const p = await t.connect();
    if (mode) await p.bind(mode);
    const resp = await p.request('submit_sm', sm());
    expect(resp.command_status).toBe(0x04);
    expect(sim.stats.outstanding).toBe(0);
  });

  it('lets onBind refuse or delay a bind', async () => {
    const seen: unknown[] = [];
    const sim = await t.start({
      onBind: (b) => {
        seen.push(b.fields.system_type);
        return b.fields.system_type === 'blocked' ? { status: 0x0d } : { delayMs: 30 };
      },
    });
    const p = await t.connect();
    const blocked = await p.request('bind_transceiver', { system_id: 'smpp-sim', password: 'sim-secret', system_type: 'blocked' });
    expect(blocked.command_status).toBe(0x0d);
    expect((await p.bind()).command_status).toBe(0);
    expect(seen).toEqual(['blocked', '']);
  });

  it('reports an onBind hook that throws and answers ESME_RSYSERR', async () => {
    const events: string[] = [];
    const sim = await t.start({ onBind: () => { throw new Error('hook bug'); }, onEvent: (e) => events.push(`${e.type} ${e.detail ?? ''}`) });
    expect((await (await t.connect()).bind()).command_status).toBe(0x08);
    expect(events).toContain('error onBind hook threw: hook bug');
  });
});
