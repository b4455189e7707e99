// node-smpp as a pure PDU codec. Its "filters" re-encode text (GSM table labelled as IA5,
// unmappable characters turned into '@'), decode incoming text through the GSM table, and turn
// SMPP times into Date objects. We encode and decode everything ourselves, so we remove every
// filter once, at load: short_message, message_payload and times then travel as raw Buffers and
// strings in both directions (client and simulator alike).
import smpp from 'smpp';
import { installPduEncoding, type NodeSmppTables } from './pdu-encoding.js';

for (const command of Object.values(smpp.commands)) {
  for (const field of Object.values(command.params ?? {})) delete field.filter;
}
for (const tlv of Object.values(smpp.tlvs)) delete tlv.filter;
// With no filters left, the per-PDU filter pass only walks every field for nothing: skip it
// (about 8% of the CPU per PDU, on both the client and the simulator).
(smpp.PDU as unknown as { prototype: { _filter: () => void } }).prototype._filter = () => undefined;
// And its encoder and decoder, written again for speed (pdu-encoding.ts); the originals are kept for the test.
export const nodeSmppEncoding = installPduEncoding(smpp as unknown as NodeSmppTables);

// node-smpp only rejects a command_length above PDU.maxLength. One below 16 (the header size)
// either throws a RangeError deep in the decoder or, for 0, makes the reader skip 4 bytes and
// carry on misaligned. Reject it where the length is read, so such garbage is one clean 'error'.
const PDU_HEADER_LENGTH = 16;
const pduStatics = smpp.PDU as unknown as { commandLength(stream: unknown): number | false };
const readCommandLength = pduStatics.commandLength;
pduStatics.commandLength = (stream) => {
  const length = readCommandLength(stream);
  if (length !== false && length < PDU_HEADER_LENGTH) {
    throw new Error(`PDU length was too small (${length}, minimum is ${PDU_HEADER_LENGTH}).`);
  }
  return length;
};

// SMPP 3.4 5.3: a TLV's length is 2 octets, so one message_payload carries up to 65,535 octets,
// and an SMSC may legally send such a deliver_sm (a stored MO flushed at bind does). The largest
// deliver_sm with one: 16 header + 349 mandatory + 4 + 65,535 = 65,904 octets; 72 KiB leaves room
// for its other TLVs. node-smpp's own cap (16,384) called those PDUs malformed and dropped the link.
export const MAX_PDU_LENGTH = 72 * 1024;
smpp.PDU.maxLength = MAX_PDU_LENGTH;

// node-smpp decodes a PDU inside its read loop; a decoder exception (a TLV running past the end:
// "offset is out of range") stops that loop for good and the link wedges. For our sessions, a
// PDU whose body does not decode comes out as its header plus the mandatory fields that did
// decode, marked with decodeError(), so one bad deliver_sm is refused, not the link dropped.
// The simulator keeps node-smpp's strict behaviour (it registers no socket here).
const lenientSockets = new WeakSet<object>();
const decodeErrors = new WeakMap<object, Error>();
const pduFromStream = smpp.PDU as unknown as { fromStream(stream: { read(n: number): Buffer | null }, length: number): RawPdu | false };
const strictFromStream = pduFromStream.fromStream;
pduFromStream.fromStream = (stream, length) => {
  if (!lenientSockets.has(stream)) return strictFromStream(stream, length);
  const body = stream.read(length - 4);
  if (!body) return false;
  const bytes = Buffer.allocUnsafe(length);
  bytes.writeUInt32BE(length, 0);
  body.copy(bytes, 4);
  return decodePdu(bytes);
};

/** Makes node-smpp's reader on `socket` decode leniently (see above). */
export function decodeLeniently(socket: object): void {
  lenientSockets.add(socket);
}

/** Why the body of `pdu` did not decode; undefined for a PDU that decoded whole. */
export function decodeError(pdu: RawPdu): Error | undefined {
  return decodeErrors.get(pdu);
}

/** Decodes one whole PDU; never throws for a body that does not decode (see decodeError). */
export function decodePdu(bytes: Buffer): RawPdu {
  try {
    return new smpp.PDU(bytes);
  } catch (err) {
    return partialPdu(bytes, err instanceof Error ? err : new Error(String(err)));
  }
}

interface FieldType {
  read(buffer: Buffer, offset: number): unknown;
  size(value: unknown): number;
}

/** The header and the leading mandatory fields that decode; TLVs are dropped. */
function partialPdu(bytes: Buffer, err: Error): RawPdu {
  const header = Buffer.from(bytes.subarray(0, PDU_HEADER_LENGTH));
  header.writeUInt32BE(PDU_HEADER_LENGTH, 0);
  const pdu = new smpp.PDU(header);
  pdu.command_length = bytes.length;
  let offset = PDU_HEADER_LENGTH;
  for (const [key, def] of Object.entries(smpp.commands[pdu.command]?.params ?? {})) {
    const type = def.type as FieldType;
    try {
      const value = type.read(bytes, offset);
      const next = offset + type.size(value);
      if (next > bytes.length) break;
      pdu[key] = value;
      offset = next;
    } catch {
      break;
    }
  }
  decodeErrors.set(pdu, err);
  return pdu;
}

export type { PDU, Session } from 'smpp';
export { smpp };

/** A raw PDU as node-smpp decodes it, after our filter removal: Buffers stay Buffers. */
export type RawPdu = import('smpp').PDU;
