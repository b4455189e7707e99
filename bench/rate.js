// Rate accuracy: --tps N at N = 50, 500 and 5,000, ten seconds each, judged from the simulator's
// PDU log (`--log FILE`, one JSON line per PDU with its arrival time `t` in ms): the average
// rate (first to last arrival) within 1% of N, and no one-second window holding more than N
// submit_sm. Issue 13, goal 5. (Pacing itself is src/send/throttle.ts.)
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runNode, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { round } from './lib/stats.js';
import { row } from './lib/table.js';
import { TEMPLATE, writeCsv } from './lib/workload.js';

export const RATES = [50, 500, 5000];
const SECONDS = 10;

export async function rate({ tmp, log, rates = RATES }) {
  const rows = [];
  const data = [];
  for (const tps of rates) {
    const count = tps * SECONDS;
    const { times, wallMs } = await arrivalsAt(tmp, tps, count);
    const a = analyse(times, 1000);
    const ratio = a.rate / tps;
    log(`rate --tps ${tps}: ${round(a.rate, 2)} msg/s over ${round(a.spanMs / 1000, 2)} s, busiest second ${a.maxInWindow}, longest gap ${a.maxGapMs} ms`);
    rows.push(row({ goal: `5. --tps ${tps}: average rate at the SMSC`, figure: `${round(a.rate, 2)} msg/s`, baseline: `${tps} asked`, ratio, bar: 'within 1%', pass: Math.abs(ratio - 1) <= 0.01 }));
    rows.push(row({
      goal: `5. --tps ${tps}: busiest one-second window`, figure: `${a.maxInWindow} submit_sm`, baseline: `(longest gap ${round(a.maxGapMs)} ms)`,
      bar: `<= ${tps}`, pass: a.maxInWindow <= tps,
    }));
    data.push({ tps, count, ...a, wallMs });
  }
  return { rows, data };
}

/**
 * Sends `count` one-part messages from a CSV with --window 100 --tps `tps` (and `extra` flags)
 * to a fresh simulator; the sorted arrival times of the submit_sm it logged, and the wall time.
 */
export async function arrivalsAt(tmp, tps, count, extra = []) {
  const csv = join(tmp, `rate-${count}.csv`);
  const pduLog = join(tmp, `rate-${tps}.jsonl`);
  await rm(pduLog, { force: true }); // the simulator appends
  await writeCsv(csv, count);
  const r = await withSim(['--log', pduLog], (sim) =>
    runNode([...sendArgs(sim), '--batch', csv, '--text', TEMPLATE, '--window', '100', '--tps', String(tps), ...extra], { env: SEND_ENV }),
  );
  if (r.code !== 0) throw new Error(`smpp-send --tps ${tps} exited ${r.code}: ${r.stderr.trim()}`);
  const times = submitTimes(await readFile(pduLog, 'utf8'));
  await rm(pduLog, { force: true });
  if (times.length !== count) throw new Error(`the simulator logged ${times.length} submit_sm, expected ${count}`);
  return { times, wallMs: r.wallMs };
}

function submitTimes(text) {
  const times = [];
  for (const line of text.split('\n')) {
    if (!line.includes('"submit_sm"')) continue;
    const p = JSON.parse(line);
    if (p.dir === 'in' && p.command === 'submit_sm') times.push(p.t);
  }
  return times.sort((x, y) => x - y);
}

/**
 * Rate from first to last arrival ((n - 1) intervals over the span), and the most arrivals in
 * any window [t, t + windowMs) starting at an arrival (the busiest window always starts at one).
 */
export function analyse(times, windowMs) {
  let maxInWindow = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j] < times[i] + windowMs) j++;
    maxInWindow = Math.max(maxInWindow, j - i);
  }
  // A long gap then a crowd means the receiver (or the sender) stalled and caught up: arrival
  // jitter that can push a window over the limit even when the sends were spaced right.
  let maxGapMs = 0;
  for (let i = 1; i < times.length; i++) maxGapMs = Math.max(maxGapMs, times[i] - times[i - 1]);
  const spanMs = times[times.length - 1] - times[0];
  return { rate: ((times.length - 1) * 1000) / spanMs, spanMs, maxInWindow, maxGapMs };
}
