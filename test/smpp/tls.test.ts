// Issue 8, item 10: TLS hints that fit. A --ca file without a certificate is refused before
// anything connects; --ca is suggested only where it helps (an untrusted certificate, and then
// differently when --ca was given); out-of-date and wrong-host certificates say so.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SESSION_WORDING } from '../../src/config/session-wording.js';
import { UsageError } from '../../src/errors.js';
import { openSession, TlsCertificateError } from '../../src/smpp/index.js';
import { checkCa, tlsCertificateError } from '../../src/smpp/tls.js';
import { makeCerts, options, rawServer, useCerts } from './helpers.js';

const certs = useCerts();

describe('checkCa', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), /^--ca file ca\.pem holds no PEM certificate$/],
    ['a text file', Buffer.from('hello\n'), /^--ca file ca\.pem holds no PEM certificate$/],
    ['a private key only', Buffer.from('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'), /holds no PEM certificate$/],
    ['DER bytes', Buffer.from('3082010a02820101', 'hex'), /^--ca file ca\.pem holds no PEM certificate \(it looks like DER\)$/],
    ['a damaged certificate', Buffer.from('-----BEGIN CERTIFICATE-----\nnot base64 der\n-----END CERTIFICATE-----\n'), /^--ca file ca\.pem: certificate 1 of 1 is damaged/],
  ])('refuses %s', (_what, bytes, message) => {
    let err: unknown;
    try {
      checkCa('ca.pem', bytes, SESSION_WORDING);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(message);
    expect((err as UsageError).fix).toBeTruthy();
  });

  it('accepts a bundle of certificates', () => {
    expect(() => checkCa('ca.pem', Buffer.concat([certs.ca, Buffer.from('\n'), certs.ca]))).not.toThrow();
  });
});

describe('tlsCertificateError: the fix fits the problem', () => {
  const err = (code: string, extra = {}) => Object.assign(new Error('x'), { code, ...extra });
  it.each([
    ['CERT_HAS_EXPIRED', undefined, 'out-of-date', /^the SMSC operator must renew it .*--ca cannot help/],
    ['CERT_HAS_EXPIRED', 'ca.pem', 'out-of-date', /--ca cannot help/],
    ['CERT_NOT_YET_VALID', undefined, 'out-of-date', /clock/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'ca.pem', 'wrong-host', /^set --host to a name the certificate is for/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', undefined, 'untrusted', /^pass the SMSC's CA certificate with --ca FILE/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ca.pem', 'untrusted', /^--ca ca\.pem does not hold the CA that signed the SMSC's certificate/],
    ['CERT_REVOKED', undefined, 'revoked', /do not skip the check/],
  ])('%s with --ca %s: %s', (code, ca, problem, fix) => {
    const e = tlsCertificateError(err(code), 'smsc.example:3550', ca, SESSION_WORDING)!;
    expect(e).toBeInstanceOf(TlsCertificateError);
    expect([e.problem, e.code]).toEqual([problem, code]);
    expect(e.fix).toMatch(fix);
    if (problem !== 'untrusted') expect(e.fix).not.toMatch(/pass the SMSC's CA/);
  });

  it('is undefined for codes that are not about the certificate', () => {
    expect(tlsCertificateError(err('ECONNRESET'), 'smsc.example:3550', undefined)).toBeUndefined();
  });
});

describe('over the wire', () => {
  const tlsServer = (key: Buffer, cert: Buffer) => rawServer(undefined, { key, cert });

  it('a --ca file with no certificate in it is refused before connecting', async () => {
    const s = await tlsServer(certs.key, certs.cert);
    const empty = `${certs.caPath}.empty`;
    writeFileSync(empty, '# nothing here\n');
    const err = await openSession(options(s.port, { tls: true, ca: empty })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`--ca file ${empty} holds no PEM certificate`);
    expect(s.received).toEqual([]);
  });

  it('a host name mismatch with the right --ca: names the certificate\'s names, does not suggest --ca', async () => {
    const s = await tlsServer(certs.otherKey, certs.otherCert);
    const err = await openSession(options(s.port, { tls: true, ca: certs.caPath })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsCertificateError);
    expect((err as TlsCertificateError).problem).toBe('wrong-host');
    expect((err as Error).message).toMatch(/does not match the host name \(ERR_TLS_CERT_ALTNAME_INVALID\): 127\.0\.0\.1 is not among the certificate's names \(DNS:smsc\.example\)$/);
    expect((err as TlsCertificateError).fix).not.toMatch(/pass the SMSC's CA/);
  });

  it('an untrusted certificate with some other --ca: says the --ca file is not the right CA', async () => {
    const other = makeCerts(); // another CA entirely
    try {
      const s = await tlsServer(certs.key, certs.cert);
      const err = await openSession(options(s.port, { tls: true, ca: other.caPath })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TlsCertificateError);
      expect((err as TlsCertificateError).problem).toBe('untrusted');
      expect((err as TlsCertificateError).fix).toMatch(new RegExp(`^--ca ${other.caPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not hold the CA`));
    } finally {
      other.cleanup();
    }
  });
});
