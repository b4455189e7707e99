// node-smpp (through our codec) against an SMSC built on Net::SMPP: what one library encodes the
// other must decode to the same fields and bytes. Real TCP on 127.0.0.1.
import { describe, expect, it, onTestFinished } from 'vitest';
import { smpp, type RawPdu, type Session } from '../../src/smpp/codec.js';
import { NET_SMPP, skipNetSmpp, startNetSmpp, type NetSmppOptions } from './net-smpp.js';

const USER = { systemId: 'interop', password: 's3cret' };
// "Hello @ €" in unpacked GSM 03.38: '@' is 0x00, '€' the escape pair 1B 65.
const GSM_HELLO = Buffer.from('48656c6c6f2000201b65', 'hex');

/** A bare node-smpp client: requests resolve with their response; incoming requests queue. */
class RawClient {
  private readonly queue: RawPdu[] = [];
  private readonly waiting: { command: string; resolve: (p: RawPdu) => void }[] = [];
  readonly order: string[] = []; // commands in arrival order, responses included
  private constructor(readonly session: Session) {
    session.on('pdu', (pdu: RawPdu) => {
      this.order.push(pdu.command);
      const i = this.waiting.findIndex((w) => w.command === pdu.command);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(pdu);
      else this.queue.push(pdu);
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
      session.once('error', reject);
      session.once('connect', () => {
        const client = new RawClient(session);
        session.on('send', (pdu: RawPdu) => client.order.push(`>${pdu.command}`));
        resolve(client);
      });
    });
  }

  request(command: string, fields: Record<string, unknown> = {}): Promise<RawPdu> {
    return new Promise((resolve) => {
      this.session.send(new smpp.PDU(command, fields), (resp) => {
        this.order.push(resp.command);
        resolve(resp);
      });
    });
  }

  /** The next incoming request of this command (deliver_sm, ...), queued or still to come. */
  next(command: string): Promise<RawPdu> {
    const i = this.queue.findIndex((p) => p.command === command);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve) => this.waiting.push({ command, resolve }));
  }

  async bind(command = 'bind_transceiver', user = USER): Promise<RawPdu> {
    return this.request(command, {
      system_id: user.systemId, password: user.password, interface_version: 0x34,
    });
  }

  async unbindAndClose(): Promise<void> {
    await this.request('unbind');
    await new Promise<void>((resolve) => this.session.close(() => resolve()));
  }
}

const submitFields = {
  source_addr_ton: 5, source_addr_npi: 0, source_addr: 'Interop',
  dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123',
  registered_delivery: 1, data_coding: 0, short_message: GSM_HELLO,
};

describe.skipIf(skipNetSmpp)(`node-smpp client vs Net::SMPP ${NET_SMPP.version ?? `(${NET_SMPP.missing})`} SMSC`, () => {
  const start = async (opts: Partial<NetSmppOptions> = {}) => {
    const smsc = await startNetSmpp({ ...USER, ...opts });
    const client = await RawClient.connect(smsc.port);
    onTestFinished(() => client.session.destroy());
    return { smsc, client };
  };

  it('binds, submits GSM bytes, gets a receipt for the id it was given, answers it, unbinds', async () => {
    const { smsc, client } = await start();
    expect((await client.bind()).command_status).toBe(0);

    const resp = await client.request('submit_sm', submitFields);
    expect(resp.command_status).toBe(0);
    const id = resp.message_id as string;
    expect(id).toMatch(/^[0-9A-F]+$/);

    const dlr = await client.next('deliver_sm');
    client.session.send(dlr.response());
    expect(dlr.esm_class).toBe(0x04);
    expect(dlr.source_addr).toBe('447700900123');
    expect(dlr.destination_addr).toBe('Interop');
    expect(dlr.receipted_message_id).toBe(id);
    expect(dlr.message_state).toBe(2);
    expect((dlr.short_message as Buffer).toString('latin1')).toMatch(
      new RegExp(`^id:${id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:Hello \\. \\.e$`),
    );
    await client.unbindAndClose();

    const got = await smsc.received();
    expect(got.map((p) => p.command)).toEqual(['bind_transceiver', 'submit_sm', 'deliver_sm_resp', 'unbind']);
    expect(got[0]).toMatchObject({
      system_id: 'interop', password_ok: true, interface_version: 0x34, reply_status: 0,
    });
    expect(got[1]).toMatchObject({
      ...submitFields, short_message: GSM_HELLO.toString('hex'), esm_class: 0, message_id: id, tlvs: [],
    });
    expect(got[2]).toMatchObject({ status: 0, seq: dlr.sequence_number, receipt_for: id });
    const closed = await smsc.waitFor((l) => l.some((e) => e.event === 'close'), 'close event');
    expect(closed.find((e) => e.event === 'close')).toMatchObject({ unanswered_receipts: [] });
  });

  it.each([
    ['a wrong password', { ...USER, password: 'nope' }, 0x0e],
    ['an unknown system_id', { ...USER, systemId: 'nobody' }, 0x0f],
  ])('refuses a bind with %s', async (_what, user, status) => {
    const { smsc, client } = await start();
    expect((await client.bind('bind_transmitter', user)).command_status).toBe(status);
    expect(await smsc.received()).toMatchObject([
      { command: 'bind_transmitter', system_id: user.systemId, reply_status: status },
    ]);
    expect(JSON.stringify(await smsc.log())).not.toContain(user.password);
  });

  it('decodes the TLVs node-smpp encodes, in wire order', async () => {
    const { smsc, client } = await start();
    await client.bind('bind_transmitter');
    const resp = await client.request('submit_sm', {
      ...submitFields, registered_delivery: 0, short_message: Buffer.alloc(0),
      sar_msg_ref_num: 0x1234, sar_total_segments: 2, sar_segment_seqnum: 1,
      message_payload: Buffer.from('payload'),
    });
    expect(resp.command_status).toBe(0);
    const [, submit] = await smsc.received();
    expect(submit?.short_message).toBe('');
    expect(submit?.tlvs).toEqual([
      { tag: '0x020c', name: 'sar_msg_ref_num', value: '1234' },
      { tag: '0x020e', name: 'sar_total_segments', value: '02' },
      { tag: '0x020f', name: 'sar_segment_seqnum', value: '01' },
      { tag: '0x0424', name: 'message_payload', value: Buffer.from('payload').toString('hex') },
    ]);
  });

  it('sends no receipt on a transmitter bind (checked by a later enquire_link round trip)', async () => {
    const { smsc, client } = await start();
    await client.bind('bind_transmitter');
    expect((await client.request('submit_sm', submitFields)).command_status).toBe(0);
    // The SMSC sends a receipt right after the submit_sm_resp, so it would precede this answer.
    expect((await client.request('enquire_link')).command_status).toBe(0);
    expect(client.order.filter((c) => c === 'deliver_sm')).toEqual([]);
    expect((await smsc.received()).map((p) => p.command)).toEqual(['bind_transmitter', 'submit_sm', 'enquire_link']);
  });

  it('can put a decimal id in the receipt text and leave out the TLVs', async () => {
    const { client } = await start({ respId: 'hex', receiptId: 'dec', receiptTlvs: false, idStart: 0xabc0 });
    await client.bind();
    const resp = await client.request('submit_sm', submitFields);
    expect(resp.message_id).toBe('ABC0');
    const dlr = await client.next('deliver_sm');
    client.session.send(dlr.response());
    expect(dlr.receipted_message_id).toBeUndefined();
    expect(dlr.message_state).toBeUndefined();
    expect((dlr.short_message as Buffer).toString('latin1')).toMatch(/^id:43968 sub:001 dlvrd:001 /);
  });

  it('can send a failed receipt, with network_error_code, before the submit_sm_resp', async () => {
    const { smsc, client } = await start({ stat: 'UNDELIV', err: '034', receiptBeforeResp: true });
    await client.bind();
    const sent = client.request('submit_sm', submitFields);
    const dlr = await client.next('deliver_sm');
    const id = (await sent).message_id;
    expect(client.order.indexOf('deliver_sm')).toBeLessThan(client.order.indexOf('submit_sm_resp'));
    expect(dlr.receipted_message_id).toBe(id);
    expect(dlr.message_state).toBe(5);
    expect((dlr.network_error_code as Buffer).toString('hex')).toBe('030022'); // type 3 (GSM), error 34
    expect((dlr.short_message as Buffer).toString('latin1')).toContain('dlvrd:000 ');
    expect((dlr.short_message as Buffer).toString('latin1')).toContain(' stat:UNDELIV err:034 ');
    await client.unbindAndClose(); // the receipt is never answered
    const lines = await smsc.waitFor((l) => l.some((e) => e.event === 'close'), 'close event');
    expect(lines.find((e) => e.event === 'close')?.unanswered_receipts).toEqual([id]);
  });

  it('answers a submit_sm before any bind with ESME_RINVBNDSTS', async () => {
    const { client } = await start();
    expect((await client.request('submit_sm', submitFields)).command_status).toBe(0x04);
  });

  it('gives every submit_sm its own id across connections', async () => {
    const { smsc, client } = await start({ respId: 'dec', idStart: 1000 });
    const other = await RawClient.connect(smsc.port);
    try {
      await client.bind();
      await other.bind('bind_transmitter');
      const ids = [
        (await client.request('submit_sm', { ...submitFields, registered_delivery: 0 })).message_id,
        (await other.request('submit_sm', submitFields)).message_id,
        (await client.request('submit_sm', { ...submitFields, registered_delivery: 0 })).message_id,
      ];
      expect(ids).toEqual(['1000', '1001', '1002']);
      expect((await smsc.received()).filter((p) => p.command === 'submit_sm').map((p) => p.conn))
        .toEqual([1, 2, 1]);
    } finally {
      other.session.destroy();
    }
  });
});
