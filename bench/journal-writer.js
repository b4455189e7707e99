// The journal writer alone (goal 3): the records a bulk run with receipts makes for 100,000
// one-part messages (queued and sending, then accepted, then receipt), flushed every 50
// messages with a microtask checkpoint between (a turn of the event loop, as in a run), into a
// fresh file. Several builds of the writer (their dist/journal directories) run in one
// process, round after round alternately, so the machine's drift hits them alike; it prints
// the median and fastest ms of each after four warm-up rounds.
//
//   node bench/journal-writer.js [DIR...]    (default: this checkout's dist/journal; npm run build first)
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib/proc.js';
import { median } from './lib/stats.js';

const COUNT = 100_000;
const ROUNDS = 16;
const WARM_UP = 4;

const dirs = process.argv.length > 2 ? process.argv.slice(2) : [join(ROOT, 'dist/journal')];
const writers = await Promise.all(dirs.map(async (d) => (await import(pathToFileURL(join(d, 'writer.js')).href)).JournalWriter));
// Keys, numbers and ids shaped like a run's: 16 hex digits and an occurrence, +44 numbers.
const keys = Array.from({ length: COUNT }, (_, i) => `${(0x1000000000000000n + BigInt(i) * 7919n).toString(16)}#${1 + (i & 1)}`);
const ids = keys.map((_, i) => String(1_000_000 + i));
const tos = keys.map((_, i) => `+4477009${10_000 + (i % 90_000)}`);

async function round(Writer, path) {
  rmSync(path, { force: true });
  const w = await Writer.open(path);
  // Every 50 messages: the flush before a batch of submits, and a turn's end (a microtask checkpoint).
  const turnEnds = (i) => i % 50 === 49 && (w.flush(), true);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i++) {
    w.queued(keys[i], tos[i], 1, i & 255, undefined, i + 2);
    w.part('sending', keys[i], 0);
    if (turnEnds(i)) await null;
  }
  for (let i = 0; i < COUNT; i++) {
    w.accepted(keys[i], 0, ids[i]);
    if (turnEnds(i)) await null;
  }
  for (let i = 0; i < COUNT; i++) {
    w.receipt(keys[i], 0, ids[i], 'DELIVRD', '000');
    if (turnEnds(i)) await null;
  }
  w.flush();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await w.close();
  rmSync(path, { force: true });
  return ms;
}

const times = dirs.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let d = 0; d < dirs.length; d++) {
    const ms = await round(writers[d], join(tmpdir(), `journal-writer-bench-${process.pid}-${d}.jsonl`));
    if (r >= WARM_UP) times[d].push(ms);
  }
}
for (let d = 0; d < dirs.length; d++) {
  console.log(`${dirs[d]}: median ${median(times[d]).toFixed(1)} ms, fastest ${Math.min(...times[d]).toFixed(1)} ms (${COUNT.toLocaleString('en')} messages, ${ROUNDS - WARM_UP} rounds)`);
}
