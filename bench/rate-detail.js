// Where a --tps run loses time (a tool for tuning src/send/throttle.ts): one run per rate, as
// the rate benchmark runs it, then the average, the busiest window, and the time lost in gaps
// longer than the spacing, largest first.   node bench/rate-detail.js 500 5000 [--seconds 10]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyse, arrivalsAt } from './rate.js';

const args = process.argv.slice(2);
const at = args.indexOf('--seconds');
const seconds = at < 0 ? 10 : Number(args.splice(at, 2)[1]);
const dir = await mkdtemp(join(tmpdir(), 'rate-detail-'));
try {
  for (const tps of args.map(Number)) {
    const { times } = await arrivalsAt(dir, tps, tps * seconds);
    const a = analyse(times, 1000);
    const spacing = 1000 / tps;
    const gaps = [];
    let lost = 0;
    for (let i = 1; i < times.length; i++) {
      const g = times[i] - times[i - 1];
      if (g > spacing + 2) {
        gaps.push(g);
        lost += g - spacing;
      }
    }
    gaps.sort((x, y) => y - x);
    const ideal = ((times.length - 1) * 1000) / tps;
    const load = (await readFile('/proc/loadavg', 'utf8')).split(' ')[0];
    console.log(`--tps ${tps}: ${a.rate.toFixed(2)}/s (${(a.rate / tps).toFixed(4)}), busiest ${a.maxInWindow}, span ${a.spanMs} ms vs ideal ${ideal.toFixed(0)} (+${(a.spanMs - ideal).toFixed(0)}), gaps > spacing + 2 ms: ${gaps.length} losing ${lost.toFixed(0)} ms, largest ${gaps.slice(0, 8).join(' ')}; load ${load}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
