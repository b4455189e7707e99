// The records every message makes (queued, sending, accepted, receipt, unsent, unconfirmed) are
// written from templates into a byte buffer, not through JSON.stringify, most of them as entries
// of batch lines (records.ts): each line must be exactly what JSON.stringify makes of it, and
// reading must give back the records written, whatever the strings hold.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../src/journal/line-buffer.js';
import { loadResumeState } from '../../src/journal/load-state.js';
import { readJournal } from '../../src/journal/reader.js';
import { JournalWriter } from '../../src/journal/writer.js';
import { testDir } from '../helpers/temp-dir.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters that need escaping, that are not ASCII, or are lone halves of a surrogate pair.
const AWKWARD = ['"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '€', '😀', '\ud800', '\udfff', '/', '<', ' '];

function randomString(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 24);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.6) s += String.fromCharCode(32 + Math.floor(r() * 95));
    else if (k < 0.9) s += AWKWARD[Math.floor(r() * AWKWARD.length)]!;
    else s += String.fromCharCode(Math.floor(r() * 0x10000));
  }
  return s;
}

function randomInt(r: () => number): number {
  const k = r();
  if (k < 0.3) return Math.floor(r() * 10);
  if (k < 0.6) return Math.floor(r() * 70_000);
  if (k < 0.8) return -Math.floor(r() * 1000);
  return Math.floor(r() * Number.MAX_SAFE_INTEGER) * (r() < 0.5 ? -1 : 1);
}

describe('LineBuffer', () => {
  it('writes strings and numbers as JSON.stringify does', () => {
    const r = rng(13);
    const b = new LineBuffer();
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      if (r() < 0.5) {
        const s = randomString(r);
        b.str(s);
        expected += JSON.stringify(s);
      } else {
        const n = r() < 0.02 ? [NaN, Infinity, 1.5, -0, 2 ** 60][Math.floor(r() * 5)]! : randomInt(r);
        b.int(n);
        expected += JSON.stringify(n);
      }
      b.raw(',');
      expected += ',';
    }
    // Far past its first 64 kB: it grew on the way, keeping what it held.
    expect(b.length).toBeGreaterThan(64 * 1024);
    expect(b.view().toString('utf8')).toBe(expected);
    b.clear();
    expect(b.length).toBe(0);
  });

  it('gives back what a burst between two flushes made it grow to', () => {
    const b = new LineBuffer();
    const first = b.capacity;
    for (let i = 0; i < 40_000; i++) b.str('a receipt of about fifty bytes, give or take');
    expect(b.capacity).toBeGreaterThan(1024 * 1024);
    b.clear();
    expect(b.capacity).toBe(first);
    b.str('x');
    expect(b.view().toString()).toBe('"x"');
  });
});

describe("a message's records, written from templates", () => {
  it('read back as the records written, batches in the documented order; each line is canonical JSON', async () => {
    let ms = Date.parse('2025-01-02T03:04:05.906Z');
    const path = join(testDir(), 'j.jsonl');
    const w = await JournalWriter.open(path, { now: () => new Date(ms) });
    const r = rng(7);
    // The model of the order: a record of a line of its own, a flush or a new millisecond
    // writes the open batches first, queued, sending, accepted, receipt.
    const KINDS = ['queued', 'sending', 'accepted', 'receipt'] as const;
    const open = new Map<string, Record<string, unknown>[]>(KINDS.map((k) => [k, []]));
    let openMs = ms;
    const expected: Record<string, unknown>[] = [];
    let expectedLines = 0;
    const closeAll = () =>
      KINDS.forEach((k) => {
        const recs = open.get(k)!.splice(0);
        if (recs.length > 0) expectedLines++;
        expected.push(...recs);
      });
    const batched = (rec: Record<string, unknown>) => {
      if (ms !== openMs) closeAll();
      openMs = ms;
      open.get(rec.ev as string)!.push({ ...rec, t: new Date(ms).toISOString() });
    };
    const opt = <V>(v: V): V | undefined => (r() < 0.5 ? v : undefined);
    for (let i = 0; i < 3000; i++) {
      if (r() < 0.1) ms += 1 + Math.floor(r() * (r() < 0.5 ? 3 : 700)); // across seconds, too
      const key = r() < 0.8 ? `${Math.floor(r() * 2 ** 32).toString(16).padStart(16, '0')}#${1 + Math.floor(r() * 3)}` : randomString(r);
      const part = Math.floor(r() * 255);
      const id = randomString(r);
      switch (Math.floor(r() * 6)) {
        case 0: {
          const [to, parts, ref, from, line] = [randomString(r), 1 + Math.floor(r() * 255), Math.floor(r() * 65536), opt(randomString(r)), opt(randomInt(r))];
          w.queued(key, to, parts, ref, from, line);
          batched({ ev: 'queued', key, to, parts, ref, ...(from ? { from } : {}), ...(line ? { line } : {}) });
          break;
        }
        case 1:
        case 2:
        case 3: {
          const ev = (['sending', 'unsent', 'unconfirmed'] as const)[Math.floor(r() * 3)]!;
          w.part(ev, key, part);
          if (ev === 'sending') batched({ ev, key, part });
          else {
            closeAll();
            expected.push({ ev, key, part, t: new Date(ms).toISOString() });
            expectedLines++;
          }
          break;
        }
        case 4:
          w.accepted(key, part, id);
          batched({ ev: 'accepted', key, part, id });
          break;
        default: {
          const [state, err] = [randomString(r), opt(randomString(r))];
          w.receipt(key, part, id, state, err);
          batched({ ev: 'receipt', key, part, id, state, ...(err ? { err } : {}) });
        }
      }
      if (r() < 0.05) {
        w.flush();
        closeAll();
      }
    }
    await w.close();
    closeAll();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    for (const l of lines) expect(JSON.stringify(JSON.parse(l))).toBe(l);
    expect(lines).toHaveLength(expectedLines); // a batch line per kind and millisecond, not a line a record
    const back: unknown[] = [];
    for await (const rec of readJournal(path)) back.push(rec);
    expect(back).toEqual(expected);
  });

  it('stamps t with the wall clock as ISO text, read once per turn of the event loop: a burst shares one line', async () => {
    const path = join(testDir(), 'j.jsonl');
    const w = await JournalWriter.open(path);
    const spin = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    const before = Date.now();
    for (let i = 0; i < 2000; i++) {
      w.part('sending', 'ab#1', i % 255);
      if (i === 1000) spin(3); // the clock moves on within the turn: the burst still shares its t
    }
    const firstTurnEnd = Date.now();
    await new Promise((resolve) => setImmediate(resolve));
    spin(2);
    const second = Date.now();
    w.accepted('ab#1', 0, 'x'); // a new turn: the clock is read again
    await w.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const back: { part: number; t: string }[] = [];
    for await (const rec of readJournal(path)) back.push(rec as { part: number; t: string });
    expect(back.slice(0, 2000).map((b) => b.part)).toEqual(Array.from({ length: 2000 }, (_, i) => i % 255));
    const first = Date.parse(back[0]!.t);
    expect(new Date(first).toISOString()).toBe(back[0]!.t);
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThan(firstTurnEnd);
    expect(Date.parse(back[2000]!.t)).toBeGreaterThanOrEqual(second);
  });
});

describe('a version-1 journal (a line a record, as written before batch lines)', () => {
  // Lines as version 1 wrote them, from a real run (`--batch` of two rows, `--wait`), cut
  // after the second message's 'sending': the run died there.
  const OLD = [
    '{"ev":"run","v":1,"argv":["--batch","small.csv","--text","Hi {name}","--wait","1m","--journal","j.jsonl"],"pid":22847,"job":{"text":"f62954cde948a323","recipients":"e3b0c44298fc1c14","input":"152221c443935123","sender":"//","encoding":"auto/gsm7///udh8","rows":"batch/to/csv//"},"t":"2026-11-30T19:50:01.561Z"}',
    '{"ev":"queued","key":"e4a7c3a9b95c6055#1","to":"+447700900001","parts":1,"ref":7798,"from":"Acme","line":2,"t":"2026-11-30T19:50:01.578Z"}',
    '{"ev":"sending","key":"e4a7c3a9b95c6055#1","part":0,"t":"2026-11-30T19:50:01.589Z"}',
    '{"ev":"queued","key":"aeab79903c5368bd#1","to":"+447700900002","parts":1,"ref":7799,"line":3,"t":"2026-11-30T19:50:01.589Z"}',
    '{"ev":"sending","key":"aeab79903c5368bd#1","part":0,"t":"2026-11-30T19:50:01.589Z"}',
    '{"ev":"accepted","key":"e4a7c3a9b95c6055#1","part":0,"id":"1530482","t":"2026-11-30T19:50:01.597Z"}',
    '{"ev":"receipt","key":"e4a7c3a9b95c6055#1","part":0,"id":"1530482","state":"DELIVRD","err":"000","t":"2026-11-30T19:50:01.597Z"}',
  ];

  it('still reads and resumes; the same records written now read back the same, and resume the same', async () => {
    const old = join(testDir(), 'old.jsonl');
    writeFileSync(old, `${OLD.join('\n')}\n`);
    const path = join(testDir(), 'j.jsonl');
    const times = OLD.map((l) => (JSON.parse(l) as { t: string }).t);
    let i = 0;
    const w = await JournalWriter.open(path, { now: () => new Date(times[i++]!) });
    const run = JSON.parse(OLD[0]!) as Record<string, unknown>;
    delete run.t;
    w.append(run as never);
    w.queued('e4a7c3a9b95c6055#1', '+447700900001', 1, 7798, 'Acme', 2);
    w.part('sending', 'e4a7c3a9b95c6055#1', 0);
    w.queued('aeab79903c5368bd#1', '+447700900002', 1, 7799, undefined, 3);
    w.part('sending', 'aeab79903c5368bd#1', 0);
    w.accepted('e4a7c3a9b95c6055#1', 0, '1530482');
    w.receipt('e4a7c3a9b95c6055#1', 0, '1530482', 'DELIVRD', '000');
    await w.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(6); // the two 'sending' in one line

    const sorted = async (p: string) => {
      const out: string[] = [];
      for await (const rec of readJournal(p)) out.push(JSON.stringify(rec, Object.keys(rec).sort()));
      return out.sort();
    };
    expect(await sorted(path)).toEqual(await sorted(old));
    for (const p of [old, path]) {
      const state = await loadResumeState(p);
      expect(state.get('e4a7c3a9b95c6055#1')).toMatchObject({ ref: 7798, done: true, parts: [{ state: 'accepted', id: '1530482', receipt: 'delivered' }] });
      expect(state.get('aeab79903c5368bd#1')).toMatchObject({ ref: 7799, done: false, parts: [{ crashed: true }] });
    }
  });
});
