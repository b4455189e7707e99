// Hostile CSV for --batch: missing recipient column, ragged rows, BOM, CRLF, a 10 MB field,
// quoted multi-line values, unclosed quotes, empty files. A problem with the whole file stops the
// run before anything connects; a bad row is skipped with the line it starts on.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { jsonLines } from '../helpers/cli.js';
import { sentTo } from '../helpers/submits.js';
import { expectOneLineError, FIXTURES, put, scratch, send, sim, STACK } from './harness.js';

const fixture = (name: string) => join(FIXTURES, name);

it.each([
  ['no recipient column', 'no-to-column.csv', /--batch .*no-to-column\.csv: no "to" column in the header row \(columns: phone, text; separated by ","\); name the recipient column with --to-column, give the separator with --delimiter/],
  ['an empty file', 'empty.csv', /empty\.csv is empty; a batch file needs a header row/],
  ['a column named twice', 'twice.csv', /twice\.csv:1: column "to" appears twice in the header row/],
  ['no text column and no --text', 'no-text.csv', /no-text\.csv: no message text; give --text/],
])('%s: usage error, nothing connects', async (_what, name, message) => {
  const s = await sim();
  const r = await send(s, ['--batch', fixture(name)]);
  expectOneLineError(r, EXIT.usage, message);
  expect(s.received).toEqual([]);
});

it('a header row and no data: nothing to send, exit 0, no bind', async () => {
  const s = await sim();
  const r = await send(s, ['--batch', fixture('header-only.csv'), '--text', 'hi', '--json']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', messages: 0, accepted: 0, skipped: 0 });
  expect(s.received).toEqual([]);
});

it('ragged rows are skipped with their line and the column counts', async () => {
  const s = await sim();
  const r = await send(s, ['--batch', fixture('ragged.csv'), '--text', 'Hi {name}', '--json']);
  expect(r.code, r.stderr).toBe(EXIT.rejected);
  const out = jsonLines(r.stdout);
  expect(out.filter((e) => e.type === 'skipped').map((e) => [e.line, e.reason])).toEqual([
    [2, 'has 3 values but the header row has 2 columns'],
    [3, 'has 1 values but the header row has 2 columns'],
  ]);
  expect(s.messages.map((m) => [m.to, m.text])).toEqual([['447700900125', 'Hi c']]);
  expect(out.at(-1)).toMatchObject({ accepted: 1, skipped: 2 });
});

it('a BOM and CRLF line ends: the header is read, no CR reaches the handset', async () => {
  const s = await sim();
  const file = put(scratch(), 'bom.csv', Buffer.from('\ufeffto,name\r\n+447700900121,Ann\r\n+447700900122,"Bo\r\nb"\r\n'));
  const r = await send(s, ['--batch', file, '--text', 'Hi {name}!']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(r.stderr).toBe('');
  expect(s.messages.map((m) => [m.to, m.text])).toEqual([
    ['447700900121', 'Hi Ann!'],
    ['447700900122', 'Hi Bo\nb!'], // CRLF inside a quoted value is one LF
  ]);
});

it('quoted multi-line values: a later bad row is still reported at the line it starts on', async () => {
  const s = await sim();
  const r = await send(s, ['--batch', fixture('multiline.csv'), '--json']);
  expect(r.code, r.stderr).toBe(EXIT.rejected);
  const out = jsonLines(r.stdout);
  // multiline.csv: header 1, a 3-line value on 2-4, a good row 5, a 2-line value on 6-7, bad 8.
  expect(out.filter((e) => e.type === 'submitted').map((e) => e.line)).toEqual([2, 5, 6]);
  expect(out.filter((e) => e.type === 'skipped').map((e) => [e.line, e.to])).toEqual([[8, 'not-a-number']]);
  expect(sentTo(s)).toEqual(['447700900121', '447700900122', '447700900123']);
  expect(s.messages[0]!.text).toBe('first line\nsecond, with a comma\nthird "quoted"');
});

it('an unclosed quote ends the file with a usage error naming its line; rows before it were sent and counted', async () => {
  const s = await sim();
  const r = await send(s, ['--batch', fixture('unclosed-quote.csv'), '--json']);
  expectOneLineError(r, EXIT.usage, /unclosed-quote\.csv:3: a quoted value in this row is never closed/);
  expect(sentTo(s)).toEqual(['447700900121']);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'summary', accepted: 1, exitCode: EXIT.usage });
});

it('a 10 MB field (generated) is refused as too long, on its own line; the next row is sent', async () => {
  const s = await sim();
  const file = join(scratch(), 'big.csv');
  const out = createWriteStream(file);
  out.write('to,text\n+447700900121,"');
  const chunk = 'abcdefghij'.repeat(100_000); // 1 MB
  for (let i = 0; i < 10; i++) out.write(chunk);
  out.end('"\n+447700900122,small\n');
  await once(out, 'close');
  const r = await send(s, ['--batch', file, '--json'], { timeoutMs: 30_000 });
  expect(r.code, r.stderr).toBe(EXIT.rejected);
  const events = jsonLines(r.stdout);
  expect(events.filter((e) => e.type === 'skipped').map((e) => [e.line, e.reason])).toEqual([
    [2, expect.stringMatching(/10000000 UTF-16 units long, far more than 255 SMS can carry/)],
  ]);
  expect(sentTo(s)).toEqual(['447700900122']);
  expect(r.stdout + r.stderr).not.toMatch(STACK);
  expect(r.stdout.length).toBeLessThan(10_000); // the field is not echoed back
});

it.each([
  ['semicolons (a European spreadsheet export), "To" capitalised', 'To;name\n+447700900121;Ann\n+447700900122;"Bo; b"\n', []],
  ['tabs, "TO" in capitals', 'TO\tname\n+447700900121\tAnn\n+447700900122\tBo; b\n', []],
  ['pipes with --delimiter', 'to|name\n+447700900121|Ann\n+447700900122|Bo; b\n', ['--delimiter', '|']],
])('CSV separated by %s: every row sent with its own fields', async (_what, body, extra) => {
  const s = await sim();
  const file = put(scratch(), 'people.csv', body);
  const r = await send(s, ['--batch', file, '--text', 'Hi {name}', ...extra]);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(s.messages.map((m) => [m.to, m.text])).toEqual([
    ['447700900121', 'Hi Ann'],
    ['447700900122', 'Hi Bo; b'],
  ]);
});

it('--delimiter takes one character or tab', async () => {
  const s = await sim();
  const r = await send(s, ['--batch', 'x.csv', '--delimiter', ';;', '--text', 'hi']);
  expectOneLineError(r, EXIT.usage, /--delimiter.*";;".*one character such as ; or ,, or tab/);
  expect(s.received).toEqual([]);
});
