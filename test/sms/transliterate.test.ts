import { describe, expect, it } from 'vitest';
import { inAlphabet } from '../../src/sms/alphabets.js';
import { isGsm7Char, unencodableGsm7 } from '../../src/sms/gsm7.js';
import { canTransliterate, transliterate } from '../../src/sms/transliterate.js';

describe('transliterate to GSM', () => {
  it.each([
    ['‘single’ ‚low‛', "'single' 'low'"],
    ['“double” „low‟ «guillemets»', '"double" "low" "guillemets"'],
    ['a–b—c‐d‑e‒f−g', 'a-b-c-d-e-f-g'],
    ['wait…', 'wait...'],
    ['a\u00a0b\u2009c\u202fd\u3000e\tf', 'a b c d e f'],
    ['• one', '- one'],
    ['zero\u200bwidth\ufeff soft\u00adhyphen', 'zerowidth softhyphen'],
    ['garçon', 'garcon'], // c, not Ç: keep the case (see the header of transliterate.ts)
    ['ÇA', 'ÇA'], // already GSM: untouched
    ['áíóú âêîôû ãõ ëïÿ', 'aiou aeiou ao eiy'],
    ['ÀÁÂÃ ÈÊË ÌÍÎÏ ÒÓÔÕ ÙÚÛ Ý', 'AAAA EEE IIII OOOO UUU Y'],
    ['èéùìòà ÄÖÑÜÅÆØ', 'èéùìòà ÄÖÑÜÅÆØ'], // GSM has these: untouched
    ['Łódź', 'Lodz'],
    ['Œuvre', 'OEuvre'],
    ['`code`', "'code'"],
    ['™ © ®', 'TM (c) (R)'],
    ['ΑΒΓΔ', 'ABΓΔ'], // Greek capitals: Latin look-alikes or the GSM capitals
    ['καλημέρα', 'KAΛHMEPA'], // small Greek to capitals without tonos
    ['ς', 'Σ'],
  ])('%j -> %j', (input, output) => {
    const t = transliterate(input);
    expect(t.text).toBe(output);
    expect(unencodableGsm7(t.text)).toEqual([]);
  });

  it.each([['😀'], ['Привет'], ['你好'], ['مرحبا']])('leaves what it cannot map: %j', (input) => {
    expect(transliterate(input)).toEqual({ text: input, changes: [] });
  });

  it('reports each change with its code-point index in the input', () => {
    expect(transliterate('😀 “a” …').changes).toEqual([
      { from: '“', to: '"', index: 2 },
      { from: '”', to: '"', index: 4 },
      { from: '…', to: '...', index: 6 },
    ]);
  });

  it('changes only characters that are not GSM', () => {
    const all = [...Array(0x250).keys()].map((c) => String.fromCodePoint(c)).join('');
    for (const change of transliterate(all).changes) expect(isGsm7Char(change.from)).toBe(false);
  });
});

describe('transliterate to another target', () => {
  const latin1 = (ch: string) => inAlphabet('latin1', ch);
  const ascii = (ch: string) => inAlphabet('ascii', ch);
  it.each([
    ['5 € – ok', latin1, '5 EUR - ok'],
    ['café ç', latin1, 'café ç'], // Latin-1 has them
    ['café ç £', ascii, 'cafe c £'], // £ has no ASCII look-alike: left for the caller to report
  ])('%j -> %j', (input, fits, output) => {
    expect(transliterate(input, fits).text).toBe(output);
  });

  it('canTransliterate says whether suggesting --transliterate would help', () => {
    expect(canTransliterate('ç')).toBe(true);
    expect(canTransliterate('😀')).toBe(false);
    expect(canTransliterate('a')).toBe(false); // nothing to do
  });
});
