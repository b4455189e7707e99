// The session layer over node-smpp: the only code in smpp-send that touches sockets.
export { openSession, SmppSession, type SessionOptions, type SubmitResult } from './session.js';
export { SubmitUnconfirmedError } from './window.js';
export type { RawPdu } from './codec.js';
