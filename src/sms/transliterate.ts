// Look-alike replacements that let a text stay in a single-octet alphabet (GSM 7-bit by default)
// instead of falling back to UCS2, which halves what fits in an SMS. Only characters the target
// alphabet cannot carry are touched, and only when the replacement fits the target completely.
//
// Choices, for the record:
// - `ç` -> `c`, not `Ç`: GSM has only the capital (0x09). A lower-case word with a capital in
//   the middle ("garÇon") reads as a glitch; a missing cedilla ("garcon") reads as text.
//   The same rule for every accented letter without a GSM twin: drop the accent, keep the case
//   (`á` -> `a`, `È` -> `E`; never `È` -> `É`, which would change the accent, not drop it).
// - bullet `•` -> `-`: the way list items are typed without bullets.
// - Greek: capitals that look Latin become Latin (GSM has only the other ten capitals); small
//   letters become capitals, without tonos. All-capital Greek is how Greek is written in GSM SMS.
// - zero-width space, BOM and soft hyphen are dropped: they show nothing.
// - tab -> one space.
import { isGsm7Char } from './gsm7.js';

export interface Transliteration {
  text: string;
  changes: { from: string; to: string; index: number }[]; // index: code point in the input
}

const SINGLE_QUOTES = '‘’‚‛′‵ʹʻʼʽ´`';
const DOUBLE_QUOTES = '“”„‟″‶«»';
const DASHES = '‐‑‒–—―−⁃';
const SPACES = '\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000';
const INVISIBLE = '\u200b\u2060\ufeff\u00ad';

/** Explicit replacements; anything else falls back to "the letter without its accents". */
const MAP: ReadonlyMap<string, string> = new Map<string, string>([
  ...[...SINGLE_QUOTES].map((c) => [c, "'"] as const),
  ...[...DOUBLE_QUOTES].map((c) => [c, '"'] as const),
  ...[...DASHES].map((c) => [c, '-'] as const),
  ...[...SPACES].map((c) => [c, ' '] as const),
  ...[...INVISIBLE].map((c) => [c, ''] as const),
  ['…', '...'], ['•', '-'], ['·', '.'], ['‹', '<'], ['›', '>'],
  ['ˆ', '^'], ['˜', '~'], ['¦', '|'], ['×', 'x'], ['÷', '/'], ['⁄', '/'],
  ['™', 'TM'], ['©', '(c)'], ['®', '(R)'], ['€', 'EUR'], ['¢', 'c'], ['°', 'o'],
  ['½', '1/2'], ['¼', '1/4'], ['¾', '3/4'], ['¹', '1'], ['²', '2'], ['³', '3'],
  ['\u2028', '\n'], ['\u2029', '\n'], ['\u0085', '\n'],
  // letters that have no decomposition to strip
  ['ł', 'l'], ['Ł', 'L'], ['đ', 'd'], ['Đ', 'D'], ['ð', 'd'], ['Ð', 'D'], ['ı', 'i'],
  ['œ', 'oe'], ['Œ', 'OE'], ['þ', 'th'], ['Þ', 'Th'], ['ŋ', 'n'], ['ħ', 'h'], ['Ħ', 'H'], ['ŧ', 't'],
  // Greek capitals that look like Latin letters (the others are in GSM)
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'],
  ['Ν', 'N'], ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'],
]);

const COMBINING = /\p{M}/gu;
const GREEK = /^[\u0370-\u03ff\u1f00-\u1fff]$/u;

/** The first candidate replacement of `char` that fits, or undefined. */
function replacement(char: string, fits: (char: string) => boolean): string | undefined {
  const candidates: string[] = [];
  const mapped = MAP.get(char);
  if (mapped !== undefined) candidates.push(mapped);
  const bare = char.normalize('NFD').replace(COMBINING, '').normalize('NFC');
  if (bare && bare !== char) candidates.push(bare, MAP.get(bare) ?? bare);
  if (GREEK.test(char)) {
    // Greek small letters (and final sigma) to capitals without tonos, then to GSM or Latin.
    const upper = (bare || char).toUpperCase();
    candidates.push(upper, MAP.get(upper) ?? upper);
  }
  return candidates.find((c) => [...c].every(fits));
}

/**
 * Replace characters that `fits` refuses (default: not GSM 7-bit) by look-alikes that fit.
 * Characters without a fitting look-alike are left as they are (the caller reports them).
 */
export function transliterate(text: string, fits: (char: string) => boolean = isGsm7Char): Transliteration {
  let out = '';
  const changes: Transliteration['changes'] = [];
  let index = 0;
  for (const char of text) {
    const to = fits(char) ? undefined : replacement(char, fits);
    if (to === undefined) {
      out += char;
    } else {
      out += to;
      changes.push({ from: char, to, index });
    }
    index++;
  }
  return { text: out, changes };
}

/** Whether `char` has a look-alike that fits (to suggest --transliterate only when it helps). */
export function canTransliterate(char: string, fits: (char: string) => boolean = isGsm7Char): boolean {
  return !fits(char) && replacement(char, fits) !== undefined;
}
