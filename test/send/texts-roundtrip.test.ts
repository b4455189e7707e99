// Tricky texts through the whole run to the simulator: each must arrive exactly as typed (after
// NFC), in the right encoding, cut into the right parts, with the data_coding, esm_class, UDH or
// TLVs the split mode calls for. Part sizes are read off the wire, not taken from the planner.
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/settings.js';
import { runSend } from '../../src/send/run.js';
import type { LoggedPdu, SmscAlphabet } from '../../src/sim/index.js';
import { collectingDeps, eventsOf, makeSettings } from '../helpers/settings.js';
import { startTestSim } from '../helpers/sim.js';
import { submits } from '../helpers/submits.js';

interface Case {
  text?: string; // as typed
  settings?: Partial<Settings>;
  simAlphabet?: SmscAlphabet;
  encoding: 'gsm7' | 'ucs2' | 'latin1' | 'binary';
  dc: number;
  /** Payload size of each submit_sm on the wire, in the encoding's units (UDH excluded). */
  units: number[];
  /** What the sim must read back; default: the text in NFC. */
  expect?: string;
  /** Hex of the payload bytes of all parts joined, where the exact bytes matter. */
  wire?: string;
}

const x = (n: number, ch = 'x') => ch.repeat(n);

const CASES: Record<string, Case> = {
  // GSM 7-bit: 160 septets in one SMS, 153 per part after that.
  'GSM at 160 septets': { text: x(160), encoding: 'gsm7', dc: 0, units: [160] },
  'GSM at 161 septets': { text: x(161), encoding: 'gsm7', dc: 0, units: [153, 8] },
  'ESC pair as septets 152-153 of a part': { text: x(151) + '€' + x(20, 'b'), encoding: 'gsm7', dc: 0, units: [153, 20] },
  'ESC pair that would be septets 153-154 moves whole': { text: x(152) + '€' + x(20, 'b'), encoding: 'gsm7', dc: 0, units: [152, 22] },
  'ESC pair as septets 154-155 starts part 2': { text: x(153) + '€' + x(20, 'b'), encoding: 'gsm7', dc: 0, units: [153, 22] },
  'ESC pair as septets 159-160 still one SMS': { text: x(158) + '€', encoding: 'gsm7', dc: 0, units: [160] },
  'extension mix €[~{}|\\^': {
    text: 'Sale: 5€ [now] ~ {2} | a\\b ^', encoding: 'gsm7', dc: 0, units: [37],
    wire: Buffer.from('Sale: 5').toString('hex') + '1b65' + '201b3c' + Buffer.from('now').toString('hex') + '1b3e20' +
      '1b3d20' + '1b28' + '32' + '1b2920' + '1b4020' + '61' + '1b2f' + '6220' + '1b14',
  },
  'Greek capitals are GSM': { text: 'ΔΦΓΛΩΠΨΣΘΞ!', encoding: 'gsm7', dc: 0, units: [11], wire: '1012131415161718191a21' },
  'decomposed é becomes the GSM é': { text: 'Cafe\u0301 ok', expect: 'Café ok', encoding: 'gsm7', dc: 0, units: [7] },
  'CRLF is GSM': { text: 'line one\r\nline two\n', encoding: 'gsm7', dc: 0, units: [19] },

  // UCS2: 70 units in one SMS, 67 per part; an emoji (2 units) is never split.
  'ç forces UCS2': { text: 'Garçon', encoding: 'ucs2', dc: 8, units: [6], wire: Buffer.from('Garçon', 'utf16le').swap16().toString('hex') },
  'backtick forces UCS2': { text: 'run `ls`', encoding: 'ucs2', dc: 8, units: [8] },
  'tab forces UCS2': { text: 'a\tb\r\nc', encoding: 'ucs2', dc: 8, units: [6] },
  'emoji as units 69-70: one SMS': { text: x(68) + '😀', encoding: 'ucs2', dc: 8, units: [70] },
  'emoji as units 66-67 of a part': { text: x(65) + '😀' + x(10, 'y'), encoding: 'ucs2', dc: 8, units: [67, 10] },
  'emoji that would be units 67-68 moves whole': { text: x(66) + '😀' + x(10, 'y'), encoding: 'ucs2', dc: 8, units: [66, 12] },
  'emoji as units 68-69 starts part 2': { text: x(67) + '😀' + x(10, 'y'), encoding: 'ucs2', dc: 8, units: [67, 12] },
  Arabic: { text: 'مرحبا بالعالم', encoding: 'ucs2', dc: 8, units: [13] },
  Cyrillic: { text: 'Привет, мир! '.repeat(7), encoding: 'ucs2', dc: 8, units: [67, 24] },
  Hindi: { text: 'नमस्ते दुनिया', encoding: 'ucs2', dc: 8, units: [13] },
  CJK: { text: '你好，世界。𠜎', encoding: 'ucs2', dc: 8, units: [8] },

  // Split modes: UDH with an 8- or 16-bit reference, SAR TLVs, or one message_payload.
  'GSM udh8': { text: x(200), settings: { split: 'udh8' }, encoding: 'gsm7', dc: 0, units: [153, 47] },
  'GSM udh16': { text: x(200), settings: { split: 'udh16' }, encoding: 'gsm7', dc: 0, units: [152, 48] },
  'GSM sar': { text: x(200), settings: { split: 'sar' }, encoding: 'gsm7', dc: 0, units: [152, 48] },
  'GSM payload': { text: x(200), settings: { split: 'payload' }, encoding: 'gsm7', dc: 0, units: [200] },
  'UCS2 udh8': { text: x(100, 'Ж'), settings: { split: 'udh8' }, encoding: 'ucs2', dc: 8, units: [67, 33] },
  'UCS2 udh16': { text: x(100, 'Ж'), settings: { split: 'udh16' }, encoding: 'ucs2', dc: 8, units: [66, 34] },
  'UCS2 sar': { text: x(100, 'Ж'), settings: { split: 'sar' }, encoding: 'ucs2', dc: 8, units: [66, 34] },
  'UCS2 payload': { text: x(100, 'Ж'), settings: { split: 'payload' }, encoding: 'ucs2', dc: 8, units: [100] },

  // Flash (class 0), an SMSC whose default alphabet is Latin-1, binary.
  'flash GSM': { text: 'Alert: [now]', settings: { flash: true }, encoding: 'gsm7', dc: 0x10, units: [14] },
  'flash UCS2': { text: 'Тревога!', settings: { flash: true }, encoding: 'ucs2', dc: 0x18, units: [8] },
  'flash GSM long': { text: x(170), settings: { flash: true }, encoding: 'gsm7', dc: 0x10, units: [153, 17] },
  'Latin-1 SMSC: GSM text as Latin-1 octets': {
    text: 'Café £5 @ home: Ça va? Ñ ü', settings: { smscAlphabet: 'latin1' }, simAlphabet: 'latin1',
    encoding: 'gsm7', dc: 0, units: [26], wire: Buffer.from('Café £5 @ home: Ça va? Ñ ü', 'latin1').toString('hex'),
  },
  'Latin-1 SMSC: € needs UCS2': { text: 'Only 5€', settings: { smscAlphabet: 'latin1' }, simAlphabet: 'latin1', encoding: 'ucs2', dc: 8, units: [7] },
  '--coding latin1 with a GSM SMSC: dc 3': { text: 'Déjà vu ¿', settings: { coding: 'latin1' }, encoding: 'latin1', dc: 3, units: [9] },
  binary: {
    settings: { coding: 'binary', text: undefined, hex: 'deadbeef00ff' }, encoding: 'binary', dc: 4, units: [6],
    expect: 'deadbeef00ff', wire: 'deadbeef00ff',
  },
};

interface WirePart {
  esm: number;
  dc: number;
  udh: Buffer | undefined;
  payload: Buffer;
  fields: Record<string, unknown>;
}

function wireParts(submits: LoggedPdu[]): WirePart[] {
  return submits.map((p) => {
    const f = p.fields;
    const sm = Buffer.from(f.short_message as string, 'hex');
    const esm = f.esm_class as number;
    const udh = esm & 0x40 ? sm.subarray(0, 1 + sm[0]!) : undefined;
    const mp = typeof f.message_payload === 'string' ? Buffer.from(f.message_payload, 'hex') : undefined;
    return { esm, dc: f.data_coding as number, udh, payload: mp ?? sm.subarray(udh?.length ?? 0), fields: f };
  });
}

function unitsOf(payload: Buffer, encoding: Case['encoding']): number {
  return encoding === 'ucs2' ? payload.length / 2 : payload.length;
}

describe('texts round trip', () => {
  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const sim = await startTestSim({ smscAlphabet: c.simAlphabet ?? 'gsm7' });
    const deps = collectingDeps();
    const settings = makeSettings({ sim, ...(c.text !== undefined ? { text: c.text } : {}), ...c.settings });
    const summary = await runSend(settings, deps);
    expect(summary.counts).toMatchObject({ messages: 1, accepted: 1, parts: c.units.length });

    const [accepted] = eventsOf(deps.events, 'accepted');
    expect(accepted?.message).toMatchObject({ encoding: c.encoding, dataCoding: c.dc });

    // The SMSC got back exactly what was typed.
    expect(sim.messages).toHaveLength(1);
    expect(sim.messages[0]!.text).toBe(c.expect ?? c.text!.normalize('NFC'));
    expect(sim.messages[0]!.dataCoding).toBe(c.dc);

    const parts = wireParts(submits(sim));
    expect(parts.map((p) => unitsOf(p.payload, c.encoding))).toEqual(c.units);
    expect(parts.every((p) => p.dc === c.dc)).toBe(true);
    if (c.wire) expect(Buffer.concat(parts.map((p) => p.payload)).toString('hex')).toBe(c.wire);

    const split = settings.split;
    const total = parts.length;
    parts.forEach((p, i) => {
      const seq = i + 1;
      const udh8 = total > 1 && split === 'udh8';
      const udh16 = total > 1 && split === 'udh16';
      const sar = total > 1 && split === 'sar';
      expect(p.esm).toBe(udh8 || udh16 ? 0x40 : 0);
      if (udh8) expect([...p.udh!.subarray(0, 3), ...p.udh!.subarray(4)]).toEqual([5, 0, 3, total, seq]);
      else if (udh16) expect([...p.udh!.subarray(0, 3), ...p.udh!.subarray(5)]).toEqual([6, 8, 4, total, seq]);
      else expect(p.udh).toBeUndefined();
      if (sar) expect(p.fields).toMatchObject({ sar_total_segments: total, sar_segment_seqnum: seq, sar_msg_ref_num: expect.any(Number) });
      else expect(p.fields.sar_total_segments).toBeUndefined();
      if (split === 'payload') expect(p.fields).toMatchObject({ short_message: '', message_payload: expect.any(String) });
      else expect(p.fields.message_payload).toBeUndefined();
    });
    // One reference for all parts of the message.
    if (total > 1 && split !== 'sar') expect(new Set(parts.map((p) => p.udh!.toString('hex').slice(6, split === 'udh8' ? 8 : 10))).size).toBe(1);
    if (total > 1 && split === 'sar') expect(new Set(parts.map((p) => p.fields.sar_msg_ref_num)).size).toBe(1);
  });

  it('sends a binary payload with a user UDH as it is', async () => {
    const sim = await startTestSim();
    const udh = '0605040b8423f0'; // application port addressing (WAP push)
    const summary = await runSend(makeSettings({ sim, text: undefined, coding: 'binary', hex: '0102ff', udh }), collectingDeps());
    expect(summary.counts).toMatchObject({ accepted: 1, parts: 1 });
    const [part] = wireParts(submits(sim));
    expect(part).toMatchObject({ esm: 0x40, dc: 4 });
    expect(part!.udh!.toString('hex')).toBe(udh);
    expect(part!.payload.toString('hex')).toBe('0102ff');
    expect(sim.messages[0]!.text).toBe('0102ff');
  });
});
