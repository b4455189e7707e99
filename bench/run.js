#!/usr/bin/env node
// npm run bench: builds (via the npm script), then runs the benchmarks against dist/.
//
//   node bench/run.js [throughput] [memory] [rate] [latency] [--reps N] [--runs N] [--count N]
//
// Every program measured runs in its own process against a simulator in another process
// (bin/smpp-sim.js --port 0). Throughput and latency are reported as ratios to plain
// node-smpp baselines measured in the same invocation (absolute times drift on a shared
// machine). Prints a table at the end and writes .bench/results.json.
//   --reps N    throughput repetitions per side (default 3; the median counts)
//   --runs N    latency runs per side (default 20)
//   --count N   messages per throughput run (default 100000)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { latency } from './latency.js';
import { ROOT } from './lib/proc.js';
import { memory } from './memory.js';
import { rate } from './rate.js';
import { throughput } from './throughput.js';

const BENCHMARKS = { throughput, memory, rate, latency };

function parseArgs(argv) {
  const chosen = [];
  const opts = { reps: 3, runs: 20, count: 100_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in BENCHMARKS) chosen.push(a);
    else if (['--reps', '--runs', '--count'].includes(a) && /^\d+$/.test(argv[i + 1] ?? '')) opts[a.slice(2)] = Number(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(a)}; give any of ${Object.keys(BENCHMARKS).join(', ')}, --reps N, --runs N, --count N`);
  }
  return { chosen: chosen.length ? chosen : Object.keys(BENCHMARKS), opts };
}

function table(rows) {
  const head = ['benchmark', 'result', 'goal', 'ok'];
  const cells = rows.map((r) => [r.benchmark, r.result, r.goal ?? '', r.pass === undefined ? '' : r.pass ? 'yes' : 'NO']);
  const width = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => cell.padEnd(width[c])).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

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
  const rows = [];
  const results = {
    date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, options: opts,
    // Other work on the machine skews wall times: the 1-minute load average, before and after.
    loadavg: { start: loadavg()[0] }, benchmarks: {},
  };
  const started = performance.now();
  try {
    for (const name of chosen) {
      console.error(`${name}...`);
      const t = performance.now();
      try {
        const r = await BENCHMARKS[name]({ tmp, log, reps: opts.reps, ...(name === 'throughput' ? { count: opts.count } : {}), ...(name === 'latency' ? { runs: opts.runs } : {}) });
        rows.push(...r.rows);
        results.benchmarks[name] = { ...r.data, seconds: (performance.now() - t) / 1000 };
      } catch (err) {
        rows.push({ benchmark: name, result: `failed: ${err.message}`, pass: false });
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
  console.log(`\n${table(rows)}\n\n${Math.round(results.seconds)} s, ${load}; details in ${out}`);
}

await main();
