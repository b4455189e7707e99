// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1 and §6.2.1.1),
// written out as explicit Maps: no lookup string with filler characters, so a character that is
// not in the alphabet (a backtick, `ç`) is refused instead of silently becoming another one.
// SMPP carries GSM text unpacked, one septet per octet; the SMSC packs it for the air.

/** Escape to the extension table (0x1B): an extension character costs two septets. */
export const ESC = 0x1b;

/** Basic table: code -> character (0x1B is the escape, not a character). */
const BASIC: readonly (readonly [number, string])[] = [
  [0x00, '@'], [0x01, '£'], [0x02, '$'], [0x03, '¥'], [0x04, 'è'], [0x05, 'é'], [0x06, 'ù'], [0x07, 'ì'],
  [0x08, 'ò'], [0x09, 'Ç'], [0x0a, '\n'], [0x0b, 'Ø'], [0x0c, 'ø'], [0x0d, '\r'], [0x0e, 'Å'], [0x0f, 'å'],
  [0x10, 'Δ'], [0x11, '_'], [0x12, 'Φ'], [0x13, 'Γ'], [0x14, 'Λ'], [0x15, 'Ω'], [0x16, 'Π'], [0x17, 'Ψ'],
  [0x18, 'Σ'], [0x19, 'Θ'], [0x1a, 'Ξ'], [0x1c, 'Æ'], [0x1d, 'æ'], [0x1e, 'ß'], [0x1f, 'É'],
  [0x20, ' '], [0x21, '!'], [0x22, '"'], [0x23, '#'], [0x24, '¤'], [0x25, '%'], [0x26, '&'], [0x27, "'"],
  [0x28, '('], [0x29, ')'], [0x2a, '*'], [0x2b, '+'], [0x2c, ','], [0x2d, '-'], [0x2e, '.'], [0x2f, '/'],
  [0x30, '0'], [0x31, '1'], [0x32, '2'], [0x33, '3'], [0x34, '4'], [0x35, '5'], [0x36, '6'], [0x37, '7'],
  [0x38, '8'], [0x39, '9'], [0x3a, ':'], [0x3b, ';'], [0x3c, '<'], [0x3d, '='], [0x3e, '>'], [0x3f, '?'],
  [0x40, '¡'], [0x41, 'A'], [0x42, 'B'], [0x43, 'C'], [0x44, 'D'], [0x45, 'E'], [0x46, 'F'], [0x47, 'G'],
  [0x48, 'H'], [0x49, 'I'], [0x4a, 'J'], [0x4b, 'K'], [0x4c, 'L'], [0x4d, 'M'], [0x4e, 'N'], [0x4f, 'O'],
  [0x50, 'P'], [0x51, 'Q'], [0x52, 'R'], [0x53, 'S'], [0x54, 'T'], [0x55, 'U'], [0x56, 'V'], [0x57, 'W'],
  [0x58, 'X'], [0x59, 'Y'], [0x5a, 'Z'], [0x5b, 'Ä'], [0x5c, 'Ö'], [0x5d, 'Ñ'], [0x5e, 'Ü'], [0x5f, '§'],
  [0x60, '¿'], [0x61, 'a'], [0x62, 'b'], [0x63, 'c'], [0x64, 'd'], [0x65, 'e'], [0x66, 'f'], [0x67, 'g'],
  [0x68, 'h'], [0x69, 'i'], [0x6a, 'j'], [0x6b, 'k'], [0x6c, 'l'], [0x6d, 'm'], [0x6e, 'n'], [0x6f, 'o'],
  [0x70, 'p'], [0x71, 'q'], [0x72, 'r'], [0x73, 's'], [0x74, 't'], [0x75, 'u'], [0x76, 'v'], [0x77, 'w'],
  [0x78, 'x'], [0x79, 'y'], [0x7a, 'z'], [0x7b, 'ä'], [0x7c, 'ö'], [0x7d, 'ñ'], [0x7e, 'ü'], [0x7f, 'à'],
];

/** Extension table: code after ESC -> character. 0x0A is the page break (form feed). */
const EXTENSION: readonly (readonly [number, string])[] = [
  [0x0a, '\f'], [0x14, '^'], [0x28, '{'], [0x29, '}'], [0x2f, '\\'],
  [0x3c, '['], [0x3d, '~'], [0x3e, ']'], [0x40, '|'], [0x65, '€'],
];

export const GSM7_BASIC: ReadonlyMap<string, number> = new Map(BASIC.map(([code, ch]) => [ch, code]));
export const GSM7_EXTENSION: ReadonlyMap<string, number> = new Map(EXTENSION.map(([code, ch]) => [ch, code]));
const BASIC_BY_CODE: ReadonlyMap<number, string> = new Map(BASIC);
const EXTENSION_BY_CODE: ReadonlyMap<number, string> = new Map(EXTENSION);

/** Septets one character costs in GSM 7-bit: 1 (basic), 2 (extension), undefined (not GSM). */
export function gsm7Septets(char: string): 1 | 2 | undefined {
  if (GSM7_BASIC.has(char)) return 1;
  if (GSM7_EXTENSION.has(char)) return 2;
  return undefined;
}

export function isGsm7Char(char: string): boolean {
  return gsm7Septets(char) !== undefined;
}

/** Encode one character: [code] or [ESC, code]; undefined when the character is not GSM. */
export function encodeGsm7Char(char: string): number[] | undefined {
  const basic = GSM7_BASIC.get(char);
  if (basic !== undefined) return [basic];
  const ext = GSM7_EXTENSION.get(char);
  if (ext !== undefined) return [ESC, ext];
  return undefined;
}

/**
 * Characters GSM 7-bit cannot carry, with their code-point index in the NFC form of `text`
 * (NFC first, so a decomposed `é` (e + U+0301) counts as the GSM `é`).
 */
export function unencodableGsm7(text: string): { char: string; index: number }[] {
  const bad: { char: string; index: number }[] = [];
  let index = 0;
  for (const char of text.normalize('NFC')) {
    if (!isGsm7Char(char)) bad.push({ char, index });
    index++;
  }
  return bad;
}

/** Unpacked septets, one per octet; extension characters as ESC + code. Throws on a non-GSM character. */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  let index = 0;
  for (const char of text.normalize('NFC')) {
    const codes = encodeGsm7Char(char);
    if (!codes) {
      throw new RangeError(`${JSON.stringify(char)} at ${index} is not in the GSM 7-bit alphabet`);
    }
    out.push(...codes);
    index++;
  }
  return Buffer.from(out);
}

/** Length of `text` in septets (extension characters count 2). Throws on a non-GSM character. */
export function gsm7Length(text: string): number {
  let septets = 0;
  let index = 0;
  for (const char of text.normalize('NFC')) {
    const n = gsm7Septets(char);
    if (n === undefined) {
      throw new RangeError(`${JSON.stringify(char)} at ${index} is not in the GSM 7-bit alphabet`);
    }
    septets += n;
    index++;
  }
  return septets;
}

/**
 * Decode unpacked septets. Following 23.038 §6.2.1.1:
 * - ESC + a code with no extension character is shown as the basic-table character of that
 *   code ("the MS shall display the character shown in the main default 7 bit alphabet table");
 * - ESC ESC (reserved for a further extension table) is shown as a space, and so is a lone ESC
 *   at the very end (nothing follows to extend);
 * - octets above 0x7F cannot be septets: only the low 7 bits are read.
 */
export function decodeGsm7(buf: Buffer): string {
  let out = '';
  for (let i = 0; i < buf.length; i++) {
    const code = buf[i]! & 0x7f;
    if (code !== ESC) {
      out += BASIC_BY_CODE.get(code)!;
      continue;
    }
    if (i + 1 >= buf.length) {
      out += ' ';
      continue;
    }
    const next = buf[++i]! & 0x7f;
    if (next === ESC) out += ' ';
    else out += EXTENSION_BY_CODE.get(next) ?? BASIC_BY_CODE.get(next)!;
  }
  return out;
}
