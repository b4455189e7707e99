// src/smpp/pdu-encoding.ts replaces node-smpp's PDU encoder and decoder for speed: for every
// command, with random mandatory fields and random TLVs, the bytes it writes and the fields it
// reads are node-smpp's own (its functions, kept by codec.ts as nodeSmppEncoding).
import { describe, expect, it } from 'vitest';
import { nodeSmppEncoding, smpp, type RawPdu } from '../../src/smpp/codec.js';
import { seeded } from '../helpers/seeded.js';

type Gen = () => unknown;
const types = smpp.types as Record<string, unknown> & { tlv: Record<string, unknown> };

function generators(next: () => number): Map<unknown, Gen> {
  const int = (max: number) => () => Math.floor(next() * max);
  const text = () => Array.from({ length: int(12)() }, () => String.fromCharCode(0x20 + int(0x5f)())).join('');
  const bytes = () => Buffer.from(Array.from({ length: int(40)() }, int(256)));
  const address = () => ({ dest_flag: 1, dest_addr_ton: int(7)(), dest_addr_npi: int(19)(), destination_addr: text() });
  return new Map<unknown, Gen>([
    [types.int8, int(256)],
    [types.int16, int(65536)],
    [types.int32, int(2 ** 32)],
    [types.cstring, () => (next() < 0.2 ? Buffer.from(text(), 'latin1') : text())],
    [types.string, text],
    [types.buffer, () => (next() < 0.2 ? text() : bytes())],
    [types.dest_address_array, () => [address(), { dest_flag: 2, dl_name: text() }]],
    [types.unsuccess_sme_array, () => [{ dest_addr_ton: int(7)(), dest_addr_npi: int(19)(), destination_addr: text(), error_status_code: int(256)() }]],
    [types.tlv.int8, int(256)],
    [types.tlv.int16, int(65536)],
    [types.tlv.int32, int(2 ** 32)],
    [types.tlv.cstring, text],
    [types.tlv.string, text],
    [types.tlv.buffer, bytes],
  ]);
}

function randomPdus(seed: number): RawPdu[] {
  const next = seeded(seed);
  const gen = generators(next);
  const tlvNames = Object.keys(smpp.tlvs);
  const pdus: RawPdu[] = [];
  for (let round = 0; round < 20; round++) {
    for (const [command, def] of Object.entries(smpp.commands)) {
      const fields: Record<string, unknown> = { sequence_number: 1 + Math.floor(next() * 0x7ffffffe) };
      if (round % 7 === 6) fields.command_status = 1 + Math.floor(next() * 255);
      for (const [key, param] of Object.entries(def.params ?? {})) if (next() < 0.8) fields[key] = gen.get(param.type)!();
      for (let t = Math.floor(next() * 4); t > 0; t--) {
        const name = tlvNames[Math.floor(next() * tlvNames.length)]!;
        const tlv = smpp.tlvs[name]!;
        fields[name] = tlv.multiple ? [gen.get(tlv.type)!(), gen.get(tlv.type)!()] : gen.get(tlv.type)!();
      }
      pdus.push(new smpp.PDU(command, fields));
    }
  }
  return pdus;
}

const own = (pdu: object) => Object.fromEntries(Object.entries(pdu));

describe('PDU encoding (pdu-encoding.ts) is node-smpp\'s', () => {
  it('the reference is node-smpp\'s own code, not ours', () => {
    const proto = smpp.PDU.prototype as unknown as Record<string, unknown>;
    expect(nodeSmppEncoding.toBuffer).not.toBe(proto.toBuffer);
    expect(nodeSmppEncoding.fromBuffer).not.toBe(proto.fromBuffer);
    expect(String(nodeSmppEncoding.toBuffer)).toContain('_filter');
  });

  it.each([1, 2, 3])('random PDUs of every command, seed %i: same bytes, same fields read back', (seed) => {
    for (const pdu of randomPdus(seed)) {
      const theirs = nodeSmppEncoding.toBuffer.call(Object.assign(Object.create(Object.getPrototypeOf(pdu) as object), pdu));
      const ours = pdu.toBuffer();
      expect(ours.toString('hex'), pdu.command).toBe(theirs.toString('hex'));
      const decoded = new smpp.PDU(ours);
      const reference = Object.create(Object.getPrototypeOf(decoded) as object) as object;
      nodeSmppEncoding.fromBuffer.call(reference, theirs);
      expect(own(decoded)).toEqual(own(reference));
    }
  });

  it('writes a C string given as a string or as bytes as node-smpp does', () => {
    for (const value of ['', 'abc', 'é€\u0100z', 'x'.repeat(40), 'y'.repeat(7), Buffer.from('xyz'), Buffer.alloc(0)]) {
      const a = Buffer.alloc(8, 0xaa);
      const b = Buffer.alloc(8, 0xaa);
      (types.cstring as { write: typeof nodeSmppEncoding.writeCString }).write(value, a, 1);
      nodeSmppEncoding.writeCString(value, b, 1);
      expect(a).toEqual(b);
    }
  });
});
