// Memory: peak RSS of smpp-send streaming a generated CSV of 1,000,000 and of 10,000,000 rows
// (--window 100, no --wait). The source streams; what grows with the file is the duplicate
// table (src/send/occurrence-table.ts). Issue 13, goal 4.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runNode, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { round } from './lib/stats.js';
import { row } from './lib/table.js';
import { TEMPLATE, writeCsv } from './lib/workload.js';

/** Rows of each run and its bar in MB. */
export const SIZES = [
  { rows: 1_000_000, limitMb: 100 },
  { rows: 10_000_000, limitMb: 200 },
];

export async function memory({ tmp, log, sizes = SIZES }) {
  const rows = [];
  const data = [];
  for (const { rows: count, limitMb } of sizes) {
    const csv = join(tmp, `memory-${count}.csv`);
    await writeCsv(csv, count);
    const r = await withSim([], (sim) =>
      runNode([...sendArgs(sim), '--batch', csv, '--text', TEMPLATE, '--window', '100'], { env: SEND_ENV, poll: true, pollMs: 20, timeoutMs: 1_800_000 }),
    );
    await rm(csv, { force: true });
    const accepted = Number(/Summary: (\d+) accepted/.exec(r.stdout)?.[1]);
    if (r.code !== 0 || accepted !== count) throw new Error(`smpp-send exited ${r.code} with ${accepted} accepted of ${count}: ${r.stderr.trim()}`);
    log(`memory: peak RSS ${round(r.peakRssMb, 1)} MB over ${count} rows in ${round(r.wallMs / 1000, 1)} s`);
    rows.push(row({
      goal: `4. peak RSS, ${count.toLocaleString('en')}-row CSV`,
      figure: `${round(r.peakRssMb, 1)} MB`,
      baseline: `(${round(r.wallMs / 1000, 1)} s, ${round((count * 1000) / r.wallMs)} msg/s)`,
      bar: `< ${limitMb} MB`,
      pass: r.peakRssMb < limitMb,
    }));
    data.push({ count, limitMb, peakRssMb: r.peakRssMb, wallMs: r.wallMs });
  }
  return { rows, data };
}
