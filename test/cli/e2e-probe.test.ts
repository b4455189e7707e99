// `smpp-send probe` end to end: main(io) in-process against the simulator over real TCP and TLS, for
// each form of message id and receipt the sim can issue, and its exit codes when a step fails.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { SimOptions } from '../../src/sim/index.js';
import { bytes, peer } from '../smpp/peer.js';
import { closedPort, connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { commands } from '../helpers/submits.js';
import { runMain } from '../helpers/in-process.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const TLS = { key: readFileSync(fixture('tls/key.pem')), cert: readFileSync(fixture('tls/cert.pem')) };
const TO = ['--to', '+447700900123'];
const cli = useCli(runMain);

interface IdFinding { id: string; form: string; relation: string; matches: boolean }
interface ProbeJson {
  type: string;
  bind: { systemId: string; interfaceVersion: string | null; ms: number };
  enquireLinkMs: number[];
  tlsInfo?: { protocol: string; subject: string; expires: string; daysLeft: number; verified: boolean };
  message?: { messageId: string; idForm: string };
  receipt?: {
    carrier: string; state: string; afterMs: number; matches: boolean;
    tlvId?: IdFinding; textId?: IdFinding; textVariant?: { name: string }; matchedOn: IdFinding & { source: string };
  };
  error: { message: string; exitCode: number } | null;
  exitCode: number;
}

async function probeJson(opts: SimOptions, extra: string[] = []): Promise<ProbeJson> {
  const sim = await e2eSim(opts);
  const r = await cli(['probe', ...connArgs(sim), ...TO, '--json', ...extra]);
  expectExit(r, 0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as ProbeJson;
}

it('without --to: bind facts and enquire_link round trips, and nothing is sent', async () => {
  const sim = await e2eSim();
  const r = await cli(['probe', ...connArgs(sim)]);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/^connect +127\.0\.0\.1:\d+ TCP in [\d.]+ ms$/m);
  expect(r.stdout).toContain(`SMSC system_id "${sim.systemId}", interface version 0x34`);
  expect(r.stdout).toMatch(/^enquire +round trips [\d.]+ ms, [\d.]+ ms, [\d.]+ ms$/m);
  expect(commands(sim)).not.toContain('submit_sm');
  expect(commands(sim).filter((c) => c === 'enquire_link')).toHaveLength(3);
  expect(commands(sim).at(-1)).toBe('unbind');
});

it('hex submit ids, decimal receipt ids, TLVs and text: says so, and that smpp-send matches them', async () => {
  // firstId pinned: a random counter start sometimes has an all-digit hex form ("1234567"),
  // which is rightly read as decimal; 0xabcdef0 always shows its letters.
  const j = await probeJson({ idFormat: 'hex', receiptIdFormat: 'decimal', receiptStyle: 'tlv+text', firstId: 0xabcdef0 });
  expect(j.message!.idForm).toBe('hex');
  const decimal = String(parseInt(j.message!.messageId, 16));
  expect(j.receipt).toMatchObject({
    carrier: 'both', state: 'DELIVRD', matches: true,
    tlvId: { id: decimal, form: 'decimal', relation: 'hex-to-decimal', matches: true },
    textId: { id: decimal, relation: 'hex-to-decimal' },
    matchedOn: { source: 'tlv', relation: 'hex-to-decimal' },
    textVariant: { name: 'Appendix B, 10-digit dates' },
  });
  expect(j.receipt!.afterMs).toBeGreaterThanOrEqual(0);
  expect(j.error).toBeNull();
});

it('UUID ids and receipts as TLVs only', async () => {
  const j = await probeJson({ idFormat: 'uuid', receiptStyle: 'tlv' });
  expect(j.message!.idForm).toBe('uuid');
  expect(j.receipt).toMatchObject({ carrier: 'tlv', matches: true, tlvId: { form: 'uuid', relation: 'same' }, matchedOn: { source: 'tlv' } });
  expect(j.receipt!.textId).toBeUndefined();
});

it('decimal ids, zero-padded in a text-only receipt: matched on the text id', async () => {
  const j = await probeJson({ idFormat: 'decimal', receiptIdFormat: 'zero-padded-decimal', receiptStyle: 'text' });
  expect(j.message!.idForm).toBe('decimal');
  expect(j.receipt).toMatchObject({ carrier: 'text', matches: true, textId: { form: 'decimal', relation: 'zero-padded' }, matchedOn: { source: 'text' } });
  expect(j.receipt!.textId!.id).toBe(j.message!.messageId.padStart(10, '0'));
});

it('human output names the id forms, the carrier, the variant and the match', async () => {
  const sim = await e2eSim({ idFormat: 'decimal', receiptIdFormat: 'hex', firstId: 0xabcdef0 });
  const r = await cli(['probe', ...connArgs(sim), ...TO]);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/^submit +to \+447700900123: message_id \d+ \(decimal\) in [\d.]+ ms$/m);
  expect(r.stdout).toMatch(/^receipt +DELIVRD after [\d.]+ ms, as TLVs and text$/m);
  expect(r.stdout).toMatch(/receipted_message_id TLV [0-9a-f]+ \((hex|decimal)\): the submit id \(decimal\) written in hex/);
  expect(r.stdout).toContain('text variant: Appendix B, 10-digit dates');
  expect(r.stdout).toMatch(/^match +smpp-send matches receipts on the receipted_message_id TLV: it matches \(decimal-to-hex\)$/m);
});

it('no receipt within --wait: exit 7 with one line, the submit still reported', async () => {
  const sim = await e2eSim({ onSubmit: () => ({ receipt: false }) });
  const r = await cli(['probe', ...connArgs(sim), ...TO, '--wait', '1s']);
  expectExit(r, 7);
  expect(r.stdout).toMatch(/^submit +to /m);
  expect(r.stderr.trim()).toMatch(/^error: no delivery receipt within 1s \(--wait\); the SMSC accepted the message as \d+; raise --wait/);
});

it('bind refused: exit 5, what was learned before it is shown', async () => {
  const sim = await e2eSim();
  const r = await cli(['probe', ...connArgs(sim)], { env: { SMPP_PASSWORD: 'wrong' } });
  expectExit(r, 5);
  expect(r.stdout).toMatch(/^connect /m);
  expect(r.stderr).toMatch(/^error: bind refused by 127\.0\.0\.1:\d+: ESME_RINVPASWD/m);
});

it('nothing listening: exit 4; --json still prints the report object with the error', async () => {
  const port = await closedPort();
  const r = await cli(['probe', '--host', '127.0.0.1', '--port', String(port), '--system-id', 'x', '--json']);
  expectExit(r, 4);
  const j = JSON.parse(r.stdout) as ProbeJson;
  expect(j).toMatchObject({ type: 'probe', exitCode: 4, error: { exitCode: 4, message: expect.stringMatching(/connection refused/) } });
  expect(r.stderr).toMatch(/^error: connection refused/);
});

it('TLS: protocol, certificate subject, expiry, verified against --ca', async () => {
  const sim = await e2eSim({ tls: TLS });
  const r = await cli(['probe', ...connArgs(sim), '--tls', '--ca', fixture('tls/cert.pem'), '--host', 'localhost', '--json']);
  expectExit(r, 0);
  const j = JSON.parse(r.stdout) as ProbeJson;
  expect(j.tlsInfo).toMatchObject({ protocol: expect.stringMatching(/^TLSv1\.[23]$/), subject: 'localhost', verified: true });
  expect(j.tlsInfo!.daysLeft).toBeGreaterThan(365);
  expect(new Date(j.tlsInfo!.expires).getUTCFullYear()).toBeGreaterThan(2100);
  const human = await cli(['probe', ...connArgs(sim), '--tls', '--insecure']);
  expectExit(human, 0);
  expect(human.stdout).toMatch(/^tls +TLSv1\.[23], .*; certificate CN=localhost issued by CN=localhost$/m);
  expect(human.stdout).toMatch(/expires \d{4}-\d\d-\d\d \(\d+ days\); NOT verified \(--insecure\)/);
});

it("a receipt whose id cannot be the submit's: exit 7, and the report shows both ids (a scripted SMSC over TCP)", async () => {
  // A raw-socket SMSC: the submit gets "abc123", the receipt right behind it names "zz-999".
  const smsc = await peer((pdu) => {
    if (pdu.command.startsWith('bind_')) return bytes(`${pdu.command}_resp`, { sequence_number: pdu.sequence_number, system_id: 'SCRIPTED' });
    if (pdu.command === 'submit_sm') {
      const text = 'id:zz-999 sub:001 dlvrd:001 submit date:2611301450 done date:2611301451 stat:DELIVRD err:000';
      return Buffer.concat([
        bytes('submit_sm_resp', { sequence_number: pdu.sequence_number, message_id: 'abc123' }),
        bytes('deliver_sm', { sequence_number: 7, esm_class: 0x04, short_message: Buffer.from(text), receipted_message_id: 'zz-999', message_state: 2 }),
      ]);
    }
    if (pdu.command.endsWith('_resp')) return undefined;
    return bytes(`${pdu.command}_resp`, { sequence_number: pdu.sequence_number });
  });
  const r = await cli(['probe', '--host', '127.0.0.1', '--port', String(smsc.port), '--system-id', 'x', ...TO, '--wait', '5s']);
  expectExit(r, 7);
  expect(r.stdout).toContain('SMSC system_id "SCRIPTED", interface version not stated');
  expect(r.stdout).toMatch(/^submit +to \+447700900123: message_id abc123 \(hex\)/m);
  expect(r.stdout).toContain('receipted_message_id TLV zz-999 (other): unrelated to the submit id');
  expect(r.stdout).toContain('text id: zz-999 (other): unrelated to the submit id');
  expect(r.stdout).toMatch(/^match +smpp-send matches receipts on the receipted_message_id TLV: it does NOT match$/m);
  expect(r.stderr.trim()).toBe("error: the receipt's id zz-999 cannot be matched to the submit's abc123 (unrelated); smpp-send would never match it; show this to the SMSC operator");
  expect(smsc.received.map((p) => p.command)).toContain('deliver_sm_resp');
});

it('a mistyped command word suggests probe', async () => {
  const r = await cli(['prob', '--to', '+447700900123']);
  expectExit(r, 2);
  expect(r.stderr).toMatch(/unknown command 'prob' \(did you mean probe\?\)/);
});
