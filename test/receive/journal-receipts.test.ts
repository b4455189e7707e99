// Which journaled part a late receipt's id names (listen --journal): exactly one, or none.
import { expect, it } from 'vitest';
import { JournalIds } from '../../src/receive/journal-ids.js';
import { matchPart } from '../../src/receive/journal-receipts.js';

function index(accepted: [key: string, part: number, id: string][]): JournalIds {
  const ix = new JournalIds();
  for (const [key, part, id] of accepted) ix.add({ ev: 'accepted', key, part, id, t: '' });
  return ix;
}

it.each([
  // [journaled (key, part, id)...], receipt id, expected key/part or none/ambiguous
  [[['a#1', 0, '1234567']], '1234567', 'a#1/0'],
  [[['a#1', 0, '0001234567']], '1234567', 'a#1/0'], // leading zeros
  [[['a#1', 0, 'ABCDEF']], 'abcdef', 'a#1/0'], // case
  [[['a#1', 0, '12d687']], '1234567', 'a#1/0'], // hex in the reply, decimal in the receipt
  [[['a#1', 0, '1234567']], '7654321', 'none'],
  [[['a#1', 0, '22']], '10', 'none'], // they share only a derived key (16): no reading in common
  [[['a#1', 0, '22'], ['b#1', 0, '10']], '16', 'ambiguous'], // 16 = 0x10, or 0x16 = 22: never guess
  [[['a#1', 0, '10'], ['b#1', 0, '16']], '10', 'a#1/0'], // the literal form settles it
  [[['a#1', 0, '10'], ['b#1', 0, '10']], '10', 'ambiguous'], // the SMSC reused an id: never guess
  [[['a#1', 1, 'x9'], ['a#1', 1, 'x9']], 'x9', 'a#1/1'], // the same part accepted twice (resent)
  [[], '1', 'none'],
] as [[string, number, string][], string, string][])('%j, receipt %s -> %s', (accepted, id, want) => {
  const got = matchPart(index(accepted), id);
  expect(typeof got === 'string' ? got : `${got.key}/${got.part}`).toBe(want);
});
