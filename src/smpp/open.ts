// The way to a session: connect, bind, and hand it out only once it is bound and open.
import { connectSocket, hostPort } from './connect.js';
import { lostRightAfterBind } from './link-errors.js';
import { SmppSession, type SessionOptions } from './session.js';

/**
 * Connects, binds, and resolves with a session that is bound and open: a link the SMSC ends in
 * the same read as its bind_resp (an unbind, garbage right behind it) rejects here, never
 * reaches the caller as "bound". `beforeBind` sees the session connected and not yet bound:
 * listeners attached there see deliveries the SMSC flushes right behind its bind_resp.
 * Rejects: ConnectError, BindError, UsageError (CA file), LinkClosedError (ProtocolError
 * included) for a link lost during or right after bind.
 */
export async function openSession(opts: SessionOptions, beforeBind?: (session: SmppSession) => void): Promise<SmppSession> {
  const socket = await connectSocket(opts);
  let session: SmppSession;
  try {
    session = new SmppSession(socket, opts);
  } catch (err) {
    socket.destroy();
    throw err;
  }
  beforeBind?.(session);
  await session.bind();
  if (session.closed) throw lostRightAfterBind(hostPort(opts), session.closeReason);
  return session;
}
