// The binary payload and user data header as typed (--hex, --udh), checked and turned into bytes.
import { TextError } from '../errors.js';

/** --hex as typed -> the payload octets; spaces, colons and a leading 0x are allowed. */
export function parseHex(hex: string | undefined): Buffer {
  if (hex === undefined || hex.trim() === '') {
    throw new TextError('--hex is empty; give the binary payload as hex digits, e.g. --hex 0a1b2c');
  }
  const digits = hex.trim().replace(/^0x/i, '').replace(/[\s:]/g, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) {
    throw new TextError(`--hex "${hex}": ${JSON.stringify(bad[0])} is not a hex digit; use 0-9 and a-f only`);
  }
  if (digits.length % 2) {
    throw new TextError(`--hex "${hex}": odd number of hex digits (${digits.length}); give two digits per octet`);
  }
  if (digits.length === 0) throw new TextError('--hex is empty; give at least one octet, e.g. --hex 00');
  return Buffer.from(digits, 'hex');
}

/** A user UDH, returned when its UDHL is its length - 1 and its IEs are well formed. */
export function checkUdh(udh: Buffer): Buffer {
  const show = udh.toString('hex');
  if (udh.length < 3) {
    throw new TextError(`--udh ${show}: too short; a UDH is UDHL, then IEs of IEI, length, data (e.g. 0504...)`);
  }
  if (udh[0] !== udh.length - 1) {
    throw new TextError(
      `--udh ${show}: the UDHL byte says ${udh[0]} octets follow but ${udh.length - 1} do; make the first byte ${(udh.length - 1).toString(16).padStart(2, '0')}`,
    );
  }
  for (let i = 1; i < udh.length; ) {
    const len = udh[i + 1];
    if (len === undefined || i + 2 + len > udh.length) {
      throw new TextError(`--udh ${show}: the IE at octet ${i} runs past the end of the header`);
    }
    i += 2 + len;
  }
  if (udh.length >= 140) throw new TextError(`--udh ${show}: ${udh.length} octets leave no room for a payload`);
  return udh;
}
