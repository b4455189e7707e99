// A tiny scripted SMSC over raw TCP, for faults the simulator cannot stage: a TCP reset after the
// Nth answer, bytes written in the same segment as the bind_resp, a peer that binds and then
// never reads. It frames PDUs itself (16-byte header, no body parsing beyond what it answers).
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export const CMD = {
  bind_receiver: 0x01, bind_transceiver: 0x09, bind_transmitter: 0x02, submit_sm: 0x04, enquire_link: 0x15, unbind: 0x06, generic_nack: 0x80000000,
} as const;

/** One PDU: header plus body. */
export function pdu(commandId: number, seq: number, body: Buffer = Buffer.alloc(0), status = 0): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(16 + body.length, 0);
  head.writeUInt32BE(commandId >>> 0, 4);
  head.writeUInt32BE(status, 8);
  head.writeUInt32BE(seq, 12);
  return Buffer.concat([head, body]);
}

export const cstring = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');

/**
 * What to do with a submit_sm: answer it (default), stay silent, reset the connection (RST) or
 * close it (FIN) instead of answering, or answer and then reset / close in the next turn.
 */
export type SubmitMove = 'answer' | 'silent' | 'reset' | 'close' | 'answer-then-reset' | 'answer-then-close';

export interface RawConn {
  socket: Socket;
  index: number; // 0-based connection number
  submits: number; // submit_sm received on this connection
}

export interface RawScript {
  /** Bind answer: status (default 0) and bytes written in the same write, right after it. */
  onBind?: (c: RawConn) => { status?: number; after?: Buffer } | void;
  /** Per submit_sm: 'answer' (default), 'silent', 'reset' (TCP RST, no answer), or answer then reset. */
  onSubmit?: (c: RawConn, seq: number) => SubmitMove;
  /** After a successful bind: stop reading from the socket (a peer that never reads). */
  stopReadingAfterBind?: boolean;
}

export interface RawSmsc {
  port: number;
  connections: number;
  binds: number;
  submits: number;
  close(): Promise<void>;
}

/** Starts a scripted SMSC that closes when the running test ends. */
export async function startRawSmsc(script: RawScript = {}): Promise<RawSmsc> {
  const smsc = await listenRawSmsc(script);
  onTestFinished(() => smsc.close());
  return smsc;
}

async function listenRawSmsc(script: RawScript): Promise<RawSmsc> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, binds: 0, submits: 0 };
  let nextId = 1;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const c: RawConn = { socket, index: state.connections++, submits: 0 };
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 16 && !socket.destroyed) {
        const len = buf.readUInt32BE(0);
        if (len < 16 || len > 70_000) return socket.destroy();
        if (buf.length < len) break;
        const id = buf.readUInt32BE(4);
        const seq = buf.readUInt32BE(12);
        buf = buf.subarray(len);
        handle(c, id, seq);
      }
    });
  });
  const handle = (c: RawConn, id: number, seq: number) => {
    const s = c.socket;
    if (id === CMD.bind_transceiver || id === CMD.bind_transmitter || id === CMD.bind_receiver) {
      const answer = script.onBind?.(c) ?? {};
      const status = answer.status ?? 0;
      if (status === 0) state.binds++;
      s.write(Buffer.concat([pdu((id | 0x80000000) >>> 0, seq, cstring('raw'), status), answer.after ?? Buffer.alloc(0)]));
      if (status === 0 && script.stopReadingAfterBind) s.pause();
    } else if (id === CMD.submit_sm) {
      c.submits++;
      state.submits++;
      const what = script.onSubmit?.(c, seq) ?? 'answer';
      if (what === 'silent') return;
      if (what === 'reset') return void s.resetAndDestroy();
      if (what === 'close') return void s.destroy();
      s.write(pdu(0x80000004, seq, cstring(String(nextId++))));
      if (what === 'answer-then-reset') setImmediate(() => s.resetAndDestroy());
      if (what === 'answer-then-close') setImmediate(() => s.destroy());
    } else if (id === CMD.enquire_link) s.write(pdu(0x80000015, seq));
    else if (id === CMD.unbind) s.end(pdu(0x80000006, seq));
    else if ((id & 0x80000000) === 0) s.write(pdu(CMD.generic_nack, seq, undefined, 0x03));
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    get connections() { return state.connections; },
    get binds() { return state.binds; },
    get submits() { return state.submits; },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
