// node-smpp as a pure PDU codec. Its "filters" re-encode text (GSM table labelled as IA5,
// unmappable characters turned into '@'), decode incoming text through the GSM table, and turn
// SMPP times into Date objects. We encode and decode everything ourselves, so we remove every
// filter once, at load: short_message, message_payload and times then travel as raw Buffers and
// strings in both directions (client and simulator alike).
import smpp from 'smpp';

for (const command of Object.values(smpp.commands)) {
  for (const field of Object.values(command.params ?? {})) delete field.filter;
}
for (const tlv of Object.values(smpp.tlvs)) delete tlv.filter;
// With no filters left, the per-PDU filter pass only walks every field for nothing: skip it
// (about 8% of the CPU per PDU, on both the client and the simulator).
(smpp.PDU as unknown as { prototype: { _filter: () => void } }).prototype._filter = () => undefined;

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

export type { PDU, Session } from 'smpp';
export { smpp };

/** A raw PDU as node-smpp decodes it, after our filter removal: Buffers stay Buffers. */
export type RawPdu = import('smpp').PDU;
