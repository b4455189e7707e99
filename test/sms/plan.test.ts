import { describe, expect, it } from 'vitest';
import { TextError } from '../../src/errors.js';
import { decodeText } from '../../src/sms/decode.js';
import { planMessage, type MessagePlan, type PlanOptions } from '../../src/sms/plan.js';

const BASE: PlanOptions = {
  coding: 'auto', smscAlphabet: 'gsm7', split: 'udh8', maxParts: 10, flash: false, transliterate: false, ref: 0x1234,
};
const plan = (text: string, opts: Partial<PlanOptions> = {}) => planMessage({ text }, { ...BASE, ...opts });
const a = (n: number) => 'a'.repeat(n);
const zh = (n: number) => 'ж'.repeat(n); // Cyrillic: UCS2, one unit each

/** The text the parts carry, decoded back: every plan must round-trip. */
function carried(p: MessagePlan, smsc: PlanOptions['smscAlphabet'] = 'gsm7'): string {
  return p.parts
    .map((part) => decodeText((part.tlvs.message_payload as Buffer | undefined) ?? part.payload, p.dataCoding, smsc))
    .join('');
}

describe('encoding choice (auto)', () => {
  it.each([
    ['Hello', 'gsm7', 0x00, 5, 5, []],
    ['€[~', 'gsm7', 0x00, 3, 6, []],
    ['ΔΦΓΛΩΠΨΣΘΞ', 'gsm7', 0x00, 10, 10, []], // the Greek capitals GSM has
    ['a\r\nb', 'gsm7', 0x00, 4, 4, []], // CR and LF are GSM
    ['cafe\u0301', 'gsm7', 0x00, 4, 4, []], // decomposed é, NFC makes it the GSM é
    ['Ça va', 'gsm7', 0x00, 5, 5, []],
    ['δφγ', 'ucs2', 0x08, 3, 3, [['δ', 0], ['φ', 1], ['γ', 2]]], // lower-case Greek is not GSM
    ['garçon', 'ucs2', 0x08, 6, 6, [['ç', 3]]],
    ['a`b', 'ucs2', 0x08, 3, 3, [['`', 1]]],
    ['a\tb', 'ucs2', 0x08, 3, 3, [['\t', 1]]], // tab is not GSM: UCS2 unless --transliterate
    ['مرحبا', 'ucs2', 0x08, 5, 5, [['م', 0], ['ر', 1], ['ح', 2], ['ب', 3], ['ا', 4]]],
    ['Привет', 'ucs2', 0x08, 6, 6, [...'Привет'].map((c, i) => [c, i])],
    ['नमस्ते', 'ucs2', 0x08, 6, 6, [...'नमस्ते'].map((c, i) => [c, i])], // 6 code points, 2 of them combining
    ['你好', 'ucs2', 0x08, 2, 2, [['你', 0], ['好', 1]]],
    ['ok 😀', 'ucs2', 0x08, 4, 5, [['😀', 3]]], // one code point, two UTF-16 units
  ])('%j -> %s dc %i, %i chars, %i units', (text, encoding, dataCoding, chars, units, because) => {
    const p = plan(text);
    expect({ encoding: p.encoding, dataCoding: p.dataCoding, chars: p.chars, units: p.units }).toEqual({
      encoding, dataCoding, chars, units,
    });
    const expected = (because as [string, number][]).map(([char, index]) => ({ char, index }));
    expect(p.ucs2Because).toEqual(expected.length ? expected : undefined);
    expect(p.parts).toHaveLength(1);
    expect(carried(p)).toBe(text.normalize('NFC'));
  });

  it('sends GSM text as unpacked GSM octets with no UDH', () => {
    const p = plan('@£€');
    expect(p.parts[0]).toEqual({ shortMessage: Buffer.from('00011b65', 'hex'), esmClass: 0, tlvs: {}, payload: Buffer.from('00011b65', 'hex') });
  });

  it('sends UCS2 as UTF-16BE with surrogate pairs', () => {
    expect(plan('é😀ç').parts[0]!.shortMessage.toString('hex')).toBe('00e9d83dde0000e7');
  });
});

describe('segmentation (units, never bytes)', () => {
  // [name, text, split, unit counts per part]
  const units = (p: MessagePlan) =>
    p.parts.map((part) => (p.encoding === 'ucs2' ? part.payload.length / 2 : part.payload.length));
  it.each([
    ['160 GSM septets fit one SMS', a(160), 'udh8', [160]],
    ['161 septets need two parts of 153', a(161), 'udh8', [153, 8]],
    ['udh16 parts hold 152', a(161), 'udh16', [152, 9]],
    ['sar parts hold 152 (the SMSC adds a 16-bit-ref UDH)', a(161), 'sar', [152, 9]],
    ['459 septets: three full parts', a(459), 'udh8', [153, 153, 153]],
    ['€ as septets 152-153 fits the first part', a(151) + '€' + a(10), 'udh8', [153, 10]],
    ['€ as septets 153-154 moves whole to the next part', a(152) + '€' + a(10), 'udh8', [152, 12]],
    ['€ as septets 152-153 with udh16 moves whole', a(151) + '€' + a(10), 'udh16', [151, 12]],
    ['mix of € [ ~ counts two each', '€[~'.repeat(27) + a(1), 'udh8', [152, 11]],
    ['70 UCS2 units fit one SMS', zh(70), 'udh8', [70]],
    ['71 UCS2 units need parts of 67', zh(71), 'udh8', [67, 4]],
    ['71 UCS2 units, udh16 parts of 66', zh(71), 'udh16', [66, 5]],
    ['emoji as units 66-67 fits the first part', zh(65) + '😀' + zh(10), 'udh8', [67, 10]],
    ['emoji as units 67-68 moves whole (no split surrogate)', zh(66) + '😀' + zh(10), 'udh8', [66, 12]],
    ['an emoji that makes 71 units', zh(69) + '😀', 'udh8', [67, 4]],
  ] as const)('%s', (_name, text, split, expected) => {
    const p = plan(text, { split });
    expect(units(p)).toEqual(expected);
    expect(carried(p)).toBe(text);
  });

  it('the 153rd septet of a part is never half an ESC pair', () => {
    const p = plan(a(152) + '€' + a(10));
    expect(p.parts[0]!.payload.at(-1)).toBe(0x61);
    expect(p.parts[1]!.payload.subarray(0, 2).toString('hex')).toBe('1b65');
  });

  it('a surrogate pair is never cut', () => {
    const p = plan(zh(66) + '😀' + zh(10));
    expect(p.parts[1]!.payload.subarray(0, 4).toString('hex')).toBe('d83dde00');
  });
});

describe('concatenation fields', () => {
  it('udh8: 05 00 03 REF TOTAL SEQ, esm_class 0x40', () => {
    const p = plan(a(161), { ref: 0x1234 });
    expect(p.parts.map((x) => x.udh!.toString('hex'))).toEqual(['050003340201', '050003340202']);
    expect(p.parts.map((x) => x.esmClass)).toEqual([0x40, 0x40]);
    expect(p.parts[0]!.shortMessage).toEqual(Buffer.concat([p.parts[0]!.udh!, p.parts[0]!.payload]));
    expect(p.parts[0]!.tlvs).toEqual({});
  });

  it('udh16: 06 08 04 REFHI REFLO TOTAL SEQ', () => {
    const p = plan(a(400), { split: 'udh16', ref: 0xabcd });
    expect(p.parts.map((x) => x.udh!.toString('hex'))).toEqual(['060804abcd0301', '060804abcd0302', '060804abcd0303']);
  });

  it('sar: TLVs, no UDH, esm_class 0', () => {
    const p = plan(a(161), { split: 'sar', ref: 0xabcd });
    expect(p.parts.map((x) => [x.tlvs, x.esmClass, x.udh])).toEqual([
      [{ sar_msg_ref_num: 0xabcd, sar_total_segments: 2, sar_segment_seqnum: 1 }, 0, undefined],
      [{ sar_msg_ref_num: 0xabcd, sar_total_segments: 2, sar_segment_seqnum: 2 }, 0, undefined],
    ]);
    expect(p.parts[0]!.shortMessage).toEqual(Buffer.from(a(152)));
  });

  it('payload: one submit, empty short_message, every octet in message_payload', () => {
    const p = plan(a(400) + '€', { split: 'payload' });
    expect(p.parts).toHaveLength(1);
    expect(p.parts[0]!.shortMessage).toHaveLength(0);
    expect(p.parts[0]!.esmClass).toBe(0);
    expect((p.parts[0]!.tlvs.message_payload as Buffer).toString('hex')).toBe('61'.repeat(400) + '1b65');
    expect(p.airParts).toBe(3);
    expect(carried(p)).toBe(a(400) + '€');
  });

  it.each(['udh8', 'udh16', 'sar', 'payload', 'none'] as const)('%s: a message that fits one SMS has no concatenation info', (split) => {
    const p = plan(a(160), { split });
    expect(p.parts).toEqual([{ shortMessage: Buffer.from(a(160)), esmClass: 0, tlvs: {}, payload: Buffer.from(a(160)) }]);
  });
});

describe('limits', () => {
  it('255 parts is the most there can be', () => {
    expect(plan(a(153 * 255), { maxParts: 255 }).parts).toHaveLength(255);
    expect(() => plan(a(153 * 255 + 1), { maxParts: 255 })).toThrow(
      /needs 256 parts \(39016 septets at 153 per part\); SMS concatenation allows at most 255/,
    );
  });

  it.each([
    ['udh8', a(153 * 3), 2, 'the message needs 3 parts (459 septets at 153 per part) but --max-parts is 2; shorten it or raise --max-parts'],
    ['udh16', zh(200), 3, 'the message needs 4 parts (200 UCS2 units at 66 per part) but --max-parts is 3; shorten it or raise --max-parts'],
    ['payload', a(1000), 5, 'the message needs 7 parts (1000 septets at 153 per part) but --max-parts is 5; shorten it or raise --max-parts'],
    ['none', a(161), 10, 'the message needs 2 parts (161 septets at 153 per part) but --split none sends one; use --split udh8 (or sar, payload) or shorten it'],
  ] as const)('%s over the limit', (split, text, maxParts, message) => {
    expect(() => plan(text, { split, maxParts })).toThrow(new TextError(message));
  });

  it('payload: the SMSC cannot make more than 255 SMS of it either', () => {
    expect(() => plan(zh(40000), { split: 'payload', maxParts: 255 })).toThrow(/needs 598 parts .* at most 255/);
  });
});

describe('forced codings and refusals', () => {
  it.each([
    ['', {}, 'the text is empty; give --text "..." or pipe the text on stdin'],
    ['garçon `x`', { coding: 'gsm7' }, 'text cannot be sent as gsm7: "ç" at 4, "`" at 8, "`" at 10; use --coding ucs2 or --transliterate'],
    ['a😀', { coding: 'gsm7' }, 'text cannot be sent as gsm7: "😀" at 2; use --coding ucs2'],
    ['a😀', { coding: 'gsm7', transliterate: true }, 'text cannot be sent as gsm7: "😀" at 2; use --coding ucs2'],
    ['5€', { coding: 'latin1' }, 'text cannot be sent as latin1: "€" at 2; use --coding ucs2 or --transliterate'],
    ['café', { coding: 'ascii' }, 'text cannot be sent as ascii: "é" at 4; use --coding ucs2 or --transliterate'],
    ['a\u00a0b\u200dc', { coding: 'gsm7' }, 'text cannot be sent as gsm7: U+00A0 (no-break space) at 2, U+200D (zero width joiner) at 4; use --coding ucs2 or --transliterate'],
    ['Δ5€', { coding: 'gsm7', smscAlphabet: 'latin1' },
      'text cannot be sent as gsm7 through an SMSC whose default alphabet is latin1 (--smsc-alphabet): "Δ" at 1, "€" at 3; use --coding ucs2 or --transliterate'], // € -> EUR
    ['hi', { coding: 'latin1', flash: true }, '--flash needs --coding gsm7 or ucs2 (or auto), not latin1'],
    ['hi', { coding: 'ascii', flash: true }, '--flash needs --coding gsm7 or ucs2 (or auto), not ascii'],
    ['hi', { maxParts: 0 }, '--max-parts 0 is not a positive whole number; give 1..255'],
    ['hi', { ref: 70000 }, 'concatenation reference 70000 is outside 0..65535'],
  ] as const)('%j %o', (text, opts, message) => {
    expect(() => plan(text, opts as Partial<PlanOptions>)).toThrow(new TextError(message));
  });

  it('lists at most ten offenders', () => {
    expect(() => plan('ç'.repeat(12), { coding: 'gsm7' })).toThrow(/"ç" at 10, and 2 more; use/);
  });

  it.each([
    ['latin1', 'gsm7', 'café ç', 0x03],
    ['latin1', 'latin1', 'café ç', 0x00], // the SMSC default is Latin-1 anyway
    ['ascii', 'gsm7', 'Hello_@`', 0x01],
    ['ascii', 'ascii', 'Hello_@`', 0x00],
    ['ucs2', 'gsm7', 'Hello', 0x08],
  ] as const)('coding %s, smsc %s: %j -> dc %i', (coding, smscAlphabet, text, dataCoding) => {
    const p = plan(text, { coding, smscAlphabet });
    expect([p.encoding, p.dataCoding]).toEqual([coding, dataCoding]);
    expect(carried(p, smscAlphabet)).toBe(text);
  });

  it('latin1 counts octets: 141 characters need two parts of 134', () => {
    expect(plan('é'.repeat(141), { coding: 'latin1' }).parts.map((x) => x.payload.length)).toEqual([134, 7]);
  });
});

describe('smscAlphabet: what data_coding 0 means at the SMSC', () => {
  it('GSM text goes as Latin-1 octets with dc 0 to a Latin-1 SMSC', () => {
    const p = plan('Hi_@ {x} £', { smscAlphabet: 'latin1' });
    expect([p.encoding, p.dataCoding]).toEqual(['gsm7', 0x00]);
    expect(p.parts[0]!.payload.toString('latin1')).toBe('Hi_@ {x} £');
    expect(p.units).toBe(12); // { and } still cost two septets on the air
    expect(carried(p, 'latin1')).toBe('Hi_@ {x} £');
  });

  it('counts septets while sending octets: { at septets 153-154 moves to the next part', () => {
    const p = plan(a(152) + '{' + a(10), { smscAlphabet: 'latin1' });
    expect(p.parts.map((x) => x.payload.length)).toEqual([152, 11]);
  });

  it.each([
    ['latin1', '5€', [['€', 1]]],
    ['latin1', 'ΔΣ', [['Δ', 0], ['Σ', 1]]],
    ['ascii', 'café £', [['é', 3], ['£', 5]]],
  ] as const)('a %s SMSC: GSM characters it lacks force UCS2 (%j)', (smscAlphabet, text, because) => {
    const p = plan(text, { smscAlphabet });
    expect(p.encoding).toBe('ucs2');
    expect(p.ucs2Because).toEqual(because.map(([char, index]) => ({ char, index })));
  });

  it('a Latin-1 character outside GSM still goes UCS2 in auto (Latin-1 only on request)', () => {
    expect(plan('garçon', { smscAlphabet: 'latin1' }).encoding).toBe('ucs2');
  });
});

describe('flash', () => {
  it.each([
    ['Hi', 'gsm7', 0x10, '4869'],
    ['@€', 'latin1', 0x10, '001b65'], // dc 0x10 names GSM 7-bit, so GSM octets whatever the SMSC default
    ['ж', 'gsm7', 0x18, '0436'],
  ] as const)('%j (smsc %s) -> dc 0x%s', (text, smscAlphabet, dataCoding, hex) => {
    const p = plan(text, { flash: true, smscAlphabet });
    expect(p.dataCoding).toBe(dataCoding);
    expect(p.parts[0]!.payload.toString('hex')).toBe(hex);
    expect(carried(p, smscAlphabet)).toBe(text);
  });
  it('forced ucs2 flash is 0x18', () => {
    expect(plan('Hi', { coding: 'ucs2', flash: true }).dataCoding).toBe(0x18);
  });
});

describe('transliteration', () => {
  it('replaces look-alikes and stays GSM', () => {
    const p = plan('“Hi” – ok…\tgarçon', { transliterate: true });
    expect(p.encoding).toBe('gsm7');
    expect(carried(p)).toBe('"Hi" - ok... garcon');
    expect(p.transliterated).toEqual([
      { from: '“', to: '"', index: 0 },
      { from: '”', to: '"', index: 3 },
      { from: '–', to: '-', index: 5 },
      { from: '…', to: '...', index: 9 },
      { from: '\t', to: ' ', index: 10 },
      { from: 'ç', to: 'c', index: 14 },
    ]);
    expect(p.chars).toBe(19);
  });

  it('when the text still needs UCS2, the original text is sent', () => {
    const p = plan('“Hi” 😀', { transliterate: true });
    expect(p.encoding).toBe('ucs2');
    expect(carried(p)).toBe('“Hi” 😀');
    expect(p.transliterated).toBeUndefined();
    expect(p.ucs2Because).toEqual([{ char: '😀', index: 5 }]);
  });

  it('forced gsm7 with --transliterate', () => {
    expect(carried(plan('a`b', { coding: 'gsm7', transliterate: true }))).toBe("a'b");
  });

  it('targets the SMSC alphabet: ASCII SMSC, é becomes e', () => {
    const p = plan('café', { smscAlphabet: 'ascii', transliterate: true });
    expect([p.encoding, p.dataCoding, carried(p, 'ascii')]).toEqual(['gsm7', 0, 'cafe']);
  });
});

describe('binary', () => {
  const bin = (hex: string, opts: Partial<PlanOptions> = {}) =>
    planMessage({ hex }, { ...BASE, coding: 'binary', ...opts });

  it('sends the octets with dc 4', () => {
    const p = bin('0A0b ff');
    expect([p.encoding, p.dataCoding, p.units]).toEqual(['binary', 0x04, 3]);
    expect(p.parts[0]!.shortMessage.toString('hex')).toBe('0a0bff');
  });

  it('a user UDH goes first, with esm_class 0x40', () => {
    const p = bin('cafe', { udh: Buffer.from('0605040b8423f0', 'hex') });
    expect(p.parts[0]!.shortMessage.toString('hex')).toBe('0605040b8423f0cafe');
    expect(p.parts[0]!.esmClass).toBe(0x40);
  });

  it('a long payload: the concatenation IE is merged into the user UDH', () => {
    const p = bin('ab'.repeat(300), { udh: Buffer.from('0605040b8423f0', 'hex'), ref: 0x42 });
    // 140 - (7 + 5) = 128 octets per part
    expect(p.parts.map((x) => x.payload.length)).toEqual([128, 128, 44]);
    expect(p.parts.map((x) => x.udh!.toString('hex'))).toEqual([
      '0b000342030105040b8423f0', '0b000342030205040b8423f0', '0b000342030305040b8423f0',
    ]);
  });

  it('binary split without user UDH uses 134-octet parts', () => {
    expect(bin('00'.repeat(141)).parts.map((x) => x.payload.length)).toEqual([134, 7]);
  });

  it.each([
    ['', {}, '--hex is empty; give the binary payload as hex digits, e.g. --hex 0a1b2c'],
    ['abc', {}, '--hex "abc": odd number of hex digits (3); give two digits per octet'],
    ['0g', {}, '--hex "0g": "g" is not a hex digit; use 0-9 and a-f only'],
    ['00', { udh: Buffer.from('050003', 'hex') }, '--udh 050003: the UDHL byte says 5 octets follow but 2 do; make the first byte 02'],
    ['00', { udh: Buffer.from('0300050a', 'hex') }, '--udh 0300050a: the IE at octet 1 runs past the end of the header'],
    ['00', { flash: true }, '--flash needs --coding gsm7 or ucs2 (or auto), not binary'],
    ['00'.repeat(300), { udh: Buffer.from('050003010201', 'hex') },
      '--udh 050003010201 already holds a concatenation IE, so the 3-part payload cannot be split again; send each part yourself with --split none'],
  ] as const)('refuses --hex %j %o', (hex, opts, message) => {
    expect(() => bin(hex, opts as Partial<PlanOptions>)).toThrow(new TextError(message));
  });

  it('refuses mixing text and binary', () => {
    expect(() => planMessage({ text: 'hi' }, { ...BASE, coding: 'binary' })).toThrow(/sends --hex, not --text/);
    expect(() => planMessage({ hex: '00' }, BASE)).toThrow(/--hex needs --coding binary/);
    expect(() => planMessage({ text: 'hi' }, { ...BASE, udh: Buffer.from('00', 'hex') })).toThrow(/--udh needs --coding binary/);
  });
});
