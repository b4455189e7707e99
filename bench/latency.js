// Latency: wall time (spawn to exit) of a one-message smpp-send against the minimal CommonJS
// node-smpp script (bench/raw-single.cjs, from node-smpp's README) and the ES module one
// (bench/raw-single.js), alternating in rotating order against one simulator; then --help and
// --version against a bare `node -e 0`, alternating too. Medians (issue 13, goal 1).
import { join } from 'node:path';
import { ROOT, runNode, SEND, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { median, round } from './lib/stats.js';
import { meets, row } from './lib/table.js';
import { destination, textOf } from './lib/workload.js';

/** Runs each named command `runs` times, rotating who goes first; wall times in ms by name. */
async function alternate(commands, runs) {
  const names = Object.keys(commands);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const [args, env] = commands[name];
      const r = await runNode(args, { env });
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr.trim()}`);
      samples[name].push(r.wallMs);
    }
  }
  return samples;
}

export async function latency({ runs = 20, log }) {
  const send = await withSim([], (sim) =>
    alternate(
      {
        ours: [[...sendArgs(sim), '--to', destination(0), '--text', textOf(0)], SEND_ENV],
        cjs: [[join(ROOT, 'bench/raw-single.cjs'), '--port', String(sim.port)], {}],
        esm: [[join(ROOT, 'bench/raw-single.js'), '--port', String(sim.port)], {}],
      },
      runs,
    ),
  );
  const start = await alternate({ help: [[SEND, '--help'], {}], version: [[SEND, '--version'], {}], node: [['-e', '0'], {}] }, runs);
  const m = Object.fromEntries(Object.entries({ ...send, ...start }).map(([k, v]) => [k, median(v)]));
  log(`latency: ours ${round(m.ours)} ms, CommonJS script ${round(m.cjs)} ms, ES script ${round(m.esm)} ms; --help ${round(m.help)}, --version ${round(m.version)}, node -e 0 ${round(m.node)} (medians of ${runs})`);
  const ms = (k) => `${round(m[k], 1)} ms`;
  const vs = (goal, ours, base, baseName, bar) => {
    const ratio = m[ours] / m[base];
    return row({ goal, figure: ms(ours), baseline: `${baseName} ${ms(base)}`, ratio, bar, pass: bar ? meets(ratio, bar) : undefined });
  };
  return {
    rows: [
      vs(`1. one message, spawn to exit (median of ${runs})`, 'ours', 'cjs', 'CommonJS node-smpp script', '<= 1.15'),
      vs('1. one message, vs the ES module script', 'ours', 'esm', 'ES module node-smpp script'),
      vs('1. --help', 'help', 'node', 'node -e 0', '<= 1.15'),
      vs('1. --version', 'version', 'node', 'node -e 0', '<= 1.15'),
    ],
    data: { runs, samples: { ...send, ...start }, medians: m },
  };
}
