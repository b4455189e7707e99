// Bytes + data_coding -> text, for the simulator (reassembling what a client sent) and for
// incoming deliver_sm. SMPP 3.4 §5.2.19 names data_coding 0x00-0x0E itself; higher values follow
// the GSM Data Coding Scheme (3GPP TS 23.038 §4), which SMSCs use for flash and MWI messages.
import { decodeOctets, decodeUcs2 } from './alphabets.js';
import { decodeGsm7 } from './gsm7.js';
import type { SmscAlphabet } from './choose-encoding.js';

type Alphabet = 'gsm7' | 'ucs2' | 'latin1' | 'ascii' | 'binary' | 'smsc' | { label: string };

/** Which alphabet a data_coding value names. */
export function alphabetOf(dataCoding: number): Alphabet {
  const dc = dataCoding & 0xff;
  switch (dc) {
    case 0x00: return 'smsc';
    case 0x01: return 'ascii'; // IA5
    case 0x02: // octet unspecified (8-bit binary)
    case 0x04: return 'binary'; // octet unspecified (8-bit binary)
    case 0x03: return 'latin1';
    case 0x06: return { label: 'iso-8859-5' }; // Latin/Cyrillic
    case 0x07: return { label: 'iso-8859-8' }; // Latin/Hebrew
    case 0x08: return 'ucs2';
    case 0x0a: return { label: 'iso-2022-jp' }; // music codes
    case 0x0e: return { label: 'euc-kr' }; // KS C 5601
  }
  if (dc < 0x10) return 'binary'; // JIS, pictogram, extended kanji: shown as hex
  // 23.038 §4 general data coding (00xx) and automatic deletion (01xx): bit 5 = compressed,
  // bits 3..2 = alphabet (00 GSM 7-bit, 01 8-bit data, 10 UCS2, 11 reserved).
  if (dc < 0x80) {
    if (dc & 0x20) return 'binary'; // compressed text: we do not decompress
    return (['gsm7', 'binary', 'ucs2', 'binary'] as const)[(dc >> 2) & 0x03];
  }
  if (dc < 0xc0) return 'binary'; // reserved coding groups
  if (dc < 0xe0) return 'gsm7'; // message waiting indication, discard/store, GSM 7-bit
  if (dc < 0xf0) return 'ucs2'; // message waiting indication, store, UCS2
  // 1111: data coding/message class; bit 2: 0 GSM 7-bit, 1 8-bit data.
  return dc & 0x04 ? 'binary' : 'gsm7';
}

/**
 * Decode `bytes` (without UDH) sent with `dataCoding`. data_coding 0 is "the SMSC default
 * alphabet", which is `smscAlphabet`. GSM codings above 0x0F name the GSM alphabet explicitly,
 * so they decode through the GSM table whatever the SMSC default is. Binary comes back as hex.
 */
export function decodeText(bytes: Buffer, dataCoding: number, smscAlphabet: SmscAlphabet): string {
  let alphabet = alphabetOf(dataCoding);
  if (alphabet === 'smsc') alphabet = smscAlphabet;
  if (typeof alphabet === 'object') {
    try {
      return new TextDecoder(alphabet.label).decode(bytes);
    } catch {
      return bytes.toString('hex'); // a Node built without that ICU charset
    }
  }
  switch (alphabet) {
    case 'gsm7': return decodeGsm7(bytes);
    case 'ucs2': return decodeUcs2(bytes);
    case 'latin1': return decodeOctets('latin1', bytes);
    case 'ascii': return decodeOctets('ascii', bytes);
    case 'binary': return bytes.toString('hex');
  }
}
