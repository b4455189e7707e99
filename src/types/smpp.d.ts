// Type declarations for the parts of node-smpp 0.5.1 we use (no @types/smpp exists).
// We use it as a PDU codec plus a socket framer: see src/smpp/codec.ts.
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import type { Duplex } from 'node:stream';
  import type * as net from 'node:net';

  /** A decoded or to-be-encoded PDU: header fields plus named params and TLVs. */
  export interface PDU {
    command: string;
    command_id: number;
    command_length: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    toBuffer(): Buffer;
  }
  export interface PDUConstructor {
    new (command: string, options?: Record<string, unknown>): PDU;
    new (buffer: Buffer): PDU;
    maxLength: number;
    fromBuffer(buffer: Buffer): PDU | false;
  }

  export class Session extends EventEmitter {
    constructor(options: { socket: Duplex } | Record<string, unknown>);
    socket: net.Socket;
    sequence: number;
    paused: boolean;
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean;
    pause(): void;
    resume(): void;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export interface Server extends net.Server {
    sessions: Session[];
  }

  export interface FieldDef {
    type: unknown;
    filter?: unknown;
    default?: unknown;
  }
  export interface CommandDef {
    id: number;
    command: string;
    params?: Record<string, FieldDef>;
    tlvMap?: Record<string, string>;
  }
  export interface TlvDef {
    id: number;
    tag: string;
    type: unknown;
    filter?: unknown;
    multiple?: boolean;
  }

  export const PDU: PDUConstructor;
  export const commands: Record<string, CommandDef>;
  export const commandsById: Record<number, CommandDef>;
  export const tlvs: Record<string, TlvDef>;
  export const tlvsById: Record<number, TlvDef>;
  export const types: { tlv: Record<string, unknown> } & Record<string, unknown>;
  export const errors: Record<string, number>;
  export function createServer(
    options: Record<string, unknown>,
    listener?: (session: Session) => void,
  ): Server;
  export function connect(options: Record<string, unknown>, listener?: () => void): Session;
  export function addTLV(tag: string, options: { id: number; type: unknown }): void;

  const smpp: {
    PDU: PDUConstructor;
    Session: typeof Session;
    commands: typeof commands;
    commandsById: typeof commandsById;
    tlvs: typeof tlvs;
    tlvsById: typeof tlvsById;
    types: typeof types;
    errors: typeof errors;
    createServer: typeof createServer;
    connect: typeof connect;
    addTLV: typeof addTLV;
  };
  export default smpp;
}
