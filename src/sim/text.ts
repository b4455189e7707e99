// Decoding message bytes for logs, reassembly and receipts. Clients send anything; a decoder
// surprise must never take the simulator down, so failures fall back to the bytes in hex.
import { decodeText } from '../sms/decode.js';
import type { SmscAlphabet } from '../sms/choose-encoding.js';

export function safeDecode(bytes: Buffer, dataCoding: number, alphabet: SmscAlphabet): string {
  try {
    return decodeText(bytes, dataCoding, alphabet);
  } catch {
    return bytes.toString('hex');
  }
}

/** Enough bytes for 20 characters in any coding (UCS2: 2 octets each; GSM: ESC pairs). */
export const RECEIPT_TEXT_BYTES = 40;
