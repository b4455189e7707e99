// Matching message ids across formats. An SMSC may answer submit_sm with an id in one form and
// write it differently in the receipt: case, leading zeros, hex in one place and decimal in the
// other (SMPP-NOTES).
//
// idKeys(id) lists, first, the literal key (trimmed, lower-case, leading zeros dropped), then
// the other renderings of the same number: the hex rendering when the id is all decimal digits,
// the decimal rendering when it is all hex digits (an optional 0x marks hex only). BigInt keeps
// ids beyond 2^53 exact.
//
// Matching rule: two ids match when the literal key of one is among the keys of the other.
// Intersecting two derived keys would be wrong: "22" (0x22 = 34, or 22 = 0x16) and "10"
// (0x10 = 16) share the derived key "16" but no reading in common. Even the rule above has
// one ambiguity it cannot resolve alone: "10" matches "16" (0x10 = 16). The tracker only
// matches against ids this run was given and tries the literal key first, which settles it.

const DECIMAL = /^[0-9]+$/;
const HEX = /^[0-9a-f]+$/;

export function idKeys(id: string): string[] {
  let s = id.replace(/\0+$/, '').trim().toLowerCase();
  if (s === '') return [];
  let hexOnly = false;
  if (/^0x[0-9a-f]+$/.test(s)) {
    s = s.slice(2);
    hexOnly = true;
  }
  const keys = [s.replace(/^0+(?=.)/, '')];
  // Numbers below 2^53 (15 decimal or 13 hex digits) convert exactly without BigInt, faster:
  // the tracker reads every receipt that overtakes its submit_sm_resp this way.
  if (!hexOnly && DECIMAL.test(s)) add(keys, s.length <= 15 ? Number(s).toString(16) : BigInt(s).toString(16));
  if (HEX.test(s)) add(keys, s.length <= 13 ? parseInt(s, 16).toString(10) : BigInt(`0x${s}`).toString(10));
  return keys;
}

function add(keys: string[], key: string): void {
  if (!keys.includes(key)) keys.push(key);
}

/** Whether two ids can name the same message (see the header for the rule and its limits). */
export function sameMessageId(a: string, b: string): boolean {
  const ka = idKeys(a);
  const kb = idKeys(b);
  if (ka.length === 0 || kb.length === 0) return false;
  return kb.includes(ka[0]!) || ka.includes(kb[0]!);
}
