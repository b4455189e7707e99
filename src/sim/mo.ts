// Mobile-originated messages the simulator injects (`sim.injectMo()`, `smpp-sim --mo`): a text
// planned as a handset would send it (the same planner as smpp-send: GSM 7-bit or UCS2, split
// with UDH 8/16-bit, SAR TLVs or message_payload), turned into deliver_sm fields, one per part.
import { parseAddress } from '../sms/address.js';
import { planMessage, type Coding, type SplitMode } from '../sms/plan.js';
import type { SmscAlphabet } from '../sms/choose-encoding.js';

export interface MoInput {
  /** The handset: +447700900123 (TON 1), 12345 (short code), or a name. */
  from: string;
  /** Where it was sent: usually your short code or long number. */
  to: string;
  text?: string;
  /** Binary bytes in hex instead of text (data_coding 4 unless `dataCoding` says otherwise). */
  hex?: string;
  /** Default auto: GSM 7-bit when it fits, else UCS2. */
  coding?: Coding;
  /** Replaces the data_coding byte after encoding (e.g. 0xF0 class bits, 0x11 GSM class 1). */
  dataCoding?: number;
  /** How a long text is split; default udh8. */
  split?: SplitMode;
  /** Concatenation reference; default 1. */
  ref?: number;
  /** 1-based part numbers in the order to send them; leave one out to simulate a lost part. */
  order?: number[];
  /** Extra deliver_sm fields for every part (a TLV, an esm_class of your own, ...). */
  fields?: Record<string, unknown>;
}

/** The deliver_sm fields of each part to send, in sending order. Throws TextError/AddressError on bad input. */
export function moDeliveries(input: MoInput, smscAlphabet: SmscAlphabet): Record<string, unknown>[] {
  const from = parseAddress(input.from, 'source');
  const to = parseAddress(input.to, 'source'); // a short code or a name may be the destination of an MO
  const coding = input.hex !== undefined ? 'binary' : (input.coding ?? 'auto');
  const plan = planMessage(input.hex !== undefined ? { hex: input.hex } : { text: input.text ?? '' }, {
    coding, smscAlphabet, split: input.split ?? 'udh8', maxParts: 255, flash: false, transliterate: false, ref: input.ref ?? 1,
  });
  const parts = plan.parts.map((part) => ({
    source_addr_ton: from.ton, source_addr_npi: from.npi, source_addr: from.addr,
    dest_addr_ton: to.ton, dest_addr_npi: to.npi, destination_addr: to.addr,
    esm_class: part.esmClass, data_coding: input.dataCoding ?? plan.dataCoding,
    short_message: part.shortMessage, ...part.tlvs, ...input.fields,
  }));
  const order = input.order ?? parts.map((_, i) => i + 1);
  return order.map((n) => {
    const p = parts[n - 1];
    if (!p) throw new RangeError(`order names part ${n}, but the message has ${parts.length} part(s)`);
    return p;
  });
}
