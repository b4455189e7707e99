// Matching message ids across formats. An SMSC may answer submit_sm with an id in one form and
// write it differently in the receipt: case, leading zeros, hex in one place and decimal in the
// other (SMPP-NOTES). idKeys gives every form an id may take; two ids match when their key sets
// intersect.
//
// Keys are tagged so different readings do not collide by accident:
//   `=` + the literal (trimmed, lower-case, leading zeros dropped), always first;
//   `#` + the decimal value, for each numeric reading: as decimal when all digits are decimal,
//       as hex when all are hex digits (an optional 0x marks hex only).
// So "10" (decimal 10 or hex 0x10) matches "a" (hex 10) and "16" (decimal 16): the readings
// overlap, and a short id on its own cannot say which one the SMSC meant. That is acceptable
// because the tracker only matches a receipt against ids this run was given, and it should try
// the literal key (idKeys(id)[0]) before the looser ones. Values beyond 2^53 are exact (BigInt).

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
  const literal = s.replace(/^0+(?=.)/, '');
  const keys = [`=${literal}`];
  if (!hexOnly && DECIMAL.test(s)) keys.push(`#${BigInt(s).toString(10)}`);
  if (HEX.test(s)) keys.push(`#${BigInt(`0x${s}`).toString(10)}`);
  return [...new Set(keys)];
}

/** Whether two ids can name the same message (see the header for the rule and its limits). */
export function sameMessageId(a: string, b: string): boolean {
  const keys = new Set(idKeys(a));
  return idKeys(b).some((k) => keys.has(k));
}
