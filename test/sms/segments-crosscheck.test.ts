// Part counts checked against an independent implementation, Twilio's sms-segments-calculator
// (pinned devDependency), over the same texts the plan tests use (udh8, the 8-bit-reference UDH
// it also assumes). Where the two disagree, the row says who is right and why.
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { planMessage, type PlanOptions } from '../../src/sms/plan.js';

const OPTS: PlanOptions = {
  coding: 'auto', smscAlphabet: 'gsm7', split: 'udh8', maxParts: 255, flash: false, transliterate: false, ref: 1,
};
const a = (n: number) => 'a'.repeat(n);
const zh = (n: number) => 'ж'.repeat(n);

const ours = (text: string) => {
  const p = planMessage({ text }, OPTS);
  return { encoding: p.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2', parts: p.parts.length };
};
const theirs = (text: string) => {
  const m = new SegmentedMessage(text);
  return { encoding: m.getEncodingName(), parts: m.segmentsCount };
};

describe('agreement with sms-segments-calculator', () => {
  it.each([
    ['Hello', 'short GSM'],
    [a(160), '160 septets'],
    [a(161), '161 septets'],
    [a(153 * 2), 'two full parts'],
    [a(153 * 2 + 1), 'one septet more'],
    [a(151) + '€' + a(10), '€ at septets 152-153'],
    [a(152) + '€' + a(10), '€ at septets 153-154 moves'],
    [a(152) + '€' + a(152), 'the moved € costs a third part'],
    ['€[~'.repeat(27) + a(1), '€ [ ~ mix'],
    ['{}'.repeat(80), '160 septets of extension pairs'],
    ['{}'.repeat(80) + 'a', '161 septets of extension pairs'],
    ['ΔΦΓΛΩΠΨΣΘΞ', 'Greek capitals in GSM'],
    ['αβγ', 'lower-case Greek'],
    ['garçon', 'ç'],
    ['a`b', 'backtick'],
    ['a\tb', 'tab'],
    ['line one\r\nline two', 'CRLF'],
    [zh(70), '70 UCS2 units'],
    [zh(71), '71 UCS2 units'],
    [zh(65) + '😀' + zh(10), 'emoji at units 66-67'],
    [zh(66) + '😀' + zh(10), 'emoji at units 67-68'],
    [zh(66) + '😀' + zh(66), 'the moved emoji costs a third part'],
    ['مرحبا بالعالم'.repeat(6), 'Arabic'],
    ['Привет, мир! '.repeat(7), 'Cyrillic'],
    ['नमस्ते दुनिया '.repeat(6), 'Hindi with combining marks'],
    ['你好世界'.repeat(20), 'CJK'],
  ])('%#: %s', (text) => {
    expect(ours(text)).toEqual(theirs(text));
  });
});

describe('where they disagree', () => {
  // sms-segments-calculator never splits a grapheme cluster; we split between code points
  // (never inside a surrogate pair). 3GPP TS 23.040 §9.2.3.24.1: concatenation joins the
  // parts' user data into one message before it is shown, so a base letter and its combining
  // mark in adjacent parts display together; what must not be cut is a UTF-16 surrogate pair
  // (some handsets decode each part alone, and half a pair is no character at all). We are
  // right by the spec and save a part; the calculator is more cautious than it needs to be.
  it('a Devanagari cluster straddling a part boundary: we need 2 parts, it counts 3', () => {
    const text = zh(66) + 'ते' + zh(66); // त + vowel sign े at units 67-68, 134 units in all
    expect(ours(text)).toEqual({ encoding: 'UCS-2', parts: 2 });
    expect(theirs(text)).toEqual({ encoding: 'UCS-2', parts: 3 });
  });

  it('an emoji ZWJ sequence straddling a boundary: we cut between its code points, it does not', () => {
    const family = '👩‍👩‍👧'; // 3 emoji (2 units each) joined by 2 ZWJs: 8 units
    const text = zh(61) + family + zh(65); // units 62-69: we cut after the second ZWJ (unit 67)
    expect(ours(text)).toEqual({ encoding: 'UCS-2', parts: 2 });
    expect(theirs(text)).toEqual({ encoding: 'UCS-2', parts: 3 });
  });
});
