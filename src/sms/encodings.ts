// How much text fits in one SMS, per encoding. One TP-UD field holds 140 octets
// (3GPP TS 23.040 §9.2.3.24: TP-User-Data, 140 octets). A User Data Header takes octets from it,
// and for GSM 7-bit the header is padded to a septet boundary (§9.2.3.24: fill bits).
// The numbers in ENCODINGS are derived by `capacity` below and a test checks they agree.

export type Encoding = 'gsm7' | 'ucs2' | 'latin1' | 'ascii' | 'binary';

export interface EncodingRow {
  encoding: Encoding;
  dataCoding: number; // SMPP data_coding for this encoding (gsm7: 0, the SMSC default alphabet)
  single: number; //     units in a message that needs no UDH
  perPart8: number; //   units per part with the 8-bit-reference concatenation UDH (6 octets)
  perPart16: number; //  units per part with the 16-bit-reference concatenation UDH (7 octets)
  unitName: 'septets' | 'octets' | 'UCS2 units';
}

/** The maximum TP-User-Data length in octets (3GPP TS 23.040 §9.2.3.24). */
export const USER_DATA_OCTETS = 140;

/** Octets of a UDH holding only the concatenation IE: UDHL + IEI + IEDL + ref(1|2) + total + seq. */
export const UDH8_OCTETS = 6; //  05 00 03 RR TT SS
export const UDH16_OCTETS = 7; // 06 08 04 RR RR TT SS

/** Hard limit of concatenated parts: TOTAL is one octet (23.040 §9.2.3.24.1, .8). */
export const MAX_PARTS = 255;

export const ENCODINGS: readonly EncodingRow[] = [
  // 140 octets * 8 / 7 = 160 septets.
  // 8-bit ref: (140 - 6) * 8 / 7 = 153.1 -> 153 (the 6-octet UDH plus 1 fill bit = 7 septets).
  // 16-bit ref: (140 - 7) * 8 / 7 = 152 (the 7-octet UDH is exactly 8 septets).
  { encoding: 'gsm7', dataCoding: 0x00, single: 160, perPart8: 153, perPart16: 152, unitName: 'septets' },
  // UTF-16 code units of 2 octets: 140 / 2 = 70; (140 - 6) / 2 = 67; (140 - 7) / 2 = 66.5 -> 66.
  { encoding: 'ucs2', dataCoding: 0x08, single: 70, perPart8: 67, perPart16: 66, unitName: 'UCS2 units' },
  // One octet per character: 140; 140 - 6 = 134; 140 - 7 = 133. Some SMSCs convert IA5 and
  // Latin-1 to GSM 7-bit for the air and could take more, but 140 octets fit everywhere.
  { encoding: 'latin1', dataCoding: 0x03, single: 140, perPart8: 134, perPart16: 133, unitName: 'octets' },
  { encoding: 'ascii', dataCoding: 0x01, single: 140, perPart8: 134, perPart16: 133, unitName: 'octets' },
  // 8-bit data (data_coding 4 in SMPP; 0x02 is also "octet unspecified").
  { encoding: 'binary', dataCoding: 0x04, single: 140, perPart8: 134, perPart16: 133, unitName: 'octets' },
];

export function encodingRow(encoding: Encoding): EncodingRow {
  return ENCODINGS.find((row) => row.encoding === encoding)!;
}

/** Units left in one SMS after a UDH of `udhOctets` octets (UDHL byte included; 0 = no UDH). */
export function capacity(encoding: Encoding, udhOctets: number): number {
  const bits = (USER_DATA_OCTETS - udhOctets) * 8;
  if (encoding === 'gsm7') {
    // The header is padded to whole septets, so the text gets floor(bits / 7) septets.
    return Math.floor(bits / 7);
  }
  if (encoding === 'ucs2') return Math.floor(bits / 16);
  return bits / 8;
}
