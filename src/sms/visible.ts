// Characters a person cannot see, made visible; characters a terminal obeys, made harmless.
//
// - showChar: how one character is named in a message about the text ("UCS-2 because of ...",
//   "cannot be sent as GSM ..."). A tab, a no-break space or a zero-width joiner printed as
//   itself looks like nothing or like a space, so those are shown as their code point and name.
// - printable: text from outside (the SMSC's message ids, receipt fields, status text, MO text;
//   file names and rows) before it reaches a terminal. A hostile SMSC could otherwise clear the
//   screen (ESC sequences), rewrite a line (CR) or reverse its reading order (bidi overrides),
//   so that a failure reads as a success. Control and bidi characters become \xHH / \uHHHH,
//   as --json and --debug already render them; everything else is kept.

const NAMES: Readonly<Record<string, string>> = {
  '\t': 'tab',
  '\n': 'line feed',
  '\r': 'carriage return',
  '\u00a0': 'no-break space',
  '\u00ad': 'soft hyphen',
  '\u034f': 'combining grapheme joiner',
  '\u061c': 'arabic letter mark',
  '\u180e': 'mongolian vowel separator',
  '\u2007': 'figure space',
  '\u2009': 'thin space',
  '\u200a': 'hair space',
  '\u200b': 'zero width space',
  '\u200c': 'zero width non-joiner',
  '\u200d': 'zero width joiner',
  '\u200e': 'left-to-right mark',
  '\u200f': 'right-to-left mark',
  '\u2028': 'line separator',
  '\u2029': 'paragraph separator',
  '\u202f': 'narrow no-break space',
  '\u2060': 'word joiner',
  '\u3000': 'ideographic space',
  '\ufeff': 'zero width no-break space (BOM)',
};

/** Invisible or look-alike-of-space: controls, format characters, separators other than " ". */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\u034f\u115f\u1160\u3164\uffa0]$/u;

/** `"ж"`, or `U+200D (zero width joiner)` for a character one cannot see. */
export function showChar(ch: string): string {
  if (ch === ' ' || !INVISIBLE.test(ch)) return JSON.stringify(ch);
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[ch];
  return name ? `${code} (${name})` : code;
}

/** C0/C1 controls, DEL, and the bidi embedding/override/isolate characters and marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every character a terminal would act on written as an escape (\x1b, \u202e). */
export function printable(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (ch) => {
    const n = ch.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}
