// A scripted SMSC on a raw TCP socket, for faults node-smpp's own server cannot make: several
// PDUs in one write, bytes that are not a valid PDU, a peer that never reads. Every PDU the
// client sends is decoded and recorded; `script` answers each with raw bytes (or nothing).
import net from 'node:net';
import { onTestFinished } from 'vitest';
import { decodePdu, smpp, type RawPdu } from '../../src/smpp/codec.js';
import { HOST } from './helpers.js';

export interface Peer {
  port: number;
  /** Every PDU received, in order. */
  received: RawPdu[];
  /** Server-side sockets, in accept order. */
  sockets: net.Socket[];
}

/** What to write back for one PDU received on `socket` (undefined: nothing). */
export type Script = (pdu: RawPdu, socket: net.Socket, peer: Peer) => Buffer | undefined;

/** Starts a peer that closes when the running test ends. With `read: false` it reads the bind, then never again. */
export async function peer(script: Script, opts: { read?: boolean } = {}): Promise<Peer> {
  const p: Peer = { port: 0, received: [], sockets: [] };
  const server = net.createServer((socket) => {
    p.sockets.push(socket);
    socket.on('error', () => {});
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16 && pending.length >= pending.readUInt32BE(0)) {
        const length = pending.readUInt32BE(0);
        const pdu = decodePdu(Buffer.from(pending.subarray(0, length)));
        pending = pending.subarray(length);
        p.received.push(pdu);
        const out = script(pdu, socket, p);
        if (out !== undefined) socket.write(out);
        if (opts.read === false && pdu.command.startsWith('bind_')) socket.pause();
      }
    });
  });
  onTestFinished(async () => {
    for (const s of p.sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  p.port = (server.address() as net.AddressInfo).port;
  return p;
}

/** Encodes a PDU; the sequence number defaults to 1. */
export function bytes(command: string, fields: Record<string, unknown> = {}): Buffer {
  return new smpp.PDU(command, { sequence_number: 1, ...fields }).toBuffer();
}

/** The bind_resp that accepts `bind`. */
export function bindResp(bind: RawPdu, fields: Record<string, unknown> = {}): Buffer {
  return bind.response({ system_id: 'peer', ...fields }).toBuffer();
}

/** A receipt whose message_state TLV claims 1 octet but the PDU ends at its header (node-smpp: "offset is out of range"). */
export function receiptWithBrokenTlv(seq: number): Buffer {
  const good = bytes('deliver_sm', { sequence_number: seq, source_addr: '1', destination_addr: '2', esm_class: 0x04, short_message: Buffer.from('id:1 stat:DELIVRD') });
  const tlv = Buffer.from('04270001', 'hex'); // message_state, length 1, value missing
  const pdu = Buffer.concat([good, tlv]);
  pdu.writeUInt32BE(pdu.length, 0);
  return pdu;
}

/** A legal MO whose message_payload TLV holds `size` octets (up to 65,535). */
export function bigMo(seq: number, size = 65_535): Buffer {
  return bytes('deliver_sm', { sequence_number: seq, source_addr: '447700900999', destination_addr: '12345', message_payload: Buffer.alloc(size, 0x41) });
}
