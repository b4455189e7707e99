// Opening a session for the receive-side commands. The 'deliver' listener is attached BEFORE the
// bind: an SMSC that holds messages for a receiver sends them right behind bind_resp, often in
// the same TCP segment, and node-smpp emits them in the same read loop that resolves the bind.
// A listener attached after `await openSession()` would miss them (they would be acknowledged
// and lost).
import type { Settings } from '../config/settings.js';
import { SmppSession, type SessionOptions } from '../smpp/session.js';
import { connectSocket } from '../smpp/connect.js';
import type { RawPdu } from '../smpp/codec.js';

/** "Try again later": the SMSC keeps the message. */
export const ESME_RX_T_APPN = 0x64;

export function sessionOptions(s: Settings, trace?: (line: string) => void): SessionOptions {
  return {
    host: s.host, port: s.port, tls: s.tls, ...(s.ca !== undefined ? { ca: s.ca } : {}), insecure: s.insecure,
    systemId: s.systemId, password: s.password, systemType: s.systemType,
    interfaceVersion: s.interfaceVersion, bindMode: s.bind, addressRange: s.addressRange,
    addrTon: s.addrTon, addrNpi: s.addrNpi, connectTimeoutMs: s.connectTimeoutMs,
    responseTimeoutMs: s.responseTimeoutMs, enquireLinkMs: s.enquireLinkMs, window: 1,
    ...(trace ? { trace } : {}),
  };
}

/**
 * Connects and binds; `onDeliver` sees every deliver_sm / data_sm from the first byte on.
 * Without it (query, cancel, replace on a transceiver) deliveries are refused with a temporary
 * error, so the SMSC keeps them for a listener instead of us acknowledging and dropping them.
 */
export async function openReceiving(opts: SessionOptions, onDeliver?: (pdu: RawPdu) => void): Promise<SmppSession> {
  const socket = await connectSocket(opts);
  let session: SmppSession;
  try {
    session = new SmppSession(socket, opts);
  } catch (err) {
    socket.destroy();
    throw err;
  }
  if (onDeliver) session.on('deliver', onDeliver);
  else session.refuseDeliveries(ESME_RX_T_APPN);
  await session.bind();
  return session;
}
