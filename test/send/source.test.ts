import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { messageHash } from '../../src/send/dedupe.js';
import { openSource, type SourceItem, type SourceOptions } from '../../src/send/source.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('smpp-send-source-');
let n = 0;
function file(content: string | Buffer, ext = 'csv'): string {
  const p = join(dir, `f${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
}

function opts(o: Partial<SourceOptions>): SourceOptions {
  return { to: [], toColumn: 'to', allowDuplicates: false, stdin: Readable.from([]), ...o };
}

async function collect(o: Partial<SourceOptions>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of openSource(opts(o))) out.push(item);
  return out;
}

/** Items as short strings: `m 2 +447 "Hi"`, `s 4 reason`, `d 5`. */
async function brief(o: Partial<SourceOptions>): Promise<string[]> {
  return (await collect(o)).map((i) =>
    i.kind === 'message'
      ? `m ${i.message.line ?? '-'} ${i.message.to}${i.message.from ? ` from ${i.message.from}` : ''} ${JSON.stringify(i.message.text)}`
      : `${i.kind[0]} ${i.row.line ?? '-'} ${i.row.reason}`,
  );
}

async function usageError(o: Partial<SourceOptions>): Promise<UsageError> {
  try {
    await collect(o);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('--to flags and --to-file', () => {
  it('sends the literal text to each --to, braces included', async () => {
    expect(await brief({ to: ['+447700900001', ' 447700900002 ', ''], text: 'Disk {91%} full' })).toEqual([
      'm - +447700900001 "Disk {91%} full"',
      'm - 447700900002 "Disk {91%} full"',
    ]);
  });

  it('keys a message by recipient, sender and text, with the occurrence', async () => {
    const [item] = await collect({ to: ['123'], text: 'hi' });
    const h = messageHash('123', '', 'hi');
    expect(item).toEqual({ kind: 'message', message: { key: `${h.hex}#1`, to: '123', text: 'hi', source: 'flags' } });
    expect(h.hex).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keys a --hex message by its bytes and gives it no text', async () => {
    const [a] = await collect({ to: ['1'], hex: '0A0B' });
    const [b] = await collect({ to: ['1'], hex: '0a0c' });
    expect(a!.kind === 'message' && 'text' in a.message).toBe(false);
    expect(a!.kind === 'message' && a.message.key).toBe(`${messageHash('1', '', '0a0b').hex}#1`);
    expect(a!.kind === 'message' && b!.kind === 'message' && a.message.key !== b.message.key).toBe(true);
  });

  it('reads one recipient a line, skipping blanks and # comments, CRLF and BOM included', async () => {
    const p = file('\ufeff# list\r\n111\r\n\r\n  222  \n# 333\n444', 'txt');
    expect(await brief({ toFile: p, text: 'x' })).toEqual(['m 2 111 "x"', 'm 4 222 "x"', 'm 6 444 "x"']);
  });

  it('reads --to-file - from stdin', async () => {
    expect(await brief({ toFile: '-', stdin: Readable.from(['1\n', '2\n']), text: 'x' })).toEqual(['m 1 1 "x"', 'm 2 2 "x"']);
  });

  it('skips a --to-file line that is not UTF-8, with its number', async () => {
    const p = file(Buffer.concat([Buffer.from('1\n'), Buffer.from([0x32, 0xff, 0x0a]), Buffer.from('3\n')]), 'txt');
    expect(await brief({ toFile: p, text: 'x' })).toEqual(['m 1 1 "x"', 's 2 not valid UTF-8', 'm 3 3 "x"']);
  });

  it.each([
    [{ toFile: join(dir, 'nope.txt'), text: 'x' }, /--to-file .*nope\.txt: file not found/],
    [{ toFile: dir, text: 'x' }, /is a directory/],
    [{ batch: join(dir, 'nope.csv'), text: 'x' }, /--batch .*nope\.csv: file not found/],
    [{ to: ['1'] }, /no message text/],
    [{ to: ['1'], text: 'a', hex: '00' }, /--text and --hex/],
    [{ toFile: '-', batch: '-', text: 'x' }, /--to-file - and --batch - both read standard input/],
    [{ text: '-', toFile: '-' }, /--text - and --to-file - both/],
  ] as [Partial<SourceOptions>, RegExp][])('refuses the whole input: %j', async (o, message) => {
    expect((await usageError(o)).message).toMatch(message);
  });
});

describe('--text - (standard input)', () => {
  it('reads all of stdin and strips one trailing newline', async () => {
    const stdin = Readable.from([Buffer.from('line one\nline tw'), Buffer.from('o ünïcode\n\n')]);
    expect(await brief({ to: ['1'], text: '-', stdin })).toEqual(['m - 1 "line one\\nline two ünïcode\\n"']);
  });

  it('strips a CRLF too', async () => {
    expect(await brief({ to: ['1'], text: '-', stdin: Readable.from(['hi\r\n']) })).toEqual(['m - 1 "hi"']);
  });

  it.each([
    [[Buffer.from('ok\n'), Buffer.from([0x61, 0xe9, 0x0a])], /standard input line 2 is not valid UTF-8/],
    [['\n'], /standard input was empty/],
  ])('refuses %j', async (chunks, message) => {
    expect((await usageError({ to: ['1'], text: '-', stdin: Readable.from(chunks) })).message).toMatch(message);
  });

  it('uses the stdin text as the template for a batch', async () => {
    const p = file('to,name\n1,Ann\n');
    expect(await brief({ batch: p, text: '-', stdin: Readable.from(['Hi {name}\n']) })).toEqual(['m 2 1 "Hi Ann"']);
  });
});

describe('--batch CSV', () => {
  it('fills the template from each row; BOM, CRLF, spaces and quoted commas handled', async () => {
    const p = file('\ufeffto , name,code\r\n+4477001, Ann ,"1,2"\r\n4477002,"  Bob ",\r\n');
    expect(await brief({ batch: p, text: 'Hi {name}, code {code} {{ok}}' })).toEqual([
      'm 2 +4477001 "Hi Ann, code 1,2 {ok}"',
      'm 3 4477002 "Hi   Bob , code  {ok}"',
    ]);
  });

  it('keeps line numbers right after a quoted value spanning lines (LF and CRLF)', async () => {
    const p = file('to,name\r\n1,"a\r\nb\r\nc"\r\n2,x,extra\r\n3,"d\ne"\n4\n5,ok\n');
    expect(await brief({ batch: p, text: '{name}' })).toEqual([
      'm 2 1 "a\\nb\\nc"',
      's 5 has 3 values but the header row has 2 columns',
      'm 6 3 "d\\ne"',
      's 8 has 1 values but the header row has 2 columns',
      'm 9 5 "ok"',
    ]);
  });

  it('uses a per-row text and from column; an empty text cell keeps the template', async () => {
    const p = file('to,text,from,name\n1,Own text,ACME,Ann\n2,,,Bob\n3,,  ,\n');
    expect(await brief({ batch: p, text: 'Hi {name}' })).toEqual([
      'm 2 1 from ACME "Own text"',
      'm 3 2 "Hi Bob"',
      'm 4 3 "Hi "',
    ]);
  });

  it('sends a text column alone, without --text', async () => {
    const p = file('to,text\n1,hello\n2,\n');
    expect(await brief({ batch: p })).toEqual(['m 2 1 "hello"', 's 3 empty text']);
  });

  it('skips rows without a recipient, with empty text or a NUL', async () => {
    const p = file('to,name\n,Ann\n2,\n3,"a\u0000b"\n');
    expect(await brief({ batch: p, text: '{name}' })).toEqual([
      's 2 no recipient',
      's 3 empty text',
      's 4 text has a NUL character at position 2',
    ]);
  });

  it('skips a row holding invalid UTF-8 and carries on', async () => {
    const p = file(Buffer.concat([Buffer.from('to,name\n1,"a\nb"\n2,Ren'), Buffer.from([0xe9]), Buffer.from('\n3,ok\n')]));
    expect(await brief({ batch: p, text: '{name}' })).toEqual(['m 2 1 "a\\nb"', 's 4 not valid UTF-8', 'm 5 3 "ok"']);
  });

  it('catches invalid UTF-8 split across stream chunks, and accepts a valid character split so', async () => {
    const e = Buffer.from('é'); // c3 a9
    const stdin = Readable.from([Buffer.from('to,name\n1,x'), e.subarray(0, 1), Buffer.concat([e.subarray(1), Buffer.from('\n2,y')]), Buffer.from([0xc3]), Buffer.from('\n3,z\r'), Buffer.from('\n')]);
    expect(await brief({ batch: '-', stdin, text: '{name}' })).toEqual(['m 2 1 "xé"', 's 3 not valid UTF-8', 'm 4 3 "z"']);
  });

  it('reads a 10 MB value in one field', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const p = file(`to,text\n1,"${big}"\n2,small\n`);
    const items = await collect({ batch: p });
    expect(items.map((i) => i.kind === 'message' && [i.message.line, i.message.text!.length])).toEqual([
      [2, big.length],
      [3, 5],
    ]);
  });

  it('passes each message to validate and skips it with the reason given', async () => {
    const p = file('to,text\n1,a\nbad,b\n');
    const items = await collect({ batch: p, validate: (m) => (m.to === 'bad' ? 'destination "bad" is not a number' : undefined) });
    expect(items[1]).toEqual({
      kind: 'skipped',
      row: { line: 3, source: p, to: 'bad', key: expect.stringMatching(/#1$/), reason: 'destination "bad" is not a number' },
    });
  });

  it.each([
    ['to,name\n1,a\n', 'Hi {nmae}', /--text uses \{nmae\} but --batch .* has no such column \(columns: to, name\)/],
    ['name\nAnn\n', 'Hi {name}', /no "to" column in the header row \(columns: name; separated by ","\)/],
    ['', 'x', /is empty/],
    ['to,to\n1,2\n', 'x', /column "to" appears twice/],
    ['to,name\n1,a\n', 'Hi {name', /\{ at character 4 is not closed/],
    ['to,name\n', undefined, /no message text/],
  ])('refuses %j with --text %j before anything is sent', async (content, text, message) => {
    const p = file(content);
    const it = openSource(opts({ to: [], batch: p, ...(text !== undefined ? { text } : {}) }))[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow(message);
  });

  it('refuses a template field for --to recipients, who have no row', async () => {
    const p = file('to,name\n1,a\n');
    expect((await usageError({ to: ['2'], batch: p, text: 'Hi {name}' })).message).toMatch(/--to or --to-file do not have/);
  });

  it('stops with the line of a never-closed quote, after the rows before it', async () => {
    const p = file('to,text\n1,ok\n2,"never closed\n3,x\n');
    const seen: string[] = [];
    await expect(async () => {
      for await (const i of openSource(opts({ batch: p }))) seen.push(i.kind);
    }).rejects.toThrow(/:3: a quoted value in this row is never closed/);
    expect(seen).toEqual(['message']);
  });

  it('reads rows with --to-column naming the recipient column', async () => {
    const p = file('msisdn,text\n1,a\n');
    expect(await brief({ batch: p, toColumn: 'msisdn' })).toEqual(['m 2 1 "a"']);
  });
});

describe('--batch JSON Lines', () => {
  it('fills the template from each object and skips bad lines with their numbers', async () => {
    const p = file(
      [
        '{"to":"1","name":"Ann"}',
        '',
        '{"to":2,"name":"Bob","from":"ACME"}',
        '{"to":"3"}',
        '{"to":"4","name":',
        '[1]',
        '{"name":"x"}',
        '{"to":"5","text":"own","name":null}',
        '{"to":"6","name":null}',
      ].join('\n'),
      'jsonl',
    );
    expect(await brief({ batch: p, text: 'Hi {name}' })).toEqual([
      'm 1 1 "Hi Ann"',
      'm 3 2 from ACME "Hi Bob"',
      's 4 no "name" field for the --text template',
      expect.stringMatching(/^s 5 not valid JSON/),
      's 6 not a JSON object',
      's 7 no "to" field (or not a string)',
      'm 8 5 "own"',
      'm 9 6 "Hi "',
    ]);
  });

  it('matches to, text and from case-insensitively, as CSV columns (issue 12); template fields exactly, as in CSV', async () => {
    const p = file(['{"To":"1","TEXT":"a"}', '{"TO":"2","From":"ACME","name":"Bob","Name":"x"}', '{"to":"3","To":"4","text":"exact wins"}', '{"tO":"5","To":"6","text":"two, neither exact"}'].join('\n'), 'jsonl');
    expect(await brief({ batch: p, text: 'Hi {name}' })).toEqual([
      'm 1 1 "a"',
      'm 2 2 from ACME "Hi Bob"',
      'm 3 3 "exact wins"',
      's 4 no "to" field (or not a string)',
    ]);
    expect(await brief({ batch: file('{"Phone":"7","text":"x"}\n', 'jsonl'), toColumn: 'phone' })).toEqual(['m 1 7 "x"']);
    expect(await brief({ batch: file('{"to":"1","Name":"Bob"}\n', 'jsonl'), text: 'Hi {name}' })).toEqual(['s 1 no "name" field for the --text template']);
  });

  it('picks JSON Lines by --batch-format or .ndjson', async () => {
    const p = file('{"to":"1","text":"a"}\n', 'txt');
    expect(await brief({ batch: p, batchFormat: 'jsonl' })).toEqual(['m 1 1 "a"']);
    expect(await brief({ batch: file('{"to":"1","text":"a"}\n', 'ndjson') })).toEqual(['m 1 1 "a"']);
  });

  it('skips a line that is not UTF-8', async () => {
    const p = file(Buffer.concat([Buffer.from('{"to":"1","text":"a'), Buffer.from([0xff]), Buffer.from('"}\n{"to":"2","text":"b"}\n')]), 'jsonl');
    expect(await brief({ batch: p })).toEqual(['s 1 not valid UTF-8', 'm 2 2 "b"']);
  });
});

describe('duplicates', () => {
  const csv = 'to,text\n1,a\n2,a\n1,a\n1,b\n1,a\n';

  it('reports a repeated recipient and text as a duplicate', async () => {
    const items = await collect({ batch: file(csv) });
    expect(items.map((i) => `${i.kind} ${i.kind === 'message' ? i.message.key.split('#')[1] : i.row.key?.split('#')[1]}`)).toEqual([
      'message 1', 'message 1', 'duplicate 2', 'message 1', 'duplicate 3',
    ]);
  });

  it('sends it with --allow-duplicates, each with its own occurrence in the key', async () => {
    const items = await collect({ batch: file(csv), allowDuplicates: true });
    const keys = items.map((i) => (i.kind === 'message' ? i.message.key : i.kind));
    expect(keys.map((k) => k.split('#')[1])).toEqual(['1', '1', '2', '1', '3']);
    expect(new Set(keys).size).toBe(5);
    expect(keys[0]!.split('#')[0]).toBe(keys[2]!.split('#')[0]);
  });

  it('counts across inputs, and not a row that validate refused', async () => {
    const items = await collect({
      to: ['1', '1'],
      batch: file('to,text\n1,x\n'),
      text: 'x',
      validate: (() => {
        let first = true;
        return () => (first ? ((first = false), 'refused once') : undefined);
      })(),
    });
    expect(items.map((i) => i.kind)).toEqual(['skipped', 'message', 'duplicate']);
  });

  it('gives the same keys when the same input is read again (resume)', async () => {
    const p = file(csv);
    const keys = async () => (await collect({ batch: p, allowDuplicates: true })).map((i) => i.kind === 'message' && i.message.key);
    expect(await keys()).toEqual(await keys());
  });
});

describe('streaming', () => {
  it('yields the first rows of a 200k-line input before the input is read to the end', async () => {
    const lines = 200_000;
    const perChunk = 1000;
    let pushed = 0;
    const stdin = new Readable({
      read() {
        if (pushed >= lines) return void this.push(null);
        let s = pushed === 0 ? 'to,name\n' : '';
        for (let i = 0; i < perChunk; i++) s += `${4477000000 + pushed + i},n${pushed + i}\n`;
        pushed += perChunk;
        this.push(s);
      },
    });
    const it = openSource(opts({ batch: '-', stdin, text: 'Hi {name}' }))[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ kind: 'message', message: { line: 2, text: 'Hi n0' } });
    expect(pushed).toBeLessThan(lines / 4); // only a few stream buffers ahead
    let count = 1;
    for (let r = await it.next(); !r.done; r = await it.next()) count++;
    expect(count).toBe(lines);
    expect(pushed).toBe(lines);
  });

  it('stops reading when the consumer stops', async () => {
    let reads = 0;
    const stdin = new Readable({
      read() {
        reads++;
        this.push(reads === 1 ? 'to,text\n' : `${reads},x\n`.repeat(1000));
      },
    });
    for await (const item of openSource(opts({ batch: '-', stdin }))) {
      expect(item.kind).toBe('message');
      break;
    }
    await new Promise((resolve) => (stdin.destroyed ? resolve(0) : stdin.once('close', resolve))); // torn down on a later tick
    expect(reads).toBeLessThan(100); // a few stream buffers of 1000 rows each, not the endless input
  });
});
