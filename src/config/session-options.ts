// Settings -> the session layer's options: one mapping for every command that binds (send,
// listen, query, cancel, replace, probe), so a new connection setting reaches them all.
import type { Settings } from './settings.js';
import type { SessionOptions } from '../smpp/session.js';
import { SESSION_WORDING } from './session-wording.js';

export function sessionOptions(s: Settings, opts: { window: number; trace?: ((line: string) => void) | undefined }): SessionOptions {
  return {
    host: s.host, port: s.port, tls: s.tls, ...(s.ca !== undefined ? { ca: s.ca } : {}), insecure: s.insecure,
    systemId: s.systemId, password: s.password, systemType: s.systemType,
    interfaceVersion: s.interfaceVersion, bindMode: s.bind, addressRange: s.addressRange,
    addrTon: s.addrTon, addrNpi: s.addrNpi, connectTimeoutMs: s.connectTimeoutMs, wording: SESSION_WORDING,
    responseTimeoutMs: s.responseTimeoutMs, enquireLinkMs: s.enquireLinkMs, window: opts.window,
    ...(opts.trace ? { trace: opts.trace } : {}),
  };
}
