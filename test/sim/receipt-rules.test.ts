// The pure pieces behind receipts: registered_delivery rules, outcomes, ids, text and dates.
import { describe, expect, it } from 'vitest';
import { IdCounter, receiptId } from '../../src/sim/ids.js';
import { messageState, outcomeFor, receiptDate, receiptText, receiptWanted } from '../../src/sim/receipts.js';

describe('receiptWanted', () => {
  it.each([
    [0x00, 'DELIVRD', false], [0x00, 'UNDELIV', false],
    [0x01, 'DELIVRD', true], [0x01, 'UNDELIV', true], [0x01, 'EXPIRED', true],
    [0x02, 'DELIVRD', false], [0x02, 'UNDELIV', true],
    [0x03, 'DELIVRD', true], [0x03, 'REJECTD', false],
    [0x01, 'ENROUTE', false], [0x11, 'ENROUTE', true], [0x10, 'ACCEPTD', false],
    [0x01, 'ACCEPTD', true], [0x02, 'ACCEPTD', false], // final, and not a failure
    [0x11, 'DELIVRD', true], [0x10, 'DELIVRD', false],
  ])('registered_delivery 0x%s, stat %s → %s', (rd, stat, wanted) => {
    expect(receiptWanted(rd, stat)).toBe(wanted);
  });
});

it.each([
  ['ENROUTE', 1], ['DELIVRD', 2], ['EXPIRED', 3], ['DELETED', 4], ['UNDELIV', 5],
  ['ACCEPTD', 6], ['UNKNOWN', 7], ['REJECTD', 8], ['delivrd', 2], ['WHATEVER', 7],
])('message_state of %s is %i', (stat, state) => {
  expect(messageState(stat)).toBe(state);
});

it.each([
  ['447700900123', 'UNDELIV'],
  ['4477', 'REJECTD'],
  ['33123', 'EXPIRED'],
  ['1555', 'DELIVRD'],
])('outcomeFor %s → %s', (to, stat) => {
  const outcomes = [{ to: '447700', stat: 'UNDELIV' }, { to: /^33/g, stat: 'EXPIRED' }, { to: '44', stat: 'REJECTD' }];
  expect(outcomeFor(to, outcomes).stat).toBe(stat);
  expect(outcomeFor(to, outcomes).stat).toBe(stat); // a /g RegExp must not alternate
});

it.each([
  ['same', { messageId: '3039', n: 12345 }, '3039'],
  ['decimal', { messageId: '3039', n: 12345 }, '12345'],
  ['hex', { messageId: '12345', n: 12345 }, '3039'],
  ['zero-padded-decimal', { messageId: '3039', n: 12345 }, '0000012345'],
  ['decimal', { messageId: 'scripted-id' }, 'scripted-id'],
] as const)('receiptId %s of %j is %s', (format, id, expected) => {
  expect(receiptId(id, format)).toBe(expected);
});

it('counts ids from the first one, in both forms', () => {
  const c = new IdCounter(15);
  expect([c.next('decimal'), c.next('hex')]).toEqual([{ messageId: '15', n: 15 }, { messageId: '10', n: 16 }]);
});

it('writes dates as YYMMDDhhmm (UTC) and quotes 20 characters of ASCII', () => {
  const at = Date.UTC(2024, 0, 2, 3, 4, 59);
  expect(receiptDate(at)).toBe('2401020304');
  expect(receiptText({ id: '7', stat: 'DELIVRD', err: '000', submitted: at, done: at, text: 'Grüße aus Köln, schönen Tag!' }))
    .toBe('id:7 sub:001 dlvrd:001 submit date:2401020304 done date:2401020304 stat:DELIVRD err:000 text:Gr??e aus K?ln, sch?');
});
