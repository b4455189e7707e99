// Where a --tps run loses time (a tool for tuning src/send/throttle.ts): one run per rate, from
// the simulator's log: the average, the busiest window, and the time lost in gaps longer than
// the spacing, largest first.   node bench/rate-detail.js 500 5000 [--seconds 10] [--keep DIR]
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { TEMPLATE, writeCsv } from './lib/workload.js';
import { analyse } from './rate.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const seconds = Number(opt('--seconds', '10'));
const keep = opt('--keep', undefined);
const extra = (opt('--send-args', '') || '').split(' ').filter(Boolean);
const dir = keep ?? (await mkdtemp(join(tmpdir(), 'rate-detail-')));
for (const tps of args.map(Number)) {
  const count = tps * seconds;
  const csv = join(dir, `rate-${count}.csv`);
  const log = join(dir, `rate-${tps}.jsonl`);
  await writeCsv(csv, count);
  const r = await withSim(['--log', log], (sim) =>
    runNode([...sendArgs(sim), '--batch', csv, '--text', TEMPLATE, '--window', '100', '--tps', String(tps), ...extra], { env: SEND_ENV }),
  );
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const times = [];
  for (const line of (await readFile(log, 'utf8')).split('\n')) {
    if (!line.includes('"submit_sm"')) continue;
    const p = JSON.parse(line);
    if (p.dir === 'in') times.push(p.t);
  }
  times.sort((a, b) => a - b);
  const a = analyse(times, 1000);
  const spacing = 1000 / tps;
  const gaps = [];
  let lost = 0;
  for (let i = 1; i < times.length; i++) {
    const g = times[i] - times[i - 1];
    if (g > spacing + 2) { gaps.push(g); lost += g - spacing; }
  }
  gaps.sort((x, y) => y - x);
  const ideal = ((times.length - 1) * 1000) / tps;
  console.log(`--tps ${tps}: ${a.rate.toFixed(2)}/s (${(a.rate / tps).toFixed(4)}), busiest ${a.maxInWindow}, span ${a.spanMs} ms vs ideal ${ideal.toFixed(0)} (+${(a.spanMs - ideal).toFixed(0)}), gaps>spacing+2: ${gaps.length} losing ${lost.toFixed(0)} ms, largest ${gaps.slice(0, 8).join(' ')}; load ${(await readFile('/proc/loadavg', 'utf8')).split(' ')[0]}`);
}
