// Memory: peak RSS of smpp-send streaming a 1,000,000-row CSV (--window 100, no --wait, so no
// receipts are requested). The source streams, so the peak should not grow with the file.
import { join } from 'node:path';
import { runNode, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { round } from './lib/stats.js';
import { TEMPLATE, writeCsv } from './lib/workload.js';

const GOAL_MB = 150;

export async function memory({ tmp, count = 1_000_000, log }) {
  const csv = join(tmp, `memory-${count}.csv`);
  await writeCsv(csv, count);
  const r = await withSim([], (sim) =>
    runNode([...sendArgs(sim), '--batch', csv, '--text', TEMPLATE, '--window', '100'], { env: SEND_ENV, poll: true, pollMs: 20 }),
  );
  const accepted = Number(/Summary: (\d+) accepted/.exec(r.stdout)?.[1]);
  if (r.code !== 0 || accepted !== count) throw new Error(`smpp-send exited ${r.code} with ${accepted} accepted of ${count}: ${r.stderr.trim()}`);
  log(`memory: peak RSS ${round(r.peakRssMb, 1)} MB over ${count} rows in ${round(r.wallMs / 1000, 1)} s`);
  return {
    rows: [{
      benchmark: `memory, ${count.toLocaleString('en')}-row CSV`,
      result: `peak RSS ${round(r.peakRssMb, 1)} MB (${round(r.wallMs / 1000, 1)} s, ${round((count * 1000) / r.wallMs)} msg/s)`,
      goal: `< ${GOAL_MB} MB`,
      pass: r.peakRssMb < GOAL_MB,
    }],
    data: { count, peakRssMb: r.peakRssMb, wallMs: r.wallMs },
  };
}
