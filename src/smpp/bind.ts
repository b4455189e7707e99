// The bind request and what its failures mean to a user.
import { BindError, type ConnectError } from '../errors.js';
import { formatStatus } from '../sms/status.js';
import { smpp, type RawPdu } from './codec.js';
import { connectError, hostPort, seconds, wordingOf, type ConnectOptions } from './connect.js';

export interface BindOptions {
  systemId: string;
  password: string;
  systemType: string;
  interfaceVersion: number;
  bindMode: 'transceiver' | 'transmitter' | 'receiver'; // receiver: smpp-send listen
  addressRange: string;
  addrTon: number;
  addrNpi: number;
}

/** bind_transceiver / bind_transmitter. C-strings are forced to strings: node-smpp 0.5.1 throws on numbers. */
export function bindPdu(opts: BindOptions): RawPdu {
  return new smpp.PDU(`bind_${opts.bindMode}`, {
    system_id: String(opts.systemId),
    password: String(opts.password),
    system_type: String(opts.systemType),
    interface_version: opts.interfaceVersion,
    addr_ton: opts.addrTon,
    addr_npi: opts.addrNpi,
    address_range: String(opts.addressRange),
  });
}

/** The SMSC answered bind (or generic_nack) with a non-zero status. */
export function bindError(resp: RawPdu, opts: ConnectOptions): BindError {
  const status = resp.command_status;
  const what = resp.command === 'generic_nack' ? 'rejected with generic_nack' : 'refused';
  return new BindError(`bind ${what} by ${hostPort(opts)}: ${formatStatus(status)}`, status, wordingOf(opts).advice({ kind: 'bind-refused', status }));
}

export function bindTimeoutError(opts: ConnectOptions, timeoutMs: number): ConnectError {
  const limit = wordingOf(opts).setting('connectTimeout');
  return connectError(opts, `no bind response from ${hostPort(opts)} within ${seconds(timeoutMs)} (${limit})`, { kind: 'no-bind-answer', tls: opts.tls });
}

/**
 * The peer answered the bind with bytes that are not SMPP (an HTTP server, a TLS server spoken
 * to in clear, ...). `got` holds the first bytes received.
 */
export function notSmppError(opts: ConnectOptions, got: Buffer, cause?: Error): ConnectError {
  const hp = hostPort(opts);
  if (!opts.tls && got.length >= 2 && (got[0] === 0x15 || got[0] === 0x16) && got[1] === 0x03) {
    return connectError(opts, `${hp} does not speak plain SMPP (got a TLS record)`, { kind: 'tls-expected' }, cause);
  }
  return connectError(opts, `${hp} does not speak SMPP (got ${describeBytes(got)})`, { kind: 'not-smpp' }, cause);
}

/** First line if the bytes are text, else hex. */
export function describeBytes(bytes: Buffer): string {
  if (bytes.length === 0) return 'nothing readable';
  const head = bytes.subarray(0, 64);
  const text = head.toString('latin1');
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (line.length >= 4 && /^[\x20-\x7e]+$/.test(line)) return `'${line.slice(0, 40)}${line.length > 40 ? '...' : ''}'`;
  return `bytes ${head.subarray(0, 16).toString('hex')}`;
}
