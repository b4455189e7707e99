import { describe, expect, it } from 'vitest';
import { printable, showChar } from '../../src/sms/visible.js';

describe('showChar: invisible characters by code point and name', () => {
  it.each([
    ['ж', '"ж"'],
    ['😀', '"😀"'],
    [' ', '" "'],
    ['\t', 'U+0009 (tab)'],
    ['\u00a0', 'U+00A0 (no-break space)'],
    ['\u200d', 'U+200D (zero width joiner)'],
    ['\u200b', 'U+200B (zero width space)'],
    ['\ufeff', 'U+FEFF (zero width no-break space (BOM))'],
    ['\u202e', 'U+202E'],
    ['\u0007', 'U+0007'],
  ])('%j -> %s', (ch, shown) => expect(showChar(ch)).toBe(shown));
});

describe('printable: what a terminal would obey, escaped', () => {
  it.each([
    ['abc-123', 'abc-123'],
    ['Grüße 😀 ж', 'Grüße 😀 ж'],
    ['id\u001b[2J\u001b[H', 'id\\x1b[2J\\x1b[H'], // clear screen, cursor home
    ['UNDELIV\rDELIVRD', 'UNDELIV\\x0dDELIVRD'], // a carriage return that rewrites the line
    ['a\nb', 'a\\x0ab'],
    ['\u009b2K', '\\x9b2K'], // C1 CSI
    ['\u007f', '\\x7f'],
    ['DVILED\u202e', 'DVILED\\u202e'], // right-to-left override
    ['\u2066x\u2069', '\\u2066x\\u2069'],
    ['tab\there', 'tab\\x09here'],
  ])('%j -> %j', (text, out) => expect(printable(text)).toBe(out));
});
