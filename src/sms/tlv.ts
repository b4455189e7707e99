// `--tlv TAG=HEX`: an extra optional parameter for submit_sm, e.g. 0x1400=68656c6c6f.
// The tag is hex (0x...) or decimal, 0..0xFFFF; the value is hex octets, possibly none.
import { UsageError } from '../errors.js';

const EXAMPLE = 'e.g. --tlv 0x1400=68656c6c6f';

export function parseTlvArg(arg: string): { tag: number; value: Buffer } {
  const where = `--tlv ${JSON.stringify(arg)}`;
  const eq = arg.indexOf('=');
  if (eq < 0) throw new UsageError(`${where}: expected TAG=HEXVALUE; ${EXAMPLE}`);
  const tagText = arg.slice(0, eq).trim();
  const valueText = arg.slice(eq + 1).trim().replace(/^0x/i, '').replace(/[\s:]/g, '');

  let tag: number;
  if (/^0x[0-9a-f]{1,4}$/i.test(tagText)) tag = parseInt(tagText.slice(2), 16);
  else if (/^\d+$/.test(tagText)) tag = Number(tagText);
  else throw new UsageError(`${where}: the tag ${JSON.stringify(tagText)} is not a number; give it as hex (0x1400) or decimal (5120)`);
  if (tag > 0xffff) throw new UsageError(`${where}: the tag ${tagText} is above 0xFFFF (tags are 16 bits)`);

  const bad = /[^0-9a-f]/i.exec(valueText);
  if (bad) {
    throw new UsageError(`${where}: ${JSON.stringify(bad[0])} is not a hex digit; give the value as hex octets (text "hello" is 68656c6c6f)`);
  }
  if (valueText.length % 2) {
    throw new UsageError(`${where}: odd number of hex digits (${valueText.length}); give two digits per octet`);
  }
  if (valueText.length / 2 > 0xffff) throw new UsageError(`${where}: the value is longer than 65535 octets`);
  return { tag, value: Buffer.from(valueText, 'hex') };
}
