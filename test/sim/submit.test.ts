import { describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { sm, useSimPeers } from './peer.js';

const t = useSimPeers();
const bound = t.bound;

describe('submit_sm', () => {
  it.each([
    ['decimal', 1_000_000, ['1000000', '1000001', '1000002']],
    ['hex', 0xabcde, ['abcde', 'abcdf', 'abce0']],
  ] as const)('answers with sequential %s message ids', async (idFormat, firstId, expected) => {
    const p = await bound({ idFormat, firstId });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await p.request('submit_sm', sm())).message_id);
    expect(ids).toEqual(expected);
  });

  it('starts decimal ids from a random 7-digit number by default', async () => {
    const p = await bound();
    expect((await p.request('submit_sm', sm())).message_id).toMatch(/^[1-9]\d{6}$/);
  });

  it('answers with uuid message ids', async () => {
    const p = await bound({ idFormat: 'uuid' });
    const [a, b] = [await p.request('submit_sm', sm()), await p.request('submit_sm', sm())];
    expect(a.message_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.message_id).not.toBe(b.message_id);
  });

  it('gives onSubmit the decoded PDU, a running index and the session', async () => {
    const seen: [string | undefined, number, number][] = [];
    const p = await bound({ onSubmit: (s, ctx) => void seen.push([s.text, ctx.index, ctx.session]) });
    await p.request('submit_sm', sm({ short_message: Buffer.from('one') }));
    await p.request('submit_sm', sm({ short_message: Buffer.from('two') }));
    expect(seen).toEqual([['one', 0, 1], ['two', 1, 1]]);
  });

  it('throttles with the status onSubmit returns, and sends no message_id', async () => {
    const p = await bound({ onSubmit: (_, { index }) => (index % 2 === 1 ? { status: 0x58 } : undefined) });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const r = await p.request('submit_sm', sm());
      statuses.push([r.command_status, r.message_id === undefined]);
    }
    expect(statuses).toEqual([[0, false], [0x58, true], [0, false], [0x58, true]]);
  });

  it('uses a scripted message id', async () => {
    const p = await bound({ onSubmit: () => ({ messageId: 'ABC-1' }) });
    expect((await p.request('submit_sm', sm())).message_id).toBe('ABC-1');
  });

  it('answers generic_nack when told, with ESME_RINVCMDID unless a status is given', async () => {
    const p = await bound({ onSubmit: (_, { index }) => ({ reply: 'generic_nack', status: index === 0 ? undefined : 0x58 }) });
    const a = await p.request('submit_sm', sm());
    const b = await p.request('submit_sm', sm());
    expect([a.command, a.command_status, b.command, b.command_status]).toEqual(['generic_nack', 0x03, 'generic_nack', 0x58]);
  });

  it('never answers when told, and counts the submit as outstanding', async () => {
    const p = await bound({ onSubmit: (_, { index }) => (index === 0 ? { reply: 'none' } : undefined) });
    void p.request('submit_sm', sm());
    const second = await p.request('submit_sm', sm());
    expect(second.command_status).toBe(0);
    expect(t.sim.stats.outstanding).toBe(1);
    expect(p.pdus.filter((x) => x.command === 'submit_sm_resp')).toHaveLength(1);
  });

  it('drops the link before replying', async () => {
    const p = await bound({ onSubmit: () => ({ drop: 'before-reply' }) });
    void p.request('submit_sm', sm());
    await p.closed;
    expect(p.pdus.map((x) => x.command)).toEqual(['bind_transceiver_resp']);
    await until(() => t.sim.sessions() === 0, 'the session to close');
    expect(t.sim.stats.outstanding).toBe(0);
    expect(t.sim.messages).toEqual([]);
  });

  it('drops the link right after replying, and keeps the accepted message', async () => {
    const p = await bound({ onSubmit: () => ({ drop: 'after-reply' }) });
    const resp = await p.request('submit_sm', sm());
    await p.closed;
    expect(resp.command_status).toBe(0);
    expect(t.sim.messages.map((m) => m.messageIds)).toEqual([[resp.message_id]]);
  });

  it('delays a reply by responseDelayMs or the action delayMs', async () => {
    const p = await bound({ responseDelayMs: 50, onSubmit: (_, { index }) => (index === 1 ? { delayMs: 0 } : undefined) });
    const slow = p.request('submit_sm', sm({ short_message: Buffer.from('slow') }));
    const fast = p.request('submit_sm', sm({ short_message: Buffer.from('fast') }));
    const order: string[] = [];
    await Promise.all([slow.then(() => order.push('slow')), fast.then(() => order.push('fast'))]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it('changes behaviour live with set()', async () => {
    const p = await bound({ idFormat: 'decimal', firstId: 255 });
    expect((await p.request('submit_sm', sm())).message_id).toBe('255');
    t.sim.set({ idFormat: 'hex' });
    expect((await p.request('submit_sm', sm())).message_id).toBe('100');
  });

  it('reports an onSubmit hook that throws and answers ESME_RSYSERR', async () => {
    const p = await bound({ onSubmit: () => { throw new Error('bug in test script'); } });
    expect((await p.request('submit_sm', sm())).command_status).toBe(0x08);
    expect(t.sim.events.some((e) => e.type === 'error' && e.detail?.includes('bug in test script'))).toBe(true);
  });
});
