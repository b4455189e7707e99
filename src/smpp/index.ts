// The session layer over node-smpp: the only code in smpp-send that touches sockets.
export { openSession } from './open.js';
export { SmppSession, type SessionOptions, type SubmitResult } from './session.js';
export { SubmitUnconfirmedError } from './window.js';
export { ProtocolError } from './protocol.js';
export { TlsCertificateError, type TlsPeer, type TlsProblem } from './tls.js';
export { MAX_QUEUED_BYTES } from './backpressure.js';
export { MAX_PDU_LENGTH } from './codec.js';
export type { RawPdu } from './codec.js';
export type { Failure, Setting, Wording } from './wording.js';
