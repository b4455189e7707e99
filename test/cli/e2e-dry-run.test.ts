// --dry-run as an operator's cost estimate, through main(io): totals of messages and SMS per
// encoding (human and JSON), positions counted from 1, invisible characters named, and the
// SMSC's own default alphabet named when it is not GSM.
import { expect, it } from 'vitest';
import { jsonLines } from '../helpers/cli.js';
import { closedPort, expectExit, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli(runMain);

async function dry(...args: string[]) {
  return cli(['--port', String(await closedPort()), '--dry-run', ...args]);
}

const TO3 = ['--to', '+447700900121,+447700900122,+447700900123'];

it('a batch ends with messages and SMS per encoding; JSON parts is the real total', async () => {
  // Each recipient gets the same text: 161 GSM characters, two SMS each.
  const r = await dry(...TO3, '--text', 'x'.repeat(161));
  expectExit(r, 0);
  expect(r.stdout.trim().split('\n').at(-1)).toBe(
    'Dry run: 3 messages planned, 6 SMS (GSM 7-bit: 3 messages, 6 SMS); nothing was sent',
  );
  const j = await dry(...TO3, '--text', 'x'.repeat(161), '--json');
  expect(jsonLines(j.stdout).at(-1)).toMatchObject({
    type: 'summary', dryRun: true, messages: 3, parts: 6, byEncoding: { gsm7: { messages: 3, parts: 6 } },
  });
});

it('mixed encodings are counted apart', async () => {
  const dir = testDir('smpp-dry-');
  const file = `${dir}/people.csv`;
  (await import('node:fs')).writeFileSync(file, 'to,text\n+447700900121,hello\n+447700900122,привет\n+447700900123,hi\n');
  const r = await dry('--batch', file, '--json');
  expectExit(r, 0);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ messages: 3, parts: 3, byEncoding: { gsm7: { messages: 2, parts: 2 }, ucs2: { messages: 1, parts: 1 } } });
  const h = await dry('--batch', file);
  expect(h.stdout).toMatch(/Dry run: 3 messages planned, 3 SMS \(GSM 7-bit: 2 messages, 2 SMS; UCS-2: 1 message, 1 SMS\); nothing was sent/);
});

it('positions count from 1 and invisible characters are named by code point', async () => {
  const r = await dry('--to', '+447700900123', '--text', 'ab\tc\u00a0d\u200de');
  expectExit(r, 0);
  expect(r.stdout).toContain('UCS-2 because of U+0009 (tab) at 3, U+00A0 (no-break space) at 5, U+200D (zero width joiner) at 7');
  const bad = await dry('--to', '+447700900123', '--text', 'hi 😀', '--coding', 'gsm7');
  expectExit(bad, 2);
  expect(bad.stderr).toMatch(/"😀" at 4/);
});

it('--smsc-alphabet latin1: says Latin-1, not GSM 7-bit septets', async () => {
  const r = await dry('--to', '+447700900123', '--text', 'Grüße', '--smsc-alphabet', 'latin1');
  expectExit(r, 0);
  expect(r.stdout).toContain("Latin-1 (the SMSC's default alphabet), data_coding 0x00, 5 characters, 5 GSM septets on the air, 1 part");
  expect(r.stdout).not.toMatch(/GSM 7-bit, data_coding/);
  const j = await dry('--to', '+447700900123', '--text', 'Grüße', '--smsc-alphabet', 'latin1', '--json');
  expect(jsonLines(j.stdout)[0]).toMatchObject({ type: 'plan', encoding: 'gsm7', dataCoding: 0, smscAlphabet: 'latin1' });
});
