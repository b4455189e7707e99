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

export type { PDU, Session } from 'smpp';
export { smpp };

/** A raw PDU as node-smpp decodes it, after our filter removal: Buffers stay Buffers. */
export type RawPdu = import('smpp').PDU;
