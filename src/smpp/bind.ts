// The bind request and what its failures mean to a user.
import { BindError, ConnectError } from '../errors.js';
import { formatStatus, statusHint } from '../sms/status.js';
import { smpp, type RawPdu } from './codec.js';
import { hostPort, seconds, type ConnectOptions } from './connect.js';

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

const DEFAULT_BIND_FIX = 'check --system-id, --password (or SMPP_PASSWORD), --system-type, --bind and --interface-version';

/** The SMSC answered bind (or generic_nack) with a non-zero status. */
export function bindError(resp: RawPdu, opts: ConnectOptions): BindError {
  const status = resp.command_status;
  const what = resp.command === 'generic_nack' ? 'rejected with generic_nack' : 'refused';
  return new BindError(`bind ${what} by ${hostPort(opts)}: ${formatStatus(status)}`, status, statusHint(status) ?? DEFAULT_BIND_FIX);
}

export function bindTimeoutError(opts: ConnectOptions, timeoutMs: number): ConnectError {
  return new ConnectError(
    `no bind response from ${hostPort(opts)} within ${seconds(timeoutMs)} (--connect-timeout)`,
    opts.tls ? 'is it an SMPP-over-TLS port? check --port' : 'is it an SMPP port? TLS needed (--tls)?',
  );
}

/**
 * The peer answered the bind with bytes that are not SMPP (an HTTP server, a TLS server spoken
 * to in clear, ...). `got` holds the first bytes received.
 */
export function notSmppError(opts: ConnectOptions, got: Buffer, cause?: Error): ConnectError {
  const hp = hostPort(opts);
  if (!opts.tls && got.length >= 2 && (got[0] === 0x15 || got[0] === 0x16) && got[1] === 0x03) {
    return new ConnectError(`${hp} does not speak plain SMPP (got a TLS record)`, 'it expects TLS: add --tls', { cause });
  }
  return new ConnectError(`${hp} does not speak SMPP (got ${describeBytes(got)})`, 'check --port / --tls', { cause });
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
