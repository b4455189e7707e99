// The built CLI's receive side against the SMSC built on Net::SMPP (a PDU codec that is not
// node-smpp): `listen` gets what the SMSC held for the account (an MO and a late receipt) and
// answers both; `query` prints the state the SMSC's query_sm_resp carries (issue 11).
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli } from '../helpers/cli.js';
import { EMPTY_HOME, expectExit } from '../helpers/e2e.js';
import { NET_SMPP, skipNetSmpp, startNetSmpp, type NetSmpp, type NetSmppOptions } from './net-smpp.js';

const USER = { systemId: 'interop', password: 'Int3rop-pw-KLM' };

describe.skipIf(skipNetSmpp)(`listen and query vs Net::SMPP ${NET_SMPP.version ?? `(${NET_SMPP.missing})`} SMSC`, () => {
  let smsc: NetSmpp | undefined; // the running test's SMSC (stopped when the test ends)

  async function cli(opts: Partial<NetSmppOptions>, args: string[]) {
    smsc = await startNetSmpp({ ...USER, ...opts });
    const [command, ...rest] = args;
    const r = await runCli(
      [command!, '--host', '127.0.0.1', '--port', String(smsc.port), '--system-id', USER.systemId, '--response-timeout', '3s', ...rest],
      { env: { SMPP_PASSWORD: USER.password, HOME: EMPTY_HOME } },
    );
    expect(`${r.stdout}${r.stderr}`).not.toContain(USER.password);
    return r;
  }

  for (const bind of ['receiver', 'transceiver'] as const) {
    it(`listen --count 2 --json (bind ${bind}): the MO and the late receipt, each answered`, async () => {
      const r = await cli(
        { mo: ['+447700900123:12345:STOP please'], lateReceipts: ['2A0F00'], stat: 'UNDELIV', err: '012' },
        ['listen', '--bind', bind, '--count', '2', '--json', '--timeout', '10s'],
      );
      expectExit(r, 0);
      const lines = jsonLines(r.stdout);
      const got = lines.filter((l) => l.type === 'mo' || l.type === 'receipt');
      expect(got).toHaveLength(2);
      expect(got[0]).toMatchObject({
        type: 'mo', from: '447700900123', fromTon: 1, fromNpi: 1, to: '12345', text: 'STOP please',
        encoding: 'gsm7', dataCoding: 0, parts: 1, complete: true,
      });
      expect(got[1]).toMatchObject({
        type: 'receipt', id: '2A0F00', to: '447700900123', from: 'ACME', state: 'UNDELIV', final: true, delivered: false, err: '012',
      });
      expect(lines.at(-1)).toMatchObject({ type: 'summary', mo: 1, receipts: 1, stoppedBy: 'count', exitCode: 0 });

      const log = await smsc!.waitFor((l) => l.some((p) => p.event === 'close'), 'close');
      const pdus = log.filter((p) => p.command !== undefined);
      expect(pdus.map((p) => p.command)).toEqual([`bind_${bind}`, 'deliver_sm_resp', 'deliver_sm_resp', 'unbind']);
      expect(pdus.slice(1, 3).map((p) => [p.status, p.receipt_for])).toEqual([[0, 'mo:447700900123'], [0, '2A0F00']]);
      expect(log.find((l) => l.event === 'close')).toMatchObject({ unanswered_receipts: [] });
    });
  }

  it('query ID: the state, final date and error code of the query_sm_resp, human and --json', async () => {
    const opts = { queryState: 'UNDELIV', queryError: 12, finalDate: '260130120500' };
    const human = await cli(opts, ['query', '2A0F00']);
    expectExit(human, 0);
    expect(human.stdout.trim()).toBe('2A0F00  UNDELIV at 2026-01-30T12:05:00 error 12');
    const asked = (await smsc!.received()).filter((p) => p.command === 'query_sm');
    expect(asked).toMatchObject([{ message_id: '2A0F00', reply_status: 0 }]);
    await smsc!.stop();

    const json = await cli({ ...opts, queryState: 'ENROUTE', queryError: 0 }, ['query', '2A0F00', '2A0F01', '--json']);
    expectExit(json, 0);
    const got = jsonLines(json.stdout).filter((l) => l.type === 'query');
    expect(got.map((g) => [g.id, g.ok, g.state, g.messageState, g.final, g.errorCode])).toEqual([
      ['2A0F00', true, 'ENROUTE', 1, false, 0],
      ['2A0F01', true, 'ENROUTE', 1, false, 0],
    ]);
  });
});
