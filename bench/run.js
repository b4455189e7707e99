#!/usr/bin/env node
// npm run bench: builds (via the npm script), then measures the goals of issue 13 against
// dist/ and prints ONE table: each goal, our figure, the baseline measured in the same
// invocation, the ratio, the bar, pass/fail and the load average. Writes .bench/results.json;
// `npm run bench:readme` copies its table into the README.
//
//   node bench/run.js [latency] [throughput] [memory] [rate] [--reps N] [--runs N] [--count N] [--rows N,N] [--tps N,N]
//
//   --reps N    throughput repetitions per side (default 11; medians count)
//   --runs N    latency runs per command (default 20; goal 1 asks for at least 15)
//   --count N   messages per throughput run (default 100000)
//   --rows N,N  memory runs (default 1000000,10000000; the bars are 100 and 200 MB)
//   --tps N,N   rate runs (default 50,500,5000; ten seconds each)
// Every program measured runs in its own process, against a simulator in another process.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { latency } from './latency.js';
import { ROOT } from './lib/proc.js';
import { stealMark, stealSince } from './lib/steal.js';
import { row, textTable } from './lib/table.js';
import { memory, SIZES } from './memory.js';
import { rate } from './rate.js';
import { throughput } from './throughput.js';

const BENCHMARKS = { latency, throughput, memory, rate };
const list = (s) => s.split(',').map(Number);

function parseArgs(argv) {
  const chosen = [];
  const opts = { reps: 11, runs: 20, count: 100_000, rows: SIZES.map((s) => s.rows), tps: [50, 500, 5000] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = argv[i + 1] ?? '';
    if (a in BENCHMARKS) chosen.push(a);
    else if (['--reps', '--runs', '--count'].includes(a) && /^\d+$/.test(value)) opts[a.slice(2)] = Number(argv[++i]);
    else if (['--rows', '--tps'].includes(a) && /^\d+(,\d+)*$/.test(value)) opts[a.slice(2)] = list(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(a)}; give any of ${Object.keys(BENCHMARKS).join(', ')}, --reps N, --runs N, --count N, --rows N,N, --tps N,N`);
  }
  return { chosen: chosen.length ? chosen : Object.keys(BENCHMARKS), opts };
}

/** Memory bars for other sizes than the goals' own: 100 MB up to a million rows, else 200. */
const sizeFor = (rows) => SIZES.find((s) => s.rows === rows) ?? { rows, limitMb: rows <= 1_000_000 ? 100 : 200 };

async function main() {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`bench: ${err.message}`);
    process.exitCode = 2;
    return;
  }
  const { chosen, opts } = parsed;
  const tmp = await mkdtemp(join(tmpdir(), 'smpp-bench-'));
  const log = (line) => console.error(`  ${line}`);
  const args = {
    latency: { runs: opts.runs },
    throughput: { reps: opts.reps, count: opts.count },
    memory: { sizes: opts.rows.map(sizeFor) },
    rate: { rates: opts.tps },
  };
  const rows = [];
  const results = {
    date: new Date().toISOString(), argv: process.argv.slice(2), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, options: opts,
    // Other work on the machine skews wall times: the 1-minute load average, before and after.
    loadavg: { start: loadavg()[0] }, benchmarks: {},
  };
  const started = performance.now();
  try {
    for (const name of chosen) {
      console.error(`${name}...`);
      const t = performance.now();
      const steal = stealMark();
      try {
        const r = await BENCHMARKS[name]({ tmp, log, ...args[name] });
        const stealPct = stealSince(steal);
        rows.push(...r.rows.map((row) => ({ ...row, steal: stealPct })));
        results.benchmarks[name] = { data: r.data, seconds: (performance.now() - t) / 1000, stealPct };
      } catch (err) {
        rows.push(row({ goal: name, figure: `failed: ${err.message}`, pass: false }));
        results.benchmarks[name] = { error: err.message };
        process.exitCode = 1;
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  results.rows = rows;
  results.loadavg.end = loadavg()[0];
  results.seconds = (performance.now() - started) / 1000;
  await mkdir(join(ROOT, '.bench'), { recursive: true });
  const out = join(ROOT, '.bench/results.json');
  await writeFile(out, JSON.stringify(results, null, 2) + '\n');
  const load = `load average ${results.loadavg.start.toFixed(1)} -> ${results.loadavg.end.toFixed(1)} on ${results.cpus} CPUs`;
  console.log(`\n${textTable(rows)}\n\n${Math.round(results.seconds)} s, Node ${process.version}, ${load}; details in ${out}`);
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}

await main();
