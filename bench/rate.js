// Rate accuracy: --tps 500 for 10,000 messages (20 s). Judged from the simulator's PDU log
// (`--log FILE`, one JSON line per PDU with its arrival time `t` in ms): the achieved rate must
// be within 2% of 500, and no one-second window may hold more than 500 submit_sm.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runNode, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { round } from './lib/stats.js';
import { TEMPLATE, writeCsv } from './lib/workload.js';

const TPS = 500;

export async function rate({ tmp, count = 10_000, log }) {
  const csv = join(tmp, `rate-${count}.csv`);
  const pduLog = join(tmp, 'rate-pdus.jsonl');
  await writeCsv(csv, count);
  const r = await withSim(['--log', pduLog], (sim) =>
    runNode([...sendArgs(sim), '--batch', csv, '--text', TEMPLATE, '--window', '100', '--tps', String(TPS)], { env: SEND_ENV }),
  );
  if (r.code !== 0) throw new Error(`smpp-send exited ${r.code}: ${r.stderr.trim()}`);
  const times = submitTimes(await readFile(pduLog, 'utf8'));
  if (times.length !== count) throw new Error(`the simulator logged ${times.length} submit_sm, expected ${count}`);
  const a = analyse(times, 1000);
  const error = Math.abs(a.rate - TPS) / TPS;
  log(`rate: ${round(a.rate, 1)} msg/s over ${round(a.spanMs / 1000, 2)} s, busiest second ${a.maxInWindow}, longest gap ${a.maxGapMs} ms`);
  return {
    rows: [
      { benchmark: `rate, --tps ${TPS}, achieved`, result: `${round(a.rate, 1)} msg/s (${round(100 * error, 2)}% off)`, goal: 'within 2%', pass: error <= 0.02 },
      {
        benchmark: `rate, --tps ${TPS}, busiest 1 s window`,
        result: `${a.maxInWindow} submit_sm (longest gap between arrivals ${a.maxGapMs} ms)`,
        goal: `<= ${TPS}`,
        pass: a.maxInWindow <= TPS,
      },
    ],
    data: { count, tps: TPS, ...a, wallMs: r.wallMs },
  };
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
