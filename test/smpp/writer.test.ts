import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteGuard } from '../../src/smpp/backpressure.js';
import type { RawPdu, Session } from '../../src/smpp/codec.js';
import { PduWriter } from '../../src/smpp/writer.js';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** A connected TCP socket, and the sizes of the writes it makes (chunks per writev/write). */
async function tcpSocket(): Promise<{ socket: Socket; writes: number[] }> {
  const server = createServer((peer) => peer.resume()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
  await once(socket, 'connect');
  closers.push(() => {
    socket.destroy();
    server.close();
  });
  const writes: number[] = [];
  const s = socket as unknown as { _writev: (chunks: unknown[], cb: unknown) => void; _write: (...a: unknown[]) => void };
  const writev = s._writev.bind(socket);
  const write = s._write.bind(socket);
  s._writev = (chunks, cb) => (writes.push(chunks.length), writev(chunks, cb));
  s._write = (...a) => (writes.push(1), write(...a));
  return { socket, writes };
}

describe('PduWriter', () => {
  it('sends the first 16 PDUs of a tick at once, so the SMSC can start on them, and the rest at its end', async () => {
    const { socket, writes } = await tcpSocket();
    const codec = { send: () => socket.write(Buffer.alloc(60)) } as unknown as Session;
    const guard = new WriteGuard(socket, { pause() {}, resume() {} }, 60_000, () => {});
    const writer = new PduWriter(socket, codec, guard, undefined);
    for (let i = 0; i < 40; i++) expect(writer.sendCorked({} as RawPdu)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([16, 24]);
    // The count starts again in the next tick.
    for (let i = 0; i < 20; i++) writer.sendCorked({} as RawPdu);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([16, 24, 16, 4]);
    guard.stop();
  });
});
