// node-smpp's PDU encoding and decoding (PDU.prototype.toBuffer, fromBuffer, the C-string
// writer), written again for speed: same bytes, same fields (test/smpp/pdu-encoding.test.ts
// holds them against node-smpp's own for every command). node-smpp walks a PDU with for...in,
// which in V8 has no fast path for an object whose prototype has enumerable methods, looks each
// of its keys up in the TLV table, and makes a Buffer per C string: ~10 us to encode a
// submit_sm, a tenth of the client's CPU in a bulk run (two PDUs a message: submit_sm and the
// receipt's deliver_sm_resp). Here the mandatory fields are walked from the command's table,
// own keys only are checked for TLVs, and strings are written straight into the PDU's buffer.
//
// The tables are read when used, as node-smpp reads them: addTLV and addCommand still apply.
// Like node-smpp's, the encoder expects a PDU made by its constructor (every mandatory field
// present); the encode and decode filters are gone (codec.ts), so they are not called.

interface FieldType {
  read(buffer: Buffer, offset: number, length?: number): unknown;
  write(value: unknown, buffer: Buffer, offset: number): void;
  size(value: unknown): number;
}
interface Param {
  type: FieldType;
}
interface Tlv {
  id: number;
  tag: string;
  type: FieldType;
  multiple?: boolean;
}
interface Command {
  command: string;
  params?: Record<string, Param>;
  tlvMap?: Record<string, string>;
}
/** The parts of node-smpp's module this file uses (smpp.PDU and the defs it re-exports). */
export interface NodeSmppTables {
  PDU: { prototype: object; maxLength: number };
  commands: Record<string, unknown>;
  commandsById: Record<number, unknown>;
  tlvs: Record<string, unknown>;
  tlvsById: Record<number, unknown>;
  types: Record<string, unknown>;
}

type Pdu = Record<string, unknown> & {
  command: string;
  command_length: number;
  command_id: number;
  command_status: number;
  sequence_number: number;
};

const HEADER_LENGTH = 16;
const NO_PARAMS: Record<string, Param> = {};
/** Own keys of every PDU that are never TLVs: the header and the command name. */
const HEADER_KEYS = new Set(['command', 'command_length', 'command_id', 'command_status', 'sequence_number']);

/** node-smpp's own functions that installPduEncoding replaced (the equivalence test compares with them). */
export interface ReplacedEncoding {
  toBuffer: (this: object) => Buffer;
  fromBuffer: (this: object, buffer: Buffer) => void;
  writeCString: FieldType['write'];
}

/** Replaces node-smpp's encoder and decoder with these. Call once, after the filters are removed. */
export function installPduEncoding(smpp: NodeSmppTables): ReplacedEncoding {
  const tables: Tables = {
    commands: smpp.commands as Record<string, Command>,
    commandsById: smpp.commandsById as Record<number, Command>,
    tlvs: smpp.tlvs as Record<string, Tlv>,
    tlvsById: smpp.tlvsById as Record<number, Tlv>,
    PDU: smpp.PDU,
  };
  const proto = smpp.PDU.prototype as Record<string, unknown>;
  const cstring = smpp.types.cstring as FieldType;
  const replaced = { toBuffer: proto.toBuffer, fromBuffer: proto.fromBuffer, writeCString: cstring.write } as ReplacedEncoding;
  cstring.write = writeCString;
  proto.toBuffer = encoder(tables);
  proto.fromBuffer = decoder(tables);
  return replaced;
}

interface Tables {
  commands: Record<string, Command>;
  commandsById: Record<number, Command>;
  tlvs: Record<string, Tlv>;
  tlvsById: Record<number, Tlv>;
  PDU: NodeSmppTables['PDU'];
}

/** PDU.prototype.toBuffer: the command's fields walked from its table, then its TLVs. */
function encoder({ commands, tlvs }: Tables): (this: Pdu) => Buffer {
  /**
   * The PDU's TLVs: its own keys that are neither header nor mandatory field. A PDU holding no
   * more keys than those (the common case) has none, and its keys are not looked at one by one.
   */
  const tlvKeys = (pdu: Pdu, params: Record<string, Param>): string[] => {
    const keys = Object.keys(pdu);
    if (keys.length === HEADER_KEYS.size + paramCount(params)) return NO_KEYS;
    return keys.filter((key) => !HEADER_KEYS.has(key) && params[key] === undefined && tlvs[key] !== undefined);
  };

  return function toBuffer(this: Pdu): Buffer {
    this.command_length = HEADER_LENGTH;
    if (this.command_status) return header(this); // an error response carries no body
    const params = commands[this.command]!.params ?? NO_PARAMS;
    const withTlvs = tlvKeys(this, params);
    let length = HEADER_LENGTH;
    for (const key in params) length += params[key]!.type.size(this[key]);
    for (const key of withTlvs) {
      const tlv = tlvs[key]!;
      if (tlv.multiple) for (const value of this[key] as unknown[]) length += 4 + tlv.type.size(value);
      else length += 4 + tlv.type.size(this[key]);
    }
    this.command_length = length;
    const buffer = header(this);
    let offset = HEADER_LENGTH;
    for (const key in params) {
      const type = params[key]!.type;
      type.write(this[key], buffer, offset);
      offset += type.size(this[key]);
    }
    for (const key of withTlvs) {
      const tlv = tlvs[key]!;
      if (tlv.multiple) for (const value of this[key] as unknown[]) offset = writeTlv(tlv, value, buffer, offset);
      else offset = writeTlv(tlv, this[key], buffer, offset);
    }
    return buffer;
  };
}

/** PDU.prototype.fromBuffer: the header, the command's fields from its table, then the TLVs. */
function decoder({ commands, commandsById, tlvsById, PDU }: Tables): (this: Pdu, buffer: Buffer) => void {
  return function fromBuffer(this: Pdu, buffer: Buffer): void {
    this.command_length = buffer.readUInt32BE(0);
    this.command_id = buffer.readUInt32BE(4);
    this.command_status = buffer.readUInt32BE(8);
    this.sequence_number = buffer.readUInt32BE(12);
    if (this.command_length > PDU.maxLength) {
      throw Error(`PDU length was too large (${this.command_length}, maximum is ${PDU.maxLength}).`);
    }
    const def = commandsById[this.command_id];
    if (!def) {
      this.command = 'unknown';
      return;
    }
    this.command = def.command;
    const command = commands[this.command]!;
    const params = command.params ?? NO_PARAMS;
    let offset = HEADER_LENGTH;
    for (const key in params) {
      if (offset >= this.command_length) break;
      const type = params[key]!.type;
      this[key] = type.read(buffer, offset);
      offset += type.size(this[key]);
    }
    readTlvs(this, buffer, offset, command, tlvsById);
    (this._filter as (how: string) => void)('decode');
  };
}

/** The TLVs after the mandatory fields; an unknown tag is kept as raw bytes under its number. */
function readTlvs(pdu: Pdu, buffer: Buffer, offset: number, command: Command, tlvsById: Record<number, Tlv>): void {
  while (offset + 4 <= pdu.command_length) {
    const id = buffer.readUInt16BE(offset);
    const length = buffer.readUInt16BE(offset + 2);
    offset += 4;
    const tlv = tlvsById[id];
    if (!tlv) {
      pdu[id] = buffer.slice(offset, offset + length);
      offset += length;
      continue;
    }
    const tag = (command.tlvMap ?? NO_TLV_MAP)[tlv.tag] || tlv.tag;
    if (tlv.multiple) {
      if (!pdu[tag]) pdu[tag] = [];
      (pdu[tag] as unknown[]).push(tlv.type.read(buffer, offset, length));
    } else pdu[tag] = tlv.type.read(buffer, offset, length);
    offset += length;
  }
}

const NO_TLV_MAP: Record<string, string> = {};
const NO_KEYS: string[] = [];
const paramCounts = new WeakMap<object, number>();

/** How many mandatory fields a command's table lists (counted once per table). */
function paramCount(params: Record<string, Param>): number {
  let n = paramCounts.get(params);
  if (n === undefined) {
    n = Object.keys(params).length;
    paramCounts.set(params, n);
  }
  return n;
}

/** A buffer of command_length bytes, zeroed, with the four header words written. */
function header(pdu: Pdu): Buffer {
  const buffer = Buffer.alloc(pdu.command_length);
  buffer.writeUInt32BE(pdu.command_length, 0);
  buffer.writeUInt32BE(pdu.command_id, 4);
  buffer.writeUInt32BE(pdu.command_status, 8);
  buffer.writeUInt32BE(pdu.sequence_number, 12);
  return buffer;
}

function writeTlv(tlv: Tlv, value: unknown, buffer: Buffer, offset: number): number {
  buffer.writeUInt16BE(tlv.id, offset);
  const length = tlv.type.size(value);
  buffer.writeUInt16BE(length, offset + 2);
  tlv.type.write(value, buffer, offset + 4);
  return offset + 4 + length;
}

/**
 * node-smpp's C string writer without its Buffer per string: the same bytes ('ascii' is latin1
 * in Node: each UTF-16 unit's low byte). Short strings (addresses, times, most often empty) are
 * copied by a loop, which costs less than a call into Buffer#write.
 */
function writeCString(value: unknown, buffer: Buffer, offset: number): void {
  if (typeof value === 'string') {
    const n = value.length;
    if (n <= 32) for (let i = 0; i < n; i++) buffer[offset + i] = value.charCodeAt(i) & 0xff;
    else buffer.write(value, offset, 'ascii');
    buffer[offset + n] = 0;
    return;
  }
  const bytes = value as Buffer;
  bytes.copy(buffer, offset);
  buffer[offset + bytes.length] = 0;
}
