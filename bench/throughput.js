// Throughput: 100,000 one-part messages, smpp-send from a CSV vs bench/raw-client.js (plain
// node-smpp), each against a fresh simulator process, alternating, median of the repetitions.
// msg/s counts the whole process (spawn to exit: startup, bind, sending, receipts, unbind),
// which is what a user waits for; the in-run figures each side reports are kept as well.
import { join } from 'node:path';
import { ROOT, runNode, sendArgs, SEND_ENV, withSim } from './lib/proc.js';
import { median, round } from './lib/stats.js';
import { TEMPLATE, writeCsv } from './lib/workload.js';

const SIM_ARGS = ['--receipt-delay', '1'];

export async function throughput({ tmp, reps, count = 100_000, log }) {
  const csv = join(tmp, `throughput-${count}.csv`);
  await writeCsv(csv, count);
  const variants = [
    { name: 'receipts', receipts: true, ours: ['--wait', '10m'] },
    { name: 'no receipts', receipts: false, ours: ['--receipt', 'never'] },
  ];
  const rows = [];
  const data = {};
  for (const v of variants) {
    const samples = { ours: [], raw: [] };
    for (let rep = 0; rep < reps; rep++) {
      // Alternate who goes first, so a slow patch of the machine hits both sides alike.
      const order = rep % 2 === 0 ? ['raw', 'ours'] : ['ours', 'raw'];
      for (const who of order) {
        const sample = await withSim(SIM_ARGS, async (sim) => {
          const s = await (who === 'raw' ? runRaw(sim, count, v.receipts) : runOurs(sim, csv, count, v.ours));
          return { ...s, simCpuMs: sim.cpuMs() };
        });
        samples[who].push(sample);
        log(`throughput/${v.name} ${who} #${rep + 1}: ${round(sample.rate)} msg/s (${round(sample.wallMs)} ms, CPU ${round(sample.cpuMs)} ms, sim CPU ${round(sample.simCpuMs)} ms, peak RSS ${round(sample.peakRssMb)} MB)`);
      }
    }
    const ours = median(samples.ours.map((s) => s.rate));
    const raw = median(samples.raw.map((s) => s.rate));
    const ratio = ours / raw;
    // Client CPU per message: steadier than msg/s when the machine is busy with other work.
    const cpuUs = (side, key = 'cpuMs') => (median(samples[side].map((s) => s[key])) * 1000) / count;
    data[v.name] = {
      count, reps, ours: samples.ours, raw: samples.raw, oursRate: ours, rawRate: raw, ratio, oursCpuUsPerMsg: cpuUs('ours'), rawCpuUsPerMsg: cpuUs('raw'),
    };
    rows.push({
      benchmark: `throughput, ${v.name}`,
      result: `ours ${round(ours)} msg/s, raw ${round(raw)} msg/s, ratio ${round(ratio, 3)}`,
      goal: v.name === 'receipts' ? 'ratio >= 0.8' : '(reported)',
      pass: v.name === 'receipts' ? ratio >= 0.8 : undefined,
    });
    rows.push({
      benchmark: `throughput, ${v.name}: CPU`,
      result: `ours ${round(cpuUs('ours'), 1)} us/msg, raw ${round(cpuUs('raw'), 1)} us/msg (simulator: ${round(cpuUs('ours', 'simCpuMs'), 1)} / ${round(cpuUs('raw', 'simCpuMs'), 1)})`,
    });
  }
  return { rows, data };
}

async function runOurs(sim, csv, count, extra) {
  const r = await runNode(
    [...sendArgs(sim), '--batch', csv, '--text', TEMPLATE, '--window', '100', ...extra],
    { env: SEND_ENV, poll: true, pollMs: 100 },
  );
  const accepted = /Summary: (\d+) accepted/.exec(r.stdout + r.stderr)?.[1];
  if (r.code !== 0 || Number(accepted) !== count) {
    throw new Error(`smpp-send exited ${r.code} with ${accepted ?? 'no'} accepted of ${count}: ${tail(r)}`);
  }
  // "Summary: 100000 accepted · 100000 delivered · 16.1s, 6196.6/s avg, ..." (in-run figures)
  const inRun = /(\d+(?:\.\d+)?)\/s avg/.exec(r.stdout)?.[1];
  return { wallMs: r.wallMs, rate: (count * 1000) / r.wallMs, inRunRate: inRun ? Number(inRun) : undefined, cpuMs: r.cpuMs, peakRssMb: r.peakRssMb };
}

async function runRaw(sim, count, receipts) {
  const r = await runNode(
    [join(ROOT, 'bench/raw-client.js'), '--port', String(sim.port), '--count', String(count), '--window', '100', '--receipts', receipts ? '1' : '0'],
    { poll: true, pollMs: 100 },
  );
  let out;
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    out = undefined;
  }
  const wantReceipts = receipts ? count : 0;
  if (r.code !== 0 || out?.submitted !== count || out?.receipts !== wantReceipts) {
    throw new Error(`raw-client exited ${r.code}: ${tail(r)}`);
  }
  return { wallMs: r.wallMs, rate: (count * 1000) / r.wallMs, inRunRate: (count * 1000) / out.ms, cpuMs: r.cpuMs, peakRssMb: r.peakRssMb };
}

function tail(r) {
  return (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
}
