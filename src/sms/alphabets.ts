// The two single-octet alphabets SMPP names besides GSM: IA5 (ASCII, data_coding 1) and
// ISO-8859-1 (Latin-1, data_coding 3). Both are one octet per character; an SMSC may also use
// one of them as its "default alphabet" (data_coding 0), see SmscAlphabet in plan.ts.

/** Highest code point each alphabet carries: ASCII 0x00-0x7F, Latin-1 0x00-0xFF. */
const TOP = { ascii: 0x7f, latin1: 0xff } as const;

export type OctetAlphabet = keyof typeof TOP;

export function inAlphabet(alphabet: OctetAlphabet, char: string): boolean {
  // A character is one code point here; string iteration gives code points.
  return char.length === 1 && char.charCodeAt(0) <= TOP[alphabet];
}

/** Characters the alphabet cannot carry, with their code-point index in `text` (already NFC). */
export function unencodableIn(alphabet: OctetAlphabet, text: string): { char: string; index: number }[] {
  const bad: { char: string; index: number }[] = [];
  let index = 0;
  for (const char of text) {
    if (!inAlphabet(alphabet, char)) bad.push({ char, index });
    index++;
  }
  return bad;
}

/** One octet per character. Throws on a character outside the alphabet (check first). */
export function encodeOctets(alphabet: OctetAlphabet, text: string): Buffer {
  const out: number[] = [];
  let index = 0;
  for (const char of text) {
    if (!inAlphabet(alphabet, char)) {
      throw new RangeError(`${JSON.stringify(char)} at ${index} is not in ${alphabet}`);
    }
    out.push(char.charCodeAt(0));
    index++;
  }
  return Buffer.from(out);
}

/** Decode octets; an ASCII octet above 0x7F is not ASCII and becomes U+FFFD. */
export function decodeOctets(alphabet: OctetAlphabet, bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b <= TOP[alphabet] ? String.fromCharCode(b) : '\uFFFD';
  return out;
}

export const encodeLatin1 = (text: string): Buffer => encodeOctets('latin1', text);
export const encodeAscii = (text: string): Buffer => encodeOctets('ascii', text);
export const unencodableLatin1 = (text: string) => unencodableIn('latin1', text);
export const unencodableAscii = (text: string) => unencodableIn('ascii', text);

/** UTF-16BE, surrogate pairs as they are: what SMPP calls UCS2 (data_coding 8). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** UTF-16BE to text; a dangling odd octet becomes U+FFFD. */
export function decodeUcs2(bytes: Buffer): string {
  const even = bytes.length - (bytes.length % 2);
  const text = Buffer.from(bytes.subarray(0, even)).swap16().toString('utf16le');
  return even === bytes.length ? text : text + '\uFFFD';
}
