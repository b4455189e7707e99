// Hostile message texts: invalid UTF-8, NUL bytes, lone surrogates, empty, too many parts. Text
// given once (--text, --text -) is a usage error before anything connects; a bad text in a file
// row is skipped with its line and the other rows are sent.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { TextError } from '../../src/errors.js';
import { planMessage, type PlanOptions } from '../../src/sms/plan.js';
import { jsonLines } from '../helpers/cli.js';
import { sentTo } from '../helpers/submits.js';
import { expectOneLineError, put, scratch, send, sim } from './harness.js';

const TO = ['--to', '+447700900123'];

it.each([
  ['invalid UTF-8 (FF)', Buffer.from('hi \xff there\n', 'latin1'), /--text -: standard input line 1 is not valid UTF-8/],
  ['a CESU-8 surrogate (ED A0 80)', Buffer.from([0x68, 0x69, 0xed, 0xa0, 0x80, 0x0a]), /--text -: standard input line 1 is not valid UTF-8/],
  ['invalid UTF-8 on line 3', Buffer.concat([Buffer.from('one\ntwo\nthr'), Buffer.from([0xc3, 0x28]), Buffer.from('ee\n')]), /standard input line 3 is not valid UTF-8/],
  ['a NUL byte', Buffer.from('hi\0there\n'), /text has a NUL character at position 3/],
  ['nothing', Buffer.alloc(0), /no message text: standard input was empty/],
  ['a lone newline', Buffer.from('\n'), /no message text: standard input was empty/],
])('--text - with %s: usage error, no bind', async (_what, input, message) => {
  const s = await sim();
  const r = await send(s, [...TO, '--text', '-'], { input });
  expectOneLineError(r, EXIT.usage, message);
  expect(s.received).toEqual([]);
});

it('no --text and nothing piped in: says what happened (the text is read from the empty stdin)', async () => {
  const s = await sim();
  const r = await send(s, TO, { input: '' });
  expectOneLineError(r, EXIT.usage, /^error: no message text: standard input was empty \(without --text, or with --text -, the text is read from it\); pipe the message text in, or give --text/);
  expect(r.stderr).not.toMatch(/--text -:/);
  expect(s.received).toEqual([]);
});

it.each([
  ['empty --text', ['--text', ''], /invalid value for --text: ""/],
  ['only spaces', ['--text', '   '], /--text is blank/],
  ['more parts than --max-parts', ['--text', 'a'.repeat(2000)], /needs 14 parts .* --max-parts is 10/],
  ['more than --max-parts 1', ['--text', 'a'.repeat(161), '--max-parts', '1'], /needs 2 parts .* --max-parts is 1/],
  ['UCS2 over --max-parts', ['--text', 'ж'.repeat(71), '--max-parts', '1'], /needs 2 parts/],
  ['unencodable with --coding gsm7', ['--text', 'hi 😀', '--coding', 'gsm7'], /cannot be sent as GSM.*"😀" at 4/i],
])('%s: usage error, no bind', async (_what, args, message) => {
  const s = await sim();
  const r = await send(s, [...TO, ...args]);
  expectOneLineError(r, EXIT.usage, message);
  expect(s.received).toEqual([]);
});

it('a text at exactly --max-parts is sent', async () => {
  const s = await sim();
  const r = await send(s, [...TO, '--text', 'a'.repeat(306), '--max-parts', '2']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(s.messages.map((m) => [m.parts, m.text.length])).toEqual([[2, 306]]);
});

// Rows: the good ones are sent, each bad one is skipped with its line (exit 6).
it.each([
  [
    '--to-file with an invalid UTF-8 line',
    'to.txt',
    Buffer.concat([Buffer.from('+447700900121\n+44770'), Buffer.from([0xff]), Buffer.from('0900122\n+447700900123\n')]),
    ['--text', 'hi'],
    [[2, /not valid UTF-8/]],
    ['447700900121', '447700900123'],
  ],
  [
    'CSV with an invalid UTF-8 text cell',
    'rows.csv',
    Buffer.concat([Buffer.from('to,text\n+447700900121,ok\n+447700900122,bad '), Buffer.from([0xc3, 0x28]), Buffer.from('\n+447700900123,ok\n')]),
    [],
    [[3, /not valid UTF-8/]],
    ['447700900121', '447700900123'],
  ],
  [
    'JSON Lines with invalid UTF-8',
    'rows.jsonl',
    Buffer.concat([Buffer.from('{"to":"+447700900121","text":"ok"}\n{"to":"+447700900122","text":"'), Buffer.from([0xfe]), Buffer.from('"}\n{"to":"+447700900123","text":"ok"}\n')]),
    [],
    [[2, /not valid UTF-8/]],
    ['447700900121', '447700900123'],
  ],
  [
    'CSV with a NUL in a text cell',
    'rows.csv',
    'to,text\n+447700900121,ok\n+447700900122,a\0b\n',
    [],
    [[3, /NUL character at position 2/]],
    ['447700900121'],
  ],
  [
    'JSON Lines with a lone surrogate escape',
    'rows.jsonl',
    '{"to":"+447700900121","text":"a\\ud800b"}\n{"to":"+447700900122","text":"\\udc00"}\n{"to":"+447700900123","text":"ok \\ud83d\\ude00"}\n',
    [],
    [[1, /lone UTF-16 surrogate \(U\+D800\) at 2/], [2, /lone UTF-16 surrogate \(U\+DC00\) at 1/]],
    ['447700900123'], // a proper pair (an emoji) is fine
  ],
  [
    'CSV with an empty text cell and no template',
    'rows.csv',
    'to,text\n+447700900121,\n+447700900122,ok\n',
    [],
    [[2, /empty text/]],
    ['447700900122'],
  ],
  [
    'CSV with a text over --max-parts',
    'rows.csv',
    `to,text\n+447700900121,${'x'.repeat(161)}\n+447700900122,ok\n`,
    ['--max-parts', '1'],
    [[2, /needs 2 parts/]],
    ['447700900122'],
  ],
])('%s: skipped with its line, the rest sent, exit 6', async (_what, name, body, args, bad, sent) => {
  const s = await sim();
  const file = put(scratch(), name, body);
  const input = name.endsWith('.txt') ? '--to-file' : '--batch';
  const r = await send(s, [input, file, ...(args as string[]), '--json']);
  expect(r.code, r.stderr).toBe(EXIT.rejected);
  expect(r.stderr).toBe('');
  const out = jsonLines(r.stdout);
  const skipped = out.filter((e) => e.type === 'skipped');
  expect(skipped.map((e) => [e.line, e.reason])).toEqual(
    (bad as [number, RegExp][]).map(([line, why]) => [line, expect.stringMatching(why)]),
  );
  expect(sentTo(s)).toEqual(sent);
  const summary = out.at(-1)!;
  expect(summary).toMatchObject({ type: 'summary', accepted: (sent as string[]).length, skipped: (bad as unknown[]).length });
});

const PLAN: PlanOptions = { coding: 'auto', smscAlphabet: 'gsm7', split: 'udh8', maxParts: 10, flash: false, transliterate: false, ref: 1 };

it.each([
  ['a\ud800b', /lone UTF-16 surrogate \(U\+D800\) at 2/],
  ['\udfff', /U\+DFFF\) at 1/],
  ['😀\ud83d', /U\+D83D\) at 2/], // positions count characters from 1: the emoji before it is one
  ['\ude00\ud83d', /U\+DE00\) at 1/], // a pair in the wrong order is two lone halves
])('planMessage refuses %j', (text, message) => {
  expect(() => planMessage({ text }, PLAN)).toThrow(TextError);
  expect(() => planMessage({ text }, PLAN)).toThrow(message);
});

it('planMessage refuses a huge text before looking at each character, and only a hopeless one', () => {
  expect(() => planMessage({ text: 'a'.repeat(326_401) }, PLAN)).toThrow(/326401 UTF-16 units long, far more than 255 SMS/);
  // The largest text 255 parts carry is still planned (and only then refused by --max-parts).
  expect(planMessage({ text: 'a'.repeat(255 * 153) }, { ...PLAN, maxParts: 255 }).parts).toHaveLength(255);
  // Four code points NFC merges into one UCS2 character (ᾇ): 255 parts of them are well inside the bound.
  const greek = 'α\u0314\u0342\u0345'.repeat(255 * 67);
  expect(planMessage({ text: greek }, { ...PLAN, maxParts: 255 }).parts).toHaveLength(255);
});

it('planMessage keeps a proper surrogate pair', () => {
  expect(planMessage({ text: 'ok 😀' }, PLAN).parts[0]!.payload.toString('hex')).toBe('006f006b0020d83dde00');
});
