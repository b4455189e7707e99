// Reaching the SMSC: every way a connection can fail becomes one ConnectError line with a fix.
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { SESSION_WORDING } from '../../src/config/session-wording.js';
import { ConnectError, UsageError } from '../../src/errors.js';
import { connectErrorFor } from '../../src/smpp/connect.js';
import { openSession } from '../../src/smpp/index.js';
import { HOST, listen, openTestSession, options, rawServer, useCerts } from './helpers.js';

/** A port nobody listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const l = await listen(net.createServer());
  await l.close();
  return l.port;
}

describe('plain TCP', () => {
  it('connection refused', async () => {
    const port = await closedPort();
    const err = await openSession(options(port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toBe(`connection refused by ${HOST}:${port}`);
    expect((err as ConnectError).fix).toMatch(/is the SMSC running and is the port right/);
  });

  it('an HTTP server is reported as not speaking SMPP, with what it said', async () => {
    const server = await listen(http.createServer((_req, res) => res.end('hello')));
    const err = await openSession(options(server.port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/^127\.0\.0\.1:\d+ does not speak SMPP \(got 'HTTP\/1\.1 400 Bad Request'\)$/);
    expect((err as ConnectError).fix).toBe('check --port / --tls');
  });

  it('a TLS alert in answer to the bind means the port wants TLS', async () => {
    // What OpenSSL-based servers (stunnel, ...) send on cleartext: a fatal alert record.
    const server = await listen(net.createServer((s) => s.end(Buffer.from('15030300020232', 'hex'))));
    const err = await openSession(options(server.port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/^127\.0\.0\.1:\d+ does not speak plain SMPP \(got a TLS record\)$/);
    expect((err as ConnectError).fix).toBe('it expects TLS: add --tls');
  });

  it('bytes with a command_length below 16 are not SMPP', async () => {
    const server = await listen(net.createServer((s) => s.write(Buffer.from('00000008000000000000000000000000', 'hex'))));
    const err = await openSession(options(server.port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/does not speak SMPP \(got bytes 00000008/);
  });

  it('a server closing right after accept', async () => {
    const server = await listen(net.createServer((s) => s.destroy()));
    const err = await openSession(options(server.port)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/^127\.0\.0\.1:\d+ closed the connection during bind$/);
    expect((err as ConnectError).fix).toMatch(/SMPP port\? TLS needed \(--tls\)\?/);
  });

  it('a bind that is never answered times out (--connect-timeout covers the bind)', async () => {
    const raw = await rawServer((pdu) => pdu.command.startsWith('bind_'));
    const err = await openSession(options(raw.port, { connectTimeoutMs: 100 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/^no bind response from 127\.0\.0\.1:\d+ within 0\.1s \(--connect-timeout\)$/);
    expect(raw.received.map((p) => p.command)).toEqual(['bind_transceiver']);
  });

  it('a peer that accepts but never completes the TLS handshake hits --connect-timeout', async () => {
    const server = await listen(net.createServer(() => {}));
    const err = await openSession(options(server.port, { tls: true, connectTimeoutMs: 100 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/^no TLS handshake from 127\.0\.0\.1:\d+ within 0\.1s \(--connect-timeout\)$/);
  });
});

describe('TLS', () => {
  const certs = useCerts();

  it('refuses an untrusted certificate by default, suggesting --ca or --insecure', async () => {
    const server = await rawServer(undefined, { key: certs.key, cert: certs.cert });
    const err = await openSession(options(server.port, { tls: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/^TLS certificate of 127\.0\.0\.1:\d+ rejected: the certificate is signed by an unknown CA \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)$/);
    expect((err as ConnectError).fix).toMatch(/--ca FILE.*--insecure/);
  });

  it('binds when --ca names the issuing CA', async () => {
    const raw = await rawServer(undefined, { key: certs.key, cert: certs.cert });
    const session = await openTestSession(options(raw.port, { tls: true, ca: certs.caPath }));
    expect(session.closed).toBe(false);
    expect(raw.received.map((p) => p.command)).toEqual(['bind_transceiver']);
  });

  it('checks the host name even with the right CA', async () => {
    const server = await rawServer(undefined, { key: certs.otherKey, cert: certs.otherCert });
    const err = await openSession(options(server.port, { tls: true, ca: certs.caPath })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toMatch(/does not match the host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
  });

  it('binds with --insecure despite an untrusted certificate', async () => {
    const server = await rawServer(undefined, { key: certs.key, cert: certs.cert });
    const session = await openTestSession(options(server.port, { tls: true, insecure: true }));
    expect(session.closed).toBe(false);
  });

  it('an unreadable --ca file is a usage error naming the flag and the path', async () => {
    const server = await rawServer(undefined, { key: certs.key, cert: certs.cert });
    const missing = `${certs.caPath}.missing`;
    const err = await openSession(options(server.port, { tls: true, ca: missing })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe(`cannot read --ca file ${missing} (ENOENT)`);
  });
});

describe('connectErrorFor maps error codes', () => {
  const opts = { host: 'smsc.example', port: 2775, tls: false, insecure: false, connectTimeoutMs: 5000, wording: SESSION_WORDING };
  it.each([
    ['ENOTFOUND', 'cannot resolve host smsc.example (ENOTFOUND)'],
    ['EAI_AGAIN', 'cannot resolve host smsc.example (EAI_AGAIN)'],
    ['ETIMEDOUT', 'no answer from smsc.example:2775 within 5s (--connect-timeout)'],
    ['ECONNRESET', 'smsc.example:2775 closed the connection during bind'],
    ['EHOSTUNREACH', 'cannot reach smsc.example:2775 (EHOSTUNREACH)'],
    ['CERT_HAS_EXPIRED', 'TLS certificate of smsc.example:2775 rejected: the certificate has expired (CERT_HAS_EXPIRED)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS certificate of smsc.example:2775 rejected: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)'],
  ])('%s', (code, message) => {
    const err = connectErrorFor(Object.assign(new Error('x'), { code }), opts, 'bind');
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.message).toBe(message);
    expect(err.fix).toBeTruthy();
  });
});
