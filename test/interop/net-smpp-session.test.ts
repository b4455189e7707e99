// Our session layer (src/smpp, openSession) against the SMSC built on Net::SMPP: binds, submits,
// receipts and errors as an independent SMPP implementation sees them. Real TCP on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { BindError, SmscStatusError } from '../../src/errors.js';
import { openSession, type RawPdu, type SessionOptions } from '../../src/smpp/index.js';
import { openTestSession } from '../smpp/helpers.js';
import { NET_SMPP, skipNetSmpp, startNetSmpp, type NetSmppOptions } from './net-smpp.js';

const USER = { systemId: 'interop', password: 's3cret' };
// "Hello @ €" in unpacked GSM 03.38: '@' is 0x00, '€' the escape pair 1B 65.
const GSM_HELLO = Buffer.from('48656c6c6f2000201b65', 'hex');

function sessionOptions(port: number, over: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: '127.0.0.1', port, tls: false, insecure: false, ...USER,
    systemType: 'SMPPSEND', interfaceVersion: 0x34, bindMode: 'transceiver',
    addressRange: '', addrTon: 1, addrNpi: 1,
    connectTimeoutMs: 5000, responseTimeoutMs: 5000, enquireLinkMs: 0, window: 10,
    ...over,
  };
}

const submitFields = (n = 0) => ({
  source_addr_ton: 1, source_addr_npi: 1, source_addr: '447700900001',
  dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: `4477009001${String(n).padStart(2, '0')}`,
  registered_delivery: 1, data_coding: 0, short_message: GSM_HELLO,
});

describe.skipIf(skipNetSmpp)(`openSession vs Net::SMPP ${NET_SMPP.version ?? `(${NET_SMPP.missing})`} SMSC`, () => {
  const start = async (opts: Partial<NetSmppOptions> = {}, over: Partial<SessionOptions> = {}) => {
    const smsc = await startNetSmpp({ ...USER, ...opts });
    const session = await openTestSession(sessionOptions(smsc.port, over));
    return { smsc, session };
  };

  it('binds, submits, answers the receipt for its id and unbinds cleanly', async () => {
    const { smsc, session } = await start();
    const receipt = new Promise<RawPdu>((resolve) => session.once('deliver', resolve));
    const { messageId } = await session.submit(submitFields());
    const dlr = await receipt;
    expect(dlr.esm_class).toBe(0x04);
    expect(dlr.receipted_message_id).toBe(messageId);
    await session.unbind();

    const got = await smsc.received();
    expect(got.map((p) => p.command)).toEqual(['bind_transceiver', 'submit_sm', 'deliver_sm_resp', 'unbind']);
    expect(got[0]).toMatchObject({
      system_id: 'interop', password_ok: true, system_type: 'SMPPSEND', interface_version: 0x34,
      addr_ton: 1, addr_npi: 1, address_range: '', reply_status: 0,
    });
    expect(got[1]).toMatchObject({
      ...submitFields(), short_message: GSM_HELLO.toString('hex'), esm_class: 0, message_id: messageId, tlvs: [],
    });
    expect(got[2]).toMatchObject({ status: 0, receipt_for: messageId });
    const lines = await smsc.waitFor((l) => l.some((e) => e.event === 'close'), 'close event');
    expect(lines.find((e) => e.event === 'close')?.unanswered_receipts).toEqual([]);
  });

  it('refuses a wrong password with ESME_RINVPASWD and never shows the password', async () => {
    const smsc = await startNetSmpp(USER);
    const err = await openSession(sessionOptions(smsc.port, { password: 'Wr0ng-pw' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BindError);
    expect((err as BindError).status).toBe(0x0e);
    expect((err as BindError).message).toContain('ESME_RINVPASWD');
    expect(`${(err as BindError).message} ${(err as BindError).fix}`).not.toContain('Wr0ng-pw');
  });

  it('keeps a window of submits apart: every id answered to its own submit, receipts matched', async () => {
    const { smsc, session } = await start({ respId: 'dec', idStart: 500 }, { window: 5 });
    const receipts: RawPdu[] = [];
    session.on('deliver', (p) => receipts.push(p));
    const results = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((n) => session.submit(submitFields(n))));
    await session.unbind();
    const submits = (await smsc.received()).filter((p) => p.command === 'submit_sm');
    // Each submit's id as the SMSC gave it, keyed by the destination only that submit carried.
    const given = new Map(submits.map((p) => [p.destination_addr, p.message_id]));
    expect(results.map((r) => r.messageId)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((n) => given.get(submitFields(n).destination_addr)),
    );
    expect(new Set(results.map((r) => r.messageId)).size).toBe(8);
    expect(receipts.map((r) => r.receipted_message_id).sort()).toEqual(results.map((r) => r.messageId).sort());
  });

  it('rejects a submit the SMSC refuses with SmscStatusError carrying the status', async () => {
    const { session } = await start({ submitStatus: 0x58 });
    const err = await session.submit(submitFields()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmscStatusError);
    expect((err as SmscStatusError).status).toBe(0x58);
    expect((err as SmscStatusError).message).toContain('ESME_RTHROTTLED');
  });
});
