// A polite, bounded goodbye: unbind, wait for unbind_resp (or give up), then close the socket.
// node-smpp's close() only ends the socket, and an SMSC that never answers must not hang us.
import type { Socket } from 'node:net';
import { smpp, type RawPdu } from './codec.js';

/**
 * Sends unbind through `request` (false when it could not be written), awaits the response
 * for at most timeoutMs, then ends the socket and resolves once it is closed. Never rejects.
 */
export async function unbindAndClose(
  request: (pdu: RawPdu, onResponse: () => void) => boolean,
  socket: Socket,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const answered = await new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(false);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('close', onClose);
    if (!request(new smpp.PDU('unbind'), () => done(true))) done(false);
  });
  await closeSocket(socket, answered ? Math.max(0, deadline - Date.now()) : 0);
}

/** Ends the socket (flushing what is queued) and destroys it if it is not closed within graceMs. */
export function closeSocket(socket: Socket, graceMs: number): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => socket.destroy(), graceMs);
    if (graceMs > 0) socket.end();
    else socket.destroy();
  });
}

/**
 * The socket at the link's end, without waiting: 'end' lets the last answer we queued (our
 * unbind_resp) leave first, destroying it a second later at the latest; 'destroy' at once.
 */
export function dropSocket(socket: Socket, how: 'end' | 'destroy'): void {
  if (how === 'destroy') return void socket.destroy();
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}
