// The probe's reading of how an SMSC writes receipts: TLVs, text or both, and the text variant.
import { describe, expect, it } from 'vitest';
import { receiptCarrier, receiptTextVariant } from '../../src/sms/receipt-variant.js';

describe('receiptCarrier', () => {
  it.each([
    [{ tlvId: '1', tlvState: 2, textId: '1', textStat: 'DELIVRD' }, 'both'],
    [{ tlvId: '1', tlvState: 2 }, 'tlv'],
    [{ tlvState: 2 }, 'tlv'],
    [{ textId: '1', textStat: 'DELIVRD' }, 'text'],
    [{ textStat: 'DELIVRD' }, 'text'],
    [{}, 'neither'],
  ])('%j is %s', (input, carrier) => expect(receiptCarrier(input)).toBe(carrier));
});

const STD = 'id:1234567 sub:001 dlvrd:001 submit date:2611301450 done date:2611301451 stat:DELIVRD err:000 text:hello there';

describe('receiptTextVariant', () => {
  it.each([
    [STD, 'Appendix B, 10-digit dates', []],
    [STD.replace(' text:hello there', ''), 'Appendix B without text, 10-digit dates', ['text']],
    [STD.replace('text:', 'Text:'), 'Appendix B, spelled Text, 10-digit dates', []],
    [STD.replace(/2611301450/, '261130145000').replace(/2611301451/, '261130145100'), 'Appendix B, 12-digit dates', []],
    ['id:1 submit_date:20261130145000 done_date:20261130145100 stat:DELIVRD err:000', 'partial (no sub, dlvrd, text), spelled submit_date, done_date, 14-digit dates', ['sub', 'dlvrd', 'text']],
    ['stat:DELIVRD id:1 err:000 sub:001 dlvrd:001 submit date:2611301450 done date:2611301451 text:x', 'Appendix B, reordered, 10-digit dates', []],
    ['id:1 stat:DELIVRD', 'partial (no sub, dlvrd, submit date, done date, err, text)', ['sub', 'dlvrd', 'submit date', 'done date', 'err', 'text']],
  ])('%j: %s', (text, name, missing) => {
    const v = receiptTextVariant(text)!;
    expect(v.name).toBe(name);
    expect(v.missing).toEqual(missing);
  });

  it('keys inside the text: field do not count (text runs to the end)', () => {
    expect(receiptTextVariant(`${STD} id:999 stat:X`)!.fields).toEqual(['id', 'sub', 'dlvrd', 'submit date', 'done date', 'stat', 'err', 'text']);
  });

  it('no receipt keys: undefined', () => expect(receiptTextVariant('hello world')).toBeUndefined());
});
