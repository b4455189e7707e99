// A/B for bulk runs: node .ab.mjs COUNT REPS variant... ; variants: raw, ours, ours:ENVJSON, old (/tmp/old bin)
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { ROOT, runNode, SEND_ENV, withSim } from './bench/lib/proc.js';
import { TEMPLATE, writeCsv } from './bench/lib/workload.js';
const [count, reps, ...variants] = process.argv.slice(2);
const receipts = process.env.RECEIPTS !== '0';
const csv = `/tmp/ab-${count}.csv`;
await writeCsv(csv, Number(count));
const res = {};
for (let r = 0; r < Number(reps); r++) {
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(r + k) % variants.length];
    const [name, extra] = v.split('@');
    const s = await withSim(['--receipt-delay', '1'], async (sim) => {
      let args, env = {};
      if (name === 'raw') args = [join(ROOT, 'bench/raw-client.js'), '--port', String(sim.port), '--count', count, '--window', '100', '--receipts', receipts ? '1' : '0'];
      else {
        const bin = name.startsWith('old') ? '/tmp/old/bin/smpp-send.js' : join(ROOT, 'bin/smpp-send.js');
        args = [...(process.env[`NF_${name}`] ? process.env[`NF_${name}`].split(' ') : []), bin, '--host', '127.0.0.1', '--port', String(sim.port), '--system-id', 'smpp-sim', '--no-progress', '--batch', csv, '--text', TEMPLATE, '--window', '100', ...(receipts ? ['--wait', '10m'] : ['--receipt', 'never']), ...(extra ? extra.split(' ') : [])];
        env = { ...SEND_ENV, ...(process.env[`ENV_${name}`] ? JSON.parse(process.env[`ENV_${name}`]) : {}) };
      }
      const out = await runNode(args, { env, poll: true, pollMs: 20 });
      if (out.code !== 0) throw new Error(`${v}: ${out.code} ${out.stderr.slice(-300)}`);
      return { wall: out.wallMs, cpu: out.cpuMs, rss: out.peakRssMb, sim: sim.cpuMs() };
    });
    (res[v] ??= []).push(s);
    console.log(`${v.padEnd(30)} wall ${s.wall.toFixed(0)} cpu ${s.cpu} rss ${s.rss.toFixed(1)} simcpu ${s.sim} load ${loadavg()[0].toFixed(1)}`);
  }
}
const med = (a) => { const b = [...a].sort((x, y) => x - y); return b.length % 2 ? b[b.length >> 1] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2; };
for (const [v, s] of Object.entries(res)) console.log(`MEDIAN ${v.padEnd(30)} wall ${med(s.map((x) => x.wall)).toFixed(0)} cpu ${med(s.map((x) => x.cpu))} rss ${med(s.map((x) => x.rss)).toFixed(1)}`);
