// Paired runs of the bulk benchmark (goals 2 and 3) for comparing builds and options: 100,000
// one-part messages from a CSV, `--window 100`, each run against a fresh simulator, the sides
// run back to back in the order given and reversed in every other repetition. Prints each run,
// then per side the medians and the median of its paired ratios to the first side (each
// repetition's run against the first side's run of the same repetition).
//
//   node bench/paired.js [--reps N] [--count N] [--no-receipts] SIDE...
//
// SIDE: `raw` (bench/raw-client.js), or a directory holding a built smpp-send (bin/ and dist/):
// `.` for this checkout, or a copy made before a change, inside the checkout so that packages
// resolve from its node_modules (`mkdir -p .bench/before && cp -r bin dist package.json
// .bench/before`); then optionally `+journal` (a fresh --journal file in the system's temporary
// directory) or `+tmpfs-journal` (in /dev/shm), then optionally `:NAME=VALUE,...` (environment
// variables for an experiment that reads them). Example, a change to the journal writer:
//   node bench/paired.js --reps 8 .bench/before .bench/before+journal . .+journal
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withSim } from './lib/proc.js';
import { median, round } from './lib/stats.js';
import { runOurs, runRaw } from './throughput.js';
import { writeCsv } from './lib/workload.js';

const args = process.argv.slice(2);
const opts = { reps: 6, count: 100_000, receipts: true };
const sides = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reps' || args[i] === '--count') opts[args[i].slice(2)] = Number(args[++i]);
  else if (args[i] === '--no-receipts') opts.receipts = false;
  else sides.push(args[i]);
}
if (sides.length === 0 || !(opts.reps > 0) || !(opts.count > 0)) {
  console.error('usage: node bench/paired.js [--reps N] [--count N] [--no-receipts] SIDE... (SIDE: raw, or DIR[+journal|+tmpfs-journal][:NAME=VALUE,...])');
  process.exit(2);
}

const csv = join(tmpdir(), `paired-${opts.count}.csv`);
await writeCsv(csv, opts.count);

/** One run of `side`: wall and CPU ms of the client, the simulator's CPU ms, steal %. */
async function run(side, rep) {
  return withSim(['--receipt-delay', '1'], async (sim) => {
    let r;
    if (side === 'raw') r = await runRaw(sim, opts.count, opts.receipts);
    else {
      const [where, vars = ''] = side.split(':');
      const [dir, how] = where.split('+');
      const env = Object.fromEntries(vars.split(',').filter(Boolean).map((kv) => kv.split('=')));
      const extra = opts.receipts ? ['--wait', '10m'] : ['--receipt', 'never'];
      const journal = how && join(how === 'tmpfs-journal' ? '/dev/shm' : tmpdir(), `paired-${process.pid}-${rep}.jsonl`);
      if (journal) extra.push('--journal', journal);
      try {
        r = await runOurs(sim, csv, opts.count, extra, { bin: resolve(dir, 'bin/smpp-send.js'), env });
      } finally {
        if (journal) rmSync(journal, { force: true });
      }
    }
    return { wall: r.wallMs, cpu: r.cpuMs, sim: sim.cpuMs(), steal: r.stealPct };
  });
}

const samples = Object.fromEntries(sides.map((s) => [s, []]));
for (let rep = 0; rep < opts.reps; rep++) {
  for (const side of rep % 2 === 0 ? sides : [...sides].reverse()) {
    const s = await run(side, rep);
    samples[side].push(s);
    console.log(`#${rep + 1} ${side}: ${round(s.wall)} ms, CPU ${round(s.cpu)} ms, simulator CPU ${round(s.sim)} ms, steal ${round(s.steal)}%`);
  }
}
const base = sides[0];
for (const side of sides) {
  const m = (k) => round(median(samples[side].map((s) => s[k])));
  const ratio = (k) => median(samples[side].map((s, i) => s[k] / samples[base][i][k])).toFixed(3);
  console.log(`${side}: wall ${m('wall')} ms, CPU ${m('cpu')} ms, simulator CPU ${m('sim')} ms, steal ${m('steal')}% | paired to ${base}: wall ${ratio('wall')}, CPU ${ratio('cpu')}, simulator CPU ${ratio('sim')}`);
}
rmSync(csv, { force: true });
