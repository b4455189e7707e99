// The built CLI against the SMSC built on Net::SMPP (a PDU codec that is not node-smpp): what a
// user types must arrive intact at an independent implementation, and its receipts must match.
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { EMPTY_HOME, expectExit } from '../helpers/e2e.js';
import { NET_SMPP, skipNetSmpp, startNetSmpp, type NetSmpp, type NetSmppOptions } from './net-smpp.js';

const USER = { systemId: 'interop', password: 'Int3rop-pw-KLM' };
const ucs2Hex = (text: string) => Buffer.from(text, 'utf16le').swap16().toString('hex');

describe.skipIf(skipNetSmpp)(`smpp-send vs Net::SMPP ${NET_SMPP.version ?? `(${NET_SMPP.missing})`} SMSC`, () => {
  let smsc: NetSmpp | undefined; // the running test's SMSC (stopped when the test ends)

  async function send(opts: Partial<NetSmppOptions>, args: string[], password = USER.password) {
    smsc = await startNetSmpp({ ...USER, ...opts });
    const r = await runCli(
      ['--host', '127.0.0.1', '--port', String(smsc.port), '--system-id', USER.systemId, '--response-timeout', '3s', ...args],
      { env: { SMPP_PASSWORD: password, HOME: EMPTY_HOME } },
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain(password);
    return r;
  }

  it('one GSM message with --wait: hex id answered, decimal id in the receipt text, matched, exit 0', async () => {
    // No receipt TLVs: the receipt's only id is the text's decimal `id:`, the answer was hex.
    const r = await send(
      { respId: 'hex', receiptId: 'dec', receiptTlvs: false, idStart: 0x2a0f00 },
      ['--to', '+447700900123', '--text', 'Hello @ €', '--wait', '5s', '--json'],
    );
    expectExit(r, 0);
    const got = await smsc!.waitFor((l) => l.some((p) => p.command === 'unbind'), 'unbind');
    const pdus = got.filter((p) => p.command !== undefined);
    expect(pdus.map((p) => p.command)).toEqual(['bind_transceiver', 'submit_sm', 'deliver_sm_resp', 'unbind']);
    expect(pdus[0]).toMatchObject({ system_id: 'interop', password_ok: true, interface_version: 0x34 });
    expect(pdus[1]).toMatchObject({
      dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '447700900123', data_coding: 0, esm_class: 0,
      registered_delivery: 1, short_message: '48656c6c6f2000201b65',
    });
    const id = pdus[1]!.message_id!;
    expect(id.toLowerCase()).toBe('2a0f00'); // hex; the receipt said id:2756352
    expect(pdus[2]).toMatchObject({ status: 0, receipt_for: id });

    const lines = jsonLines(r.stdout);
    expect(lines.find((l) => l.type === 'submitted')).toMatchObject({ ids: [id], encoding: 'gsm7' });
    expect(lines.find((l) => l.type === 'receipt')).toMatchObject({ id, state: 'DELIVRD', delivered: true });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', delivered: 1, unmatchedReceipts: 0, exitCode: 0 });
  });

  it('a long UCS2 text arrives as parts with a concatenation UDH and reassembles to the text', async () => {
    const text = `Привет, мир! ${'Съешь же ещё этих мягких французских булок. '.repeat(3)}😀`;
    const r = await send({}, ['--to', '+447700900123', '--text', text, '--wait', '5s']);
    expectExit(r, 0);
    const subs = (await smsc!.received()).filter((p) => p.command === 'submit_sm');
    const total = subs.length;
    expect(total).toBeGreaterThan(1);
    const sm = subs.map((p) => Buffer.from(p.short_message!, 'hex'));
    const ref = sm[0]![3]!;
    sm.forEach((b, i) => {
      expect(b.subarray(0, 6).toString('hex')).toBe(Buffer.from([5, 0, 3, ref, total, i + 1]).toString('hex'));
    });
    expect(subs.every((p) => p.esm_class === 0x40 && p.data_coding === 8)).toBe(true);
    // UCS2 parts split between whole characters (the emoji's surrogate pair stays together).
    expect(sm.map((b) => b.subarray(6).toString('hex')).join('')).toBe(ucs2Hex(text));
    expect(sm.every((b) => b.length - 6 <= 134)).toBe(true);
  });

  it('a wrong password: exit 5 with ESME_RINVPASWD', async () => {
    const r = await send({}, ['--to', '+447700900123', '--text', 'hi'], 'Wr0ng-pw-QQQ');
    expectExit(r, 5);
    expect(r.stderr).toMatch(/^error: .*ESME_RINVPASWD/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const binds = (await smsc!.received()).filter((p) => p.command === 'bind_transceiver');
    expect(binds).toMatchObject([{ password_ok: false, reply_status: 0x0e }]);
  });
});
