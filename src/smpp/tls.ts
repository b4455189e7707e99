// TLS failures told as what they are. A certificate can be untrusted (a CA file is the answer),
// out of date or for another host (a CA file is not), or revoked; and a CA file can hold no
// certificate at all (Node then trusts nothing from it, silently). Each failure carries a
// structured `problem` the caller can rely on; the advice is the caller's (wording.ts).
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { ConnectError, UsageError } from '../errors.js';
import { PLAIN_WORDING, type TlsProblem, type Wording } from './wording.js';

export type { TlsProblem };


/** The SMSC's certificate was refused; `problem` says why, `code` is Node's / OpenSSL's. */
export class TlsCertificateError extends ConnectError {
  constructor(
    message: string,
    readonly problem: TlsProblem,
    readonly code: string,
    fix: string | undefined,
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

/** A TlsCertificateError for a certificate error code; undefined for any other code. */
export function tlsCertificateError(
  err: NodeJS.ErrnoException & { host?: string; cert?: { subjectaltname?: string; subject?: { CN?: unknown } } },
  hostPort: string,
  ca: string | undefined,
  wording: Wording = PLAIN_WORDING,
): TlsCertificateError | undefined {
  const code = err.code ?? '';
  const known = REASONS[code];
  if (known === undefined) return undefined;
  const [problem, reason] = known;
  const detail = problem === 'wrong-host' ? namesDetail(err) : '';
  const fix = wording.advice({ kind: 'certificate', problem, ca });
  return new TlsCertificateError(`TLS certificate of ${hostPort} rejected: ${reason} (${code})${detail}`, problem, code, fix, { cause: err });
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

/** Reads a CA file and checks it holds at least one PEM certificate, each readable. */
export async function readCa(path: string, wording: Wording = PLAIN_WORDING): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`cannot read ${wording.setting('ca')} file ${path} (${code})`, wording.advice({ kind: 'ca-unreadable' }), { cause: err });
  }
  checkCa(path, bytes, wording);
  return bytes;
}

/** Throws a UsageError unless `bytes` hold one or more PEM certificates that parse. Pure. */
export function checkCa(path: string, bytes: Buffer, wording: Wording = PLAIN_WORDING): void {
  const file = `${wording.setting('ca')} file ${path}`;
  const blocks = bytes.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    const der = bytes.length > 0 && bytes[0] === 0x30; // an ASN.1 SEQUENCE: a DER certificate
    throw new UsageError(`${file} holds no PEM certificate${der ? ' (it looks like DER)' : ''}`, wording.advice({ kind: 'ca-no-certificate', path, der }));
  }
  blocks.forEach((block, i) => {
    try {
      // node:crypto only here, with a CA file: loading it costs every other start-up.
      new (process.getBuiltinModule('node:crypto').X509Certificate)(block);
    } catch {
      throw new UsageError(`${file}: certificate ${i + 1} of ${blocks.length} is damaged (not valid base64 DER)`, wording.advice({ kind: 'ca-damaged' }));
    }
  });
}

/** TLSSocket's own flag, read without loading node:tls (start-up time) for a plain socket. */
function isTls(socket: Socket): socket is TLSSocket {
  return (socket as Partial<TLSSocket>).encrypted === true;
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
  if (!isTls(socket)) return undefined;
  return { protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, certificate: socket.getPeerCertificate(), authorized: socket.authorized };
}
