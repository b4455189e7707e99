// The TCP or TLS socket to the SMSC. We open it ourselves (not node-smpp's connect) to own the
// connect timeout, the TLS checks and the error wording; node-smpp only gets the open socket.
import net from 'node:net';
import { ConnectError } from '../errors.js';
import { readCa, tlsCertificateError } from './tls.js';
import { PLAIN_WORDING, type Failure, type Wording } from './wording.js';

export interface ConnectOptions {
  host: string;
  port: number;
  tls: boolean;
  ca?: string; // PEM file path
  insecure: boolean;
  connectTimeoutMs: number;
  wording?: Wording; // the caller's names for its settings, and its advice (wording.ts)
}

export function wordingOf(opts: { wording?: Wording }): Wording {
  return opts.wording ?? PLAIN_WORDING;
}

/** A ConnectError whose fix is the caller's advice for `failure`. */
export function connectError(opts: ConnectOptions, message: string, failure: Failure, cause?: Error): ConnectError {
  return new ConnectError(message, wordingOf(opts).advice(failure), { cause });
}

/** "host:port", with brackets for IPv6 literals. */
export function hostPort(opts: { host: string; port: number }): string {
  // Only a host with a colon can be IPv6: the others skip compiling isIPv6's large regular expression.
  return opts.host.includes(':') && net.isIPv6(opts.host) ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
}

/** 5000 → "5s", 250 → "0.25s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/**
 * Opens the socket and resolves once it is usable (TLS: handshake done). An 'error' listener
 * stays attached for the socket's life, so no later error can crash the process.
 * Rejects with ConnectError (network, TLS, timeout) or UsageError (CA file unreadable or holding no certificate).
 */
export async function connectSocket(opts: ConnectOptions): Promise<net.Socket> {
  const ca = opts.tls && opts.ca !== undefined ? await readCa(opts.ca, wordingOf(opts)) : undefined;
  return new Promise((resolve, reject) => {
    // node:tls is loaded only for a TLS link: ~3 ms of every plain one-message send (issue 13).
    const socket = opts.tls
      ? process.getBuiltinModule('node:tls').connect({
          host: opts.host,
          port: opts.port,
          ca,
          rejectUnauthorized: !opts.insecure,
          servername: net.isIP(opts.host) ? undefined : opts.host,
        })
      : net.connect({ host: opts.host, port: opts.port });
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const onError = (err: NodeJS.ErrnoException) => fail(connectErrorFor(err, opts, 'connect'));
    const onClose = () => fail(closedEarly(opts, 'connect'));
    const timer = setTimeout(() => fail(connectTimeout(opts)), opts.connectTimeoutMs);
    socket.on('error', onError);
    socket.once('close', onClose);
    socket.once(opts.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      // Keep one listener forever: node-smpp adds its own, but not before we hand it over.
      socket.on('error', () => {});
      // Nagle would hold the 2nd..nth submit_sm of a window until the 1st is acknowledged
      // (a delayed ACK: up to 40 ms). The session batches its writes per tick instead.
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

export type Phase = 'connect' | 'bind';

/** One-line ConnectError for a socket error met while connecting or binding. */
export function connectErrorFor(err: NodeJS.ErrnoException, opts: ConnectOptions, phase: Phase): ConnectError {
  const hp = hostPort(opts);
  const code = err.code ?? '';
  const certificate = tlsCertificateError(err, hp, opts.ca, wordingOf(opts));
  if (certificate !== undefined) return certificate;
  switch (code) {
    case 'ECONNREFUSED':
      return connectError(opts, `connection refused by ${hp}`, { kind: 'refused' }, err);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return connectError(opts, `cannot resolve host ${opts.host} (${code})`, { kind: 'dns' }, err);
    case 'ETIMEDOUT':
      return connectTimeout(opts, err);
    case 'ECONNRESET':
    case 'EPIPE':
      return closedEarly(opts, phase, err);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return connectError(opts, `cannot reach ${hp} (${code})`, { kind: 'unreachable' }, err);
  }
  if (opts.tls && (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code.startsWith('ERR_TLS_'))) {
    return connectError(opts, `TLS handshake with ${hp} failed (${code})`, { kind: 'tls-handshake' }, err);
  }
  return connectError(opts, `cannot connect to ${hp}: ${err.message}`, { kind: 'connect-failed' }, err);
}

function connectTimeout(opts: ConnectOptions, cause?: Error): ConnectError {
  const what = opts.tls ? 'no TLS handshake from' : 'no answer from';
  const limit = wordingOf(opts).setting('connectTimeout');
  return connectError(opts, `${what} ${hostPort(opts)} within ${seconds(opts.connectTimeoutMs)} (${limit})`, { kind: 'no-answer', tls: opts.tls }, cause);
}

/** The peer hung up before the bind completed: usually not an SMPP port, or TLS expected. */
export function closedEarly(opts: ConnectOptions, phase: Phase, cause?: Error): ConnectError {
  const during = phase === 'bind' ? 'bind' : opts.tls ? 'the TLS handshake' : 'connect';
  return connectError(opts, `${hostPort(opts)} closed the connection during ${during}`, { kind: 'closed-early', tls: opts.tls }, cause);
}
