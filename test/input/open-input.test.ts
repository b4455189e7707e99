// Inputs reach the CSV parser in small pieces (src/input/open-input.ts): csv-parse turns a whole
// chunk into records at once, so a 64 KiB chunk made ~3,000 messages wait at once and get
// copied into V8's old generation. A file is read 4 KiB at a time; standard input, which a pipe
// hands over in up to 64 KiB, is cut into pieces of 4 KiB.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { openInput } from '../../src/input/open-input.js';

const dir = mkdtempSync(join(tmpdir(), 'smpp-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunksOf(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer | string>) out.push(Buffer.from(c));
  return out;
}

/** 20,000 bytes of CSV-like lines, each different, so a reordered or lost piece shows. */
const BIG = Buffer.from(Array.from({ length: 1000 }, (_, i) => `+4477${String(i).padStart(8, '0')},N${i}\n`).join('').padEnd(20_000, 'x'));

it('standard input given in one 20,000-byte chunk comes out in pieces of at most 4 KiB, every byte in order', async () => {
  const input = await openInput('-', Readable.from([BIG, Buffer.from('tail\n')]), '--batch');
  expect(input.name).toBe('stdin');
  const chunks = await chunksOf(input.stream);
  expect(chunks.map((c) => c.length)).toEqual([4096, 4096, 4096, 4096, 3616, 5]);
  expect(Buffer.concat(chunks).equals(Buffer.concat([BIG, Buffer.from('tail\n')]))).toBe(true);
});

it('standard input given as text passes as it is', async () => {
  const input = await openInput('-', Readable.from(['to,name\n', '+1,Ann\n']), '--batch');
  expect(Buffer.concat(await chunksOf(input.stream)).toString()).toBe('to,name\n+1,Ann\n');
});

it('a file is read 4 KiB at a time', async () => {
  const path = join(dir, 'rows.csv');
  writeFileSync(path, BIG);
  const chunks = await chunksOf((await openInput(path, Readable.from([]), '--batch')).stream);
  expect(Math.max(...chunks.map((c) => c.length))).toBe(4096);
  expect(Buffer.concat(chunks).equals(BIG)).toBe(true);
});

it('an error reading standard input reaches the reader', async () => {
  const failing = new Readable({ read() { this.destroy(Object.assign(new Error('read EIO'), { code: 'EIO' })); } });
  await expect(chunksOf((await openInput('-', failing, '--batch')).stream)).rejects.toThrow(/EIO/);
});
