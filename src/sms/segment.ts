// Pieces -> the submit_sm parts: how many SMS, and the concatenation information of each. Pure:
// the concatenation reference comes in through `opts.ref`.
//
// Decisions, for the record:
// - Segments are cut on units, never bytes: an ESC pair (2 septets) or a surrogate pair
//   (2 UCS2 units) always goes whole into one part. A message that fits one SMS has no
//   concatenation information in any split mode; once two or more are needed, every part uses
//   the multipart limit of the split mode:
//   * udh8: UDH 05 00 03 REF TOTAL SEQ (153 septets / 134 octets / 67 UCS2 units per part);
//   * udh16: UDH 06 08 04 REFHI REFLO TOTAL SEQ (152 / 133 / 66);
//   * sar: no UDH from us, the SAR TLVs instead; but the SMSC must add a concatenation UDH for
//     the air, and with a 16-bit sar_msg_ref_num that is the 16-bit IE, so parts hold what a
//     udh16 part holds (152 / 133 / 66): then they fit however the SMSC builds its header;
//   * payload: one submit_sm, empty short_message, every octet in message_payload; the SMSC
//     splits it. maxParts and the 255 limit still count the SMS the recipient will get
//     (estimated with the udh8 limits): --max-parts guards the cost either way. (255 parts are
//     at most 255 * 140 octets, well under the 65535 a TLV can hold.)
//   * none: an error when more than one SMS is needed.
// - Binary with a user UDH that must be split: the concatenation IE is added to the user's UDH
//   (after its UDHL, before its IEs). A user UDH that already holds a concatenation IE cannot be
//   split again: error.
import { TextError } from '../errors.js';
import { capacity, encodingRow, MAX_PARTS, UDH16_OCTETS, UDH8_OCTETS, type Encoding } from './encodings.js';
import { joinBytes, unitCount, type Piece } from './pieces.js';

export type SplitMode = 'udh8' | 'udh16' | 'sar' | 'payload' | 'none';

/** The options that decide how a message is cut. */
export interface SegmentOptions {
  split: SplitMode;
  maxParts: number;
  ref: number; // concatenation reference, 0..65535, chosen by the caller (no randomness here)
}

export interface PlannedPart {
  shortMessage: Buffer; // UDH (if any) + payload bytes, ready for submit_sm
  esmClass: number; // 0x40 when a UDH is present, else 0
  tlvs: Record<string, number | Buffer>; // sar_msg_ref_num, sar_total_segments, sar_segment_seqnum, message_payload
  udh?: Buffer;
  payload: Buffer; // the two halves, for --dry-run display
}

export interface Segmented {
  parts: PlannedPart[];
  /** split payload only: the SMS the SMSC will make of the one message_payload submit (estimate). */
  airParts?: number;
}

/** SMPP esm_class bit 6: short_message starts with a UDH. */
export const ESM_UDHI = 0x40;

/** Cut pieces into parts and add UDH / SAR / payload fields per opts.split. */
export function segment(pieces: Piece[], encoding: Encoding, opts: SegmentOptions, userUdh?: Buffer): Segmented {
  const units = unitCount(pieces);
  if (units <= capacity(encoding, userUdh?.length ?? 0)) {
    return { parts: [part(joinBytes(pieces), userUdh)] };
  }
  const perPart = multipartCapacity(encoding, opts.split, userUdh);
  const chunks = cut(pieces, perPart);
  checkPartCount(chunks.length, `${units} ${encodingRow(encoding).unitName} at ${perPart} per part`, opts, userUdh);
  return concatenate(pieces, chunks, opts, userUdh);
}

/** Units per part once a concatenation header is needed. */
function multipartCapacity(encoding: Encoding, split: SplitMode, userUdh?: Buffer): number {
  // sar counts as udh16 (see the header); payload and none estimate with the common udh8.
  const ie = split === 'udh16' || split === 'sar' ? UDH16_OCTETS : UDH8_OCTETS;
  // Octets the concatenation header adds: the IE, plus the UDHL byte when there is no user UDH.
  return capacity(encoding, userUdh ? userUdh.length + ie - 1 : ie);
}

/** `size` describes the message for the errors, e.g. "400 septets at 153 per part". */
function checkPartCount(need: number, size: string, opts: SegmentOptions, userUdh?: Buffer): void {
  if (opts.split === 'none') {
    throw new TextError(
      `the message needs ${need} parts (${size}) but --split none sends one; use --split udh8 (or sar, payload) or shorten it`,
    );
  }
  if (need > MAX_PARTS) {
    throw new TextError(
      `the message needs ${need} parts (${size}); SMS concatenation allows at most ${MAX_PARTS}; shorten it`,
    );
  }
  if (need > opts.maxParts) {
    throw new TextError(
      `the message needs ${need} parts (${size}) but --max-parts is ${opts.maxParts}; shorten it or raise --max-parts`,
    );
  }
  if (userUdh && udhIeIds(userUdh).some((iei) => iei === 0x00 || iei === 0x08)) {
    throw new TextError(
      `--udh ${userUdh.toString('hex')} already holds a concatenation IE, so the ${need}-part payload cannot be split again; send each part yourself with --split none`,
    );
  }
}

/** The parts of a message that needs more than one SMS, in the split mode's form. */
function concatenate(pieces: Piece[], chunks: Buffer[], opts: SegmentOptions, userUdh?: Buffer): Segmented {
  const need = chunks.length;
  switch (opts.split) {
    case 'payload': {
      const bytes = joinBytes(pieces);
      const only: PlannedPart = {
        shortMessage: Buffer.alloc(0),
        esmClass: userUdh ? ESM_UDHI : 0,
        tlvs: { message_payload: userUdh ? Buffer.concat([userUdh, bytes]) : bytes },
        payload: bytes,
      };
      if (userUdh) only.udh = userUdh;
      return { parts: [only], airParts: need };
    }
    case 'sar':
      return {
        parts: chunks.map((bytes, i) => {
          const p = part(bytes, userUdh);
          p.tlvs = { sar_msg_ref_num: opts.ref & 0xffff, sar_total_segments: need, sar_segment_seqnum: i + 1 };
          return p;
        }),
      };
    case 'udh8':
    case 'udh16': {
      const mode = opts.split;
      return { parts: chunks.map((bytes, i) => part(bytes, concatUdh(mode, opts.ref, need, i + 1, userUdh))) };
    }
    case 'none':
      throw new Error('unreachable: checkPartCount refuses --split none for several parts');
  }
}

/** Greedy cut on whole pieces: a piece (ESC pair, surrogate pair) never straddles two parts. */
function cut(pieces: Piece[], perPart: number): Buffer[] {
  const chunks: Buffer[] = [];
  let bytes: number[] = [];
  let used = 0;
  for (const p of pieces) {
    if (used + p.units > perPart) {
      chunks.push(Buffer.from(bytes));
      bytes = [];
      used = 0;
    }
    bytes.push(...p.bytes);
    used += p.units;
  }
  chunks.push(Buffer.from(bytes));
  return chunks;
}

/** The IE identifiers of a (checked) UDH. */
function udhIeIds(udh: Buffer): number[] {
  const ids: number[] = [];
  for (let i = 1; i < udh.length; i += 2 + udh[i + 1]!) ids.push(udh[i]!);
  return ids;
}

/** 05 00 03 REF TOTAL SEQ or 06 08 04 REFHI REFLO TOTAL SEQ, merged into a user UDH if any. */
function concatUdh(mode: 'udh8' | 'udh16', ref: number, total: number, seq: number, userUdh?: Buffer): Buffer {
  const ie = mode === 'udh8'
    ? [0x00, 0x03, ref & 0xff, total, seq]
    : [0x08, 0x04, (ref >> 8) & 0xff, ref & 0xff, total, seq];
  const rest = userUdh ? [...userUdh.subarray(1)] : [];
  return Buffer.from([ie.length + rest.length, ...ie, ...rest]);
}

/** One submit_sm's fields: the UDH (if any) before the payload, and esm_class saying so. */
export function part(payload: Buffer, udh?: Buffer): PlannedPart {
  const p: PlannedPart = {
    shortMessage: udh ? Buffer.concat([udh, payload]) : payload,
    esmClass: udh ? ESM_UDHI : 0,
    tlvs: {},
    payload,
  };
  if (udh) p.udh = udh;
  return p;
}
