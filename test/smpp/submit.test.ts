// submit(): message ids, the window, response timeouts, SMSC refusals and link loss, against
// the simulator over TCP.
import { expect, it } from 'vitest';
import { LinkClosedError, ResponseTimeoutError, SmscStatusError, TextError, UsageError } from '../../src/errors.js';
import type { Sim } from '../../src/sim/index.js';
import { SubmitUnconfirmedError } from '../../src/smpp/index.js';
import { submits } from '../helpers/submits.js';
import { until } from '../helpers/until.js';
import { boundSession } from './helpers.js';


function sms(n: number | string, text = `message ${n}`): Record<string, unknown> {
  return { destination_addr: `4477009001${String(n).padStart(2, '0')}`, data_coding: 0, short_message: Buffer.from(text) };
}


it('resolves with the message id and puts the fields on the wire as given', async () => {
  const { sim, session } = await boundSession({ onSubmit: () => ({ messageId: 'abc-123' }) });
  await expect(session.submit({ ...sms(1, 'hello'), esm_class: 0x40, source_addr: 'Alerts', source_addr_ton: 5 })).resolves.toEqual({
    messageId: 'abc-123',
  });
  expect(submits(sim)[0]!.fields).toMatchObject({
    destination_addr: '447700900101',
    source_addr: 'Alerts',
    source_addr_ton: 5,
    esm_class: 0x40,
    data_coding: 0,
    short_message: Buffer.from('hello').toString('hex'),
  });
  expect(session.inFlight).toBe(0);
});

it('never has more than `window` submits outstanding, and sends them in call order', async () => {
  const { sim, session } = await boundSession({ responseDelayMs: 10 }, { window: 3 });
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => session.submit(sms(i))));
  expect(results).toHaveLength(20);
  expect(sim.stats.maxOutstanding).toBe(3);
  expect(submits(sim).map((p) => p.fields.destination_addr)).toEqual(Array.from({ length: 20 }, (_, i) => sms(i).destination_addr));
});

it('a response that never comes rejects with ResponseTimeoutError and frees the slot', async () => {
  const { sim, session } = await boundSession({ onSubmit: (_p, ctx) => (ctx.index === 0 ? { reply: 'none' } : {}) }, { window: 1, responseTimeoutMs: 300 });
  const first = session.submit(sms(1));
  const second = session.submit(sms(2)); // waits for the only slot
  const err = await first.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseTimeoutError);
  expect((err as Error).message).toBe('no submit_sm_resp within 0.3s (--response-timeout); the SMSC may or may not have the message');
  await expect(second).resolves.toHaveProperty('messageId');
  expect(submits(sim)).toHaveLength(2);
});

it('a late response for a timed-out submit is ignored', async () => {
  let lateSent = false;
  const { session } = await boundSession(
    {
      onSubmit: (_p, ctx) => (ctx.index === 0 ? { delayMs: 600, messageId: 'late' } : { messageId: 'next' }),
      onPdu: (p) => {
        if (p.dir === 'out' && p.command === 'submit_sm_resp' && p.fields.message_id === 'late') lateSent = true;
      },
    },
    { window: 1, responseTimeoutMs: 300 }, // generous: the next answer must beat it on a loaded machine
  );
  await expect(session.submit(sms(1))).rejects.toBeInstanceOf(ResponseTimeoutError);
  await until(() => lateSent, 'the late submit_sm_resp to be written');
  // The next answer travels behind the late one on the same stream: once it is in, the late
  // one has been read, and it must have settled nothing.
  await expect(session.submit(sms(2))).resolves.toEqual({ messageId: 'next' });
  expect(session.closed).toBe(false);
  expect(session.inFlight).toBe(0);
});

it('a link drop fails the submits in flight (unconfirmed) and the waiting ones (unsent)', async () => {
  const { sim, session } = await boundSession({ onSubmit: () => ({ reply: 'none' }) }, { window: 2 });
  const closed = new Promise<Error | undefined>((resolve) => session.once('close', resolve));
  const all = Array.from({ length: 4 }, (_, i) => session.submit(sms(i)).catch((e: unknown) => e));
  await until(() => submits(sim).length === 2, 'a full window (2 submits) at the SMSC');
  expect(session.inFlight).toBe(2);
  sim.dropAll();
  const errors = await Promise.all(all);
  expect(errors[0]).toBeInstanceOf(SubmitUnconfirmedError);
  expect(errors[1]).toBeInstanceOf(SubmitUnconfirmedError);
  expect(errors[2]).toBeInstanceOf(LinkClosedError);
  expect(errors[2]).not.toBeInstanceOf(SubmitUnconfirmedError);
  expect(errors[3]).not.toBeInstanceOf(SubmitUnconfirmedError);
  expect((errors[0] as Error).message).toMatch(/^link closed before submit_sm_resp \(connection closed by the SMSC 127\.0\.0\.1:\d+\)/);
  expect(await closed).toBeInstanceOf(LinkClosedError);
  expect(session.closed).toBe(true);
  expect(session.inFlight).toBe(0);
  await expect(session.submit(sms(5))).rejects.toBeInstanceOf(LinkClosedError);
});

it.each([
  ['generic_nack', { reply: 'generic_nack' }, 0x03, /^ESME_RINVCMDID \(0x03\)/],
  ['submit_sm_resp with ESME_RTHROTTLED', { status: 0x58 }, 0x58, /^ESME_RTHROTTLED \(0x58\)/],
  ['submit_sm_resp with ESME_RINVDSTADR', { status: 0x0b }, 0x0b, /^ESME_RINVDSTADR \(0x0B\)/],
] as const)('%s rejects with SmscStatusError', async (_name, action, status, message) => {
  const { session } = await boundSession({ onSubmit: () => action });
  const err = await session.submit(sms(1)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SmscStatusError);
  expect((err as SmscStatusError).status).toBe(status);
  expect((err as SmscStatusError).message).toMatch(message);
  expect(session.inFlight).toBe(0);
  expect(session.closed).toBe(false);
});

it('a short_message over 255 bytes is refused before sending, without taking the slot', async () => {
  const { sim, session } = await boundSession({}, { window: 1 });
  const err = await session.submit({ ...sms(1), short_message: Buffer.alloc(256, 0x41) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TextError);
  expect((err as Error).message).toBe('short_message is 256 bytes, the maximum is 255');
  await expect(session.submit({ ...sms(2), short_message: Buffer.alloc(255, 0x41) })).resolves.toHaveProperty('messageId');
  expect(submits(sim)).toHaveLength(1);
});

it('a field node-smpp cannot encode is a UsageError and frees the slot', async () => {
  const { session } = await boundSession({}, { window: 1 });
  await expect(session.submit({ ...sms(1), destination_addr: 447700900123 })).rejects.toBeInstanceOf(UsageError);
  await expect(session.submit(sms(2))).resolves.toHaveProperty('messageId');
});
