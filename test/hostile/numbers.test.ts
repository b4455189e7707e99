// Hostile phone numbers and sender names, through the built CLI against the simulator. A bad
// number on the command line is a usage error found before anything connects; a bad number in a
// file is skipped with its line, the rest is sent, and the summary accounts for every row.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { jsonLines } from '../helpers/cli.js';
import { sentTo, submits } from '../helpers/submits.js';
import { expectOneLineError, lines, put, scratch, send, sim } from './harness.js';

it.each([
  ['letters', ['--to', 'abc'], /--to "abc": a destination must be a phone number/],
  ['16 digits', ['--to', '1234567890123456'], /--to "1234567890123456": too long \(16 digits\); a phone number has at most 15/],
  ['empty', ['--to', ''], /invalid value for --to: ""; expected phone numbers/],
  ['+ alone', ['--to', '+'], /--to "\+": no digits after \+/],
  ['a country code alone', ['--to', '+44'], /--to "\+44": too short for an international number \(2 digits\); with its country code it has at least 7/],
  ['0 after +', ['--to', '+0447700900123'], /--to "\+0447700900123": country codes never start with 0/],
  ['one bad among good ones', ['--to', '+447700900123,abc,+447700900124'], /--to "abc"/],
  ['sender name of 12 characters', ['--to', '+447700900123', '--from', 'ABCDEFGHIJKL'], /--from "ABCDEFGHIJKL": a sender name holds at most 11 characters, this one 12/],
  ['sender name of 11 septets with €', ['--to', '+447700900123', '--from', 'Shop€€€€€€'], /--from "Shop€€€€€€": .* this one 16 \(.*count 2\)/],
  ['TON out of range', ['--to', '+447700900123', '--to-ton', '7'], /--to-ton/],
])('%s: usage error, nothing connects', async (_what, args, message) => {
  const s = await sim();
  const r = await send(s, [...args, '--text', 'hi']);
  expectOneLineError(r, EXIT.usage, message);
  expect(s.received).toEqual([]); // not even a bind: the number was checked first
});

it('spaces and dashes are dropped: "+44 7700-900 123" goes out as 447700900123, TON 1 NPI 1', async () => {
  const s = await sim();
  const r = await send(s, ['--to', '+44 7700-900 123', '--text', 'hi', '--json']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(r.stderr).toBe('');
  expect(submits(s).map((p) => [p.fields.destination_addr, p.fields.dest_addr_ton, p.fields.dest_addr_npi])).toEqual([
    ['447700900123', 1, 1],
  ]);
});

it('00 + country code goes out as international (TON 1, "00" dropped); --to-ton 0 sends it as typed', async () => {
  const s = await sim();
  const r = await send(s, ['--to', '00447700900123', '--text', 'hi']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  const r2 = await send(s, ['--to', '00447700900123', '--to-ton', '0', '--text', 'hi']);
  expect(r2.code, r2.stderr).toBe(EXIT.ok);
  expect(submits(s).map((p) => [p.fields.destination_addr, p.fields.dest_addr_ton, p.fields.dest_addr_npi])).toEqual([
    ['447700900123', 1, 1],
    ['00447700900123', 0, 1],
  ]);
});

it('a "(0)" trunk prefix after the country code is dropped: "+44 (0)7700-900123" goes out as 447700900123', async () => {
  const s = await sim();
  const r = await send(s, ['--to', '+44 (0)7700-900123', '--text', 'hi']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(sentTo(s)).toEqual(['447700900123']);
});

const ROWS = [
  'to,text',
  '+447700900121,one', // line 2
  'abc,two', // line 3: letters
  '+4477009001234567,three', // line 4: 16 digits
  '+447700900125,four', // line 5
].join('\n');

it('bad numbers in a CSV are skipped with their line; the rest is sent; exit 6; the summary counts every row', async () => {
  const s = await sim();
  const file = put(scratch(), 'people.csv', ROWS);
  const r = await send(s, ['--batch', file, '--json']);
  expect(r.code, r.stderr).toBe(EXIT.rejected);
  expect(r.stderr).toBe(''); // with --json the problems are events on stdout
  const out = jsonLines(r.stdout);
  expect(out.filter((e) => e.type === 'skipped').map((e) => [e.line, e.to, e.reason])).toEqual([
    [3, 'abc', expect.stringMatching(/not letters/)],
    [4, '+4477009001234567', expect.stringMatching(/too long \(16 digits\)/)],
  ]);
  expect(out.filter((e) => e.type === 'submitted').map((e) => e.line)).toEqual([2, 5]);
  expect(sentTo(s)).toEqual(['447700900121', '447700900125']);
  const summary = out.at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', accepted: 2, skipped: 2, rejected: 0, unsent: 0, exitCode: EXIT.rejected });
  expect(summary.accepted + summary.skipped).toBe(4); // every data row accounted for
});

it('without --json each skipped row is one stderr line naming file:line', async () => {
  const s = await sim();
  const file = put(scratch(), 'people.csv', ROWS);
  const r = await send(s, ['--batch', file]);
  expect(r.code, r.stderr).toBe(EXIT.rejected);
  const err = lines(r.stderr);
  expect(err).toHaveLength(2);
  expect(err[0]).toContain(`${file}:3`);
  expect(err[1]).toContain(`${file}:4`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

it('--strict stops at the first bad row: the row before it is sent, nothing after it', async () => {
  const s = await sim();
  const file = put(scratch(), 'people.csv', ROWS);
  const r = await send(s, ['--batch', file, '--strict', '--json']);
  // Usage error: the input is bad. stderr holds the one line; the summary repeats it.
  expectOneLineError(r, EXIT.usage, new RegExp(`${file}:3: to "abc".*--strict`));
  expect(sentTo(s)).toEqual(['447700900121']); // line 2 only; line 5 was never sent
  const out = jsonLines(r.stdout);
  expect(out.at(-1)).toMatchObject({ type: 'summary', accepted: 1, skipped: 1, error: expect.stringContaining(`${file}:3`) });
});
