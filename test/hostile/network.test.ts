// Hostile network peers: a name that does not resolve, a closed port, an HTTP server, a TLS server
// with an expired or an untrusted certificate, a server that hangs up at once, one that accepts
// and never answers the bind, TLS against plain SMPP and the reverse. Each is exit 4 with one
// line naming the host and port, and no submit_sm leaves.
//
// The expired certificate is generated at test time. OpenSSL 3.0's `req -x509 -days` refuses a
// negative count and `-not_before`/`-not_after` only came with 3.4, so it is self-signed with
// `openssl ca -selfsign -startdate ... -enddate ...` (dates in 2020), which 3.0 already has.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { runMain } from '../helpers/in-process.js';
import { submits } from '../helpers/submits.js';
import { expectOneLineError, scratch, send, sim } from './harness.js';

const TLS_FIXTURE = join(import.meta.dirname, '../fixtures/tls');
const SEND = ['--to', '+447700900123', '--text', 'hi'];
const FAST = ['--system-id', 'smpp-sim', '--connect-timeout', '1s', '--response-timeout', '500ms', '--reconnect-attempts', '0', '--enquire-link', '0'];
const ENV = { SMPP_PASSWORD: 'sim-secret' };

/** A raw TCP server on 127.0.0.1; records every byte it receives. */
interface Peer {
  port: number;
  bytes: () => Buffer;
}
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server, onSocket?: (s: Socket) => void): Promise<Peer> {
  const got: Buffer[] = [];
  server.on('connection', (s: Socket) => {
    sockets.push(s);
    s.on('data', (d: Buffer) => got.push(d));
    s.on('error', () => {});
    onSocket?.(s);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, bytes: () => Buffer.concat(got) };
}

/** The command ids of the PDUs in `bytes` (0x09 bind_transceiver, 0x04 submit_sm). */
function commandIds(bytes: Buffer): number[] {
  const ids: number[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const len = bytes.readUInt32BE(at);
    ids.push(bytes.readUInt32BE(at + 4));
    if (len < 16) break;
    at += len;
  }
  return ids;
}

const local = (port: number) => ['--host', '127.0.0.1', '--port', String(port)];

let expired: { key: Buffer; cert: Buffer };
beforeAll(() => {
  const dir = scratch();
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db/index.txt'), '');
  writeFileSync(join(dir, 'db/serial'), '01\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    ['[ca]', 'default_ca = expired', '[expired]', 'database = db/index.txt', 'new_certs_dir = db', 'serial = db/serial',
      'default_md = sha256', 'policy = any', 'copy_extensions = copy', 'unique_subject = no', '[any]', 'commonName = supplied', ''].join('\n'),
  );
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'req.pem',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  run(['ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.pem', '-out', 'cert.pem',
    '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-notext']);
  expired = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  // The generated certificate really is out of date (else the test below would prove nothing).
  expect(new X509Certificate(expired.cert).validTo).toMatch(/2020 GMT$/);
});

it('a host name that does not resolve', async () => {
  const r = await runMain([...SEND, ...FAST, '--host', 'no-such-host.invalid'], { env: ENV });
  expectOneLineError(r, EXIT.connection, /cannot resolve host no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN)\); check --host and your DNS/);
});

it('a closed port', async () => {
  const p = await listen(createServer());
  await new Promise((r) => servers.pop()!.close(r)); // free the port again
  const r = await runMain([...SEND, ...FAST, ...local(p.port)], { env: ENV });
  expectOneLineError(r, EXIT.connection, new RegExp(`connection refused by 127\\.0\\.0\\.1:${p.port}; is the SMSC running`));
});

it('an HTTP server on the port: named as not SMPP, by what it answered', async () => {
  const http = createHttpServer((_req, res) => res.end('hello'));
  const p = await listen(http as unknown as Server);
  const r = await runMain([...SEND, ...FAST, ...local(p.port)], { env: ENV });
  expectOneLineError(r, EXIT.connection, new RegExp(`127\\.0\\.0\\.1:${p.port} does not speak SMPP \\(got 'HTTP/1\\.1 400 Bad Request'\\)`));
  expect(commandIds(p.bytes())).toEqual([0x09]); // the bind, nothing after it
});

it('a server that closes right after accepting', async () => {
  const p = await listen(createServer(), (s) => s.destroy());
  const r = await runMain([...SEND, ...FAST, ...local(p.port)], { env: ENV });
  expectOneLineError(r, EXIT.connection, new RegExp(`127\\.0\\.0\\.1:${p.port} closed the connection during (connect|bind)`));
});

it('a server that accepts and never answers the bind: given up after the timeout', async () => {
  const p = await listen(createServer());
  const r = await runMain([...SEND, ...FAST, ...local(p.port)], { env: ENV });
  expectOneLineError(r, EXIT.connection, new RegExp(`no (bind response|answer) from 127\\.0\\.0\\.1:${p.port} within .*\\(--(connect|response)-timeout\\)`));
  expect(commandIds(p.bytes())).toEqual([0x09]);
});

it('a TLS server with an expired certificate, even with that certificate as --ca', async () => {
  const s = await sim({ tls: expired });
  const dir = scratch();
  writeFileSync(join(dir, 'ca.pem'), expired.cert);
  const r = await send(s, [...SEND, '--tls', '--ca', join(dir, 'ca.pem')]);
  const line = expectOneLineError(r, EXIT.connection, new RegExp(`TLS certificate of 127\\.0\\.0\\.1:${s.port} rejected: the certificate has expired \\(CERT_HAS_EXPIRED\\); the SMSC operator must renew it`));
  expect(line).not.toMatch(/pass the SMSC's CA/); // --ca was given, and cannot help an expired certificate
  expect(s.received).toEqual([]); // the bind never left: no password over an untrusted link
});

it('a TLS server with a certificate nobody vouches for', async () => {
  const s = await sim({ tls: { key: readFileSync(join(TLS_FIXTURE, 'key.pem')), cert: readFileSync(join(TLS_FIXTURE, 'cert.pem')) } });
  const r = await send(s, [...SEND, '--tls']);
  expectOneLineError(r, EXIT.connection, /rejected: the certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  expect(s.received).toEqual([]);
});

it('--tls against a plain SMPP port', async () => {
  const s = await sim();
  const r = await send(s, [...SEND, '--tls']); // (with --insecure the run also warns: a second line)
  expectOneLineError(r, EXIT.connection, new RegExp(`127\\.0\\.0\\.1:${s.port}`));
  expect(submits(s)).toEqual([]);
});

it('plain SMPP against a TLS port: told to add --tls', async () => {
  const s = await sim({ tls: expired });
  const r = await send(s, SEND);
  expectOneLineError(r, EXIT.connection, /does not speak plain SMPP \(got a TLS record\); it expects TLS: add --tls|closed the connection.*--tls/);
  expect(s.received).toEqual([]);
});
