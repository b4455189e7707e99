// planMessage answers one-part plain-ASCII texts without the general per-character path. Its
// result must be the one the GSM table gives: checked against encodeGsm7 over many random texts.
import { expect, it } from 'vitest';
import { encodeGsm7, gsm7Length } from '../../src/sms/gsm7.js';
import { planMessage, type PlanOptions } from '../../src/sms/plan.js';

const OPTS: PlanOptions = {
  coding: 'auto', smscAlphabet: 'gsm7', split: 'udh8', maxParts: 10, flash: false, transliterate: false, ref: 7,
};
// Every printable ASCII character plus CR and LF: the fast path takes some, the general path the
// rest (backtick is not GSM: UCS2; [ \ ] ^ { | } ~ are extension characters: two septets).
const ALPHABET = '\n\r' + Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function seeded(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

it('plain ASCII texts of 1..160 characters plan exactly as the GSM table says', () => {
  const random = seeded(42);
  for (let n = 0; n < 500; n++) {
    const length = 1 + Math.floor(random() * 160);
    // Mostly the fast path's characters; now and then one that is not (` [ ~ ...).
    const pool = random() < 0.8 ? ALPHABET.replace(/[`[\\\]^{|}~]/g, '') : ALPHABET;
    const text = Array.from({ length }, () => pool[Math.floor(random() * pool.length)]).join('');
    const plan = planMessage({ text }, OPTS);
    if (text.includes('`')) {
      expect(plan.encoding, JSON.stringify(text)).toBe('ucs2');
      continue;
    }
    const units = gsm7Length(text);
    expect(plan.encoding).toBe('gsm7');
    expect(plan.dataCoding).toBe(0);
    expect(plan.chars).toBe(length);
    expect(plan.units).toBe(units);
    if (units > 160) continue;
    expect(plan.parts).toHaveLength(1);
    expect(plan.parts[0]!.esmClass).toBe(0);
    expect(plan.parts[0]!.udh).toBeUndefined();
    expect(plan.parts[0]!.shortMessage.toString('hex'), JSON.stringify(text)).toBe(encodeGsm7(text).toString('hex'));
  }
});

it.each([
  ['@ $ _', '0020022011'],
  ['a\r\nb', '610d0a62'],
])('%j -> %s', (text, hex) => {
  expect(planMessage({ text }, OPTS).parts[0]!.shortMessage.toString('hex')).toBe(hex);
});

it.each([
  ['flash', { flash: true }, 0x10],
  ['Latin-1 SMSC alphabet', { smscAlphabet: 'latin1' as const }, 0x00],
  ['forced ucs2', { coding: 'ucs2' as const }, 0x08],
])('options the fast path does not cover still plan right: %s', (_, extra, dataCoding) => {
  expect(planMessage({ text: 'Hello' }, { ...OPTS, ...extra }).dataCoding).toBe(dataCoding);
});
