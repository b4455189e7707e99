// The TLS listener and the PDU log (file and hook).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startSim, type LoggedPdu } from '../../src/sim/index.js';
import { UsageError } from '../../src/errors.js';
import { startTestSim } from '../helpers/sim.js';
import { testDir } from '../helpers/temp-dir.js';
import { connectPeer, sm } from './peer.js';

const fixtures = join(import.meta.dirname, '../fixtures/tls');
const key = readFileSync(join(fixtures, 'key.pem'));
const cert = readFileSync(join(fixtures, 'cert.pem'));

it('serves TLS on ssmpp:// with the given certificate', async () => {
  const sim = await startTestSim({ tls: { key, cert } });
  expect(sim.url).toBe(`ssmpp://127.0.0.1:${sim.port}`);
  const peer = await connectPeer(sim.url, { ca: cert });
  expect((await peer.bind()).command_status).toBe(0);
  expect((await peer.request('submit_sm', sm())).command_status).toBe(0);
});

it('does not speak plain SMPP on its TLS port', async () => {
  const sim = await startTestSim({ tls: { key, cert } });
  const peer = await connectPeer(sim.url.replace('ssmpp:', 'smpp:'));
  void peer.bind();
  await peer.closed;
  expect(sim.stats.binds).toBe(0);
});

it('appends every PDU, both ways, as JSON lines without the password', async () => {
  const dir = testDir('smpp-sim-log-');
  const logFile = join(dir, 'pdus.jsonl');
  const seen: LoggedPdu[] = [];
  const sim = await startTestSim({ logFile, onPdu: (p) => seen.push(p), receiptDelayMs: 1 });
  const peer = await connectPeer(sim.url);
  await peer.bind();
  const resp = await peer.request('submit_sm', sm({ registered_delivery: 1 }));
  await peer.next('deliver_sm');
  await peer.request('unbind');
  await peer.closed;
  await sim.close();

  const raw = readFileSync(logFile, 'utf8');
  expect(raw).not.toContain('sim-secret');
  const all = raw.trim().split('\n').map((l) => JSON.parse(l) as LoggedPdu & { type?: string });
  // Besides the PDUs, each whole message (issue 12: long ones joined) as a `type: "message"` line.
  expect(all.filter((l) => l.type === 'message')).toEqual([expect.objectContaining({ type: 'message', text: 'hello', parts: 1 })]);
  const lines = all.filter((l) => l.type !== 'message');
  expect(lines.map((l) => `${l.dir} ${l.command}`)).toEqual([
    'in bind_transceiver', 'out bind_transceiver_resp',
    'in submit_sm', 'out submit_sm_resp',
    'out deliver_sm', 'in deliver_sm_resp',
    'in unbind', 'out unbind_resp',
  ]);
  expect(lines[3].fields.message_id).toBe(resp.message_id);
  expect(lines[2]).toMatchObject({ text: 'hello', fields: { short_message: '68656c6c6f' } });
  expect(lines[4].text).toMatch(/^id:\S+ sub:001 dlvrd:001 .* stat:DELIVRD err:000 text:hello$/);
  expect(seen).toEqual(lines);
});

it('refuses a log file it cannot open, naming it', async () => {
  const bad = join(tmpdir(), 'no-such-dir-smpp-sim', 'x.jsonl');
  const started = startSim({ logFile: bad });
  await expect(started).rejects.toBeInstanceOf(UsageError);
  await expect(started).rejects.toThrow(`simulator log file ${bad}: cannot open for appending (ENOENT)`);
});
