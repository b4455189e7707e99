// TLS failures told as what they are. A certificate can be untrusted (--ca is the answer), out
// of date or for another host (--ca is not), or revoked; and a --ca file can hold no
// certificate at all (Node then trusts nothing from it, silently). Each failure carries a
// structured `problem` the CLI can rely on; the message and the fix are written here.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { TLSSocket, type PeerCertificate } from 'node:tls';
import { ConnectError, UsageError } from '../errors.js';

export type TlsProblem = 'untrusted' | 'out-of-date' | 'wrong-host' | 'revoked';

/** The SMSC's certificate was refused; `problem` says why, `code` is Node's / OpenSSL's. */
export class TlsCertificateError extends ConnectError {
  constructor(
    message: string,
    readonly problem: TlsProblem,
    readonly code: string,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(message, fix, options);
  }
}

const REASONS: Record<string, [TlsProblem, string]> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: ['untrusted', 'the certificate is self-signed'],
  SELF_SIGNED_CERT_IN_CHAIN: ['untrusted', 'the certificate chain ends in an untrusted self-signed CA'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['untrusted', 'the certificate is signed by an unknown CA'],
  UNABLE_TO_GET_ISSUER_CERT: ['untrusted', 'the certificate is signed by an unknown CA'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['untrusted', 'the certificate is signed by an unknown CA'],
  CERT_UNTRUSTED: ['untrusted', 'the certificate is not trusted'],
  CERT_HAS_EXPIRED: ['out-of-date', 'the certificate has expired'],
  CERT_NOT_YET_VALID: ['out-of-date', 'the certificate is not yet valid'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['wrong-host', 'the certificate does not match the host name'],
  CERT_REVOKED: ['revoked', 'the certificate was revoked'],
};

const INSECURE = 'or skip the check with --insecure (not for production)';

/** What to do about it: only an untrusted certificate is helped by --ca. */
function fixFor(problem: TlsProblem, ca: string | undefined): string {
  switch (problem) {
    case 'untrusted':
      return ca === undefined
        ? `pass the SMSC's CA certificate with --ca FILE, ${INSECURE}`
        : `--ca ${ca} does not hold the CA that signed the SMSC's certificate: ask the SMSC operator for it, ${INSECURE}`;
    case 'out-of-date':
      return `the SMSC operator must renew it (check this machine's clock too); --ca cannot help, ${INSECURE}`;
    case 'wrong-host':
      return `set --host to a name the certificate is for, or ask the SMSC operator; ${INSECURE}`;
    case 'revoked':
      return 'ask the SMSC operator for a valid certificate; do not skip the check';
  }
}

/** A TlsCertificateError for a certificate error code; undefined for any other code. */
export function tlsCertificateError(
  err: NodeJS.ErrnoException & { host?: string; cert?: { subjectaltname?: string; subject?: { CN?: unknown } } },
  hostPort: string,
  ca: string | undefined,
): TlsCertificateError | undefined {
  const code = err.code ?? '';
  const known = REASONS[code];
  if (known === undefined) return undefined;
  const [problem, reason] = known;
  const detail = problem === 'wrong-host' ? namesDetail(err) : '';
  return new TlsCertificateError(`TLS certificate of ${hostPort} rejected: ${reason} (${code})${detail}`, problem, code, fixFor(problem, ca), { cause: err });
}

/** ": 127.0.0.1 is not among the certificate's names (DNS:smsc.example)", from Node's altname error. */
function namesDetail(err: { host?: string; cert?: { subjectaltname?: string; subject?: { CN?: unknown } } }): string {
  const names = err.cert?.subjectaltname || (typeof err.cert?.subject?.CN === 'string' ? `CN=${err.cert.subject.CN}` : '');
  if (err.host === undefined || names === '') return '';
  // Both come from the peer's certificate or our flags: keep them printable.
  const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
  return `: ${printable(err.host)} is not among the certificate's names (${printable(names)})`;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Reads a --ca file and checks it holds at least one PEM certificate, each readable. */
export async function readCa(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`cannot read --ca file ${path} (${code})`, 'give the path of a PEM file holding the CA certificate', { cause: err });
  }
  checkCa(path, bytes);
  return bytes;
}

/** Throws a UsageError unless `bytes` hold one or more PEM certificates that parse. Pure. */
export function checkCa(path: string, bytes: Buffer): void {
  const blocks = bytes.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    const der = bytes.length > 0 && bytes[0] === 0x30; // an ASN.1 SEQUENCE: a DER certificate
    throw new UsageError(
      `--ca file ${path} holds no PEM certificate${der ? ' (it looks like DER)' : ''}`,
      der ? `convert it: openssl x509 -inform der -in ${path} -out ca.pem, and pass ca.pem` : 'give a PEM file with a -----BEGIN CERTIFICATE----- block (the SMSC\'s CA)',
    );
  }
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new UsageError(`--ca file ${path}: certificate ${i + 1} of ${blocks.length} is damaged (not valid base64 DER)`, 'get the CA certificate again from the SMSC operator');
    }
  });
}

/** What a TLS handshake settled, as Node tells it. */
export interface TlsPeer {
  protocol: string | null;
  cipher: string | undefined;
  certificate: PeerCertificate;
  authorized: boolean;
}

/** The TLS facts of a connected socket; undefined on plain TCP. */
export function tlsPeer(socket: Socket): TlsPeer | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  return { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, certificate: socket.getPeerCertificate(), authorized: socket.authorized };
}
