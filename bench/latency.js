// Latency: wall time (spawn to exit) of a one-message smpp-send vs bench/raw-single.js, both
// against one simulator, alternating; plus --help, --version and a bare `node -e 0` for scale.
import { join } from 'node:path';
import { ROOT, runNode, SEND, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { median, p90, round } from './lib/stats.js';
import { destination, textOf } from './lib/workload.js';

export async function latency({ runs = 20, log }) {
  const samples = { ours: [], raw: [], help: [], version: [], node: [] };
  await withSim([], async (sim) => {
    const ours = [...sendArgs(sim), '--to', destination(0), '--text', textOf(0)];
    const raw = [join(ROOT, 'bench/raw-single.js'), '--port', String(sim.port)];
    for (let i = 0; i < runs; i++) {
      for (const who of i % 2 === 0 ? ['raw', 'ours'] : ['ours', 'raw']) {
        const r = await runNode(who === 'raw' ? raw : ours, { env: SEND_ENV });
        if (r.code !== 0) throw new Error(`${who} single send exited ${r.code}: ${r.stderr.trim()}`);
        samples[who].push(r.wallMs);
      }
    }
  });
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of [['help', [SEND, '--help']], ['version', [SEND, '--version']], ['node', ['-e', '0']]]) {
      const r = await runNode(args);
      if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr.trim()}`);
      samples[name].push(r.wallMs);
    }
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { median: median(v), p90: p90(v) }]));
  const ratio = m.ours.median / m.raw.median;
  log(`latency: ours ${round(m.ours.median)} ms, raw ${round(m.raw.median)} ms (medians of ${runs})`);
  const ms = (k) => `median ${round(m[k].median)} ms, p90 ${round(m[k].p90)} ms`;
  return {
    rows: [
      { benchmark: 'latency, one message: smpp-send', result: ms('ours') },
      { benchmark: 'latency, one message: raw node-smpp', result: ms('raw') },
      { benchmark: 'latency, one message: ratio', result: `median ${round(ratio, 3)}, p90 ${round(m.ours.p90 / m.raw.p90, 3)}`, goal: 'median <= 1.3', pass: ratio <= 1.3 },
      { benchmark: 'latency, smpp-send --help', result: ms('help') },
      { benchmark: 'latency, smpp-send --version', result: ms('version') },
      { benchmark: 'latency, node -e 0 (Node startup)', result: ms('node') },
    ],
    data: { runs, samples, ...m, ratio },
  };
}
