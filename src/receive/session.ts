// Opening a session for the receive-side commands. The 'deliver' listener is attached before the
// bind (openSession's beforeBind): an SMSC that holds messages for a receiver sends them right
// behind bind_resp, often in the same TCP segment.
import type { Settings } from '../config/settings.js';
import { openSession, type SmppSession, type SessionOptions } from '../smpp/index.js';
import type { RawPdu } from '../smpp/codec.js';
import { sessionOptions as sessionOptionsFor } from '../config/session-options.js';

export { ESME_RX_T_APPN } from '../sms/status.js';
import { ESME_RX_T_APPN } from '../sms/status.js';

/** Receive-side commands keep one request outstanding. */
export function sessionOptions(s: Settings, trace?: (line: string) => void): SessionOptions {
  return sessionOptionsFor(s, { window: 1, trace });
}

/**
 * Connects and binds; `onDeliver` sees every deliver_sm / data_sm from the first byte on.
 * Without it (query, cancel, replace on a transceiver) deliveries are refused with a temporary
 * error, so the SMSC keeps them for a listener instead of us acknowledging and dropping them.
 */
export function openReceiving(opts: SessionOptions, onDeliver?: (pdu: RawPdu) => void): Promise<SmppSession> {
  return openSession(opts, (session) => {
    if (onDeliver) session.on('deliver', onDeliver);
    else session.refuseDeliveries(ESME_RX_T_APPN);
  });
}
