// Start-up cost by module: what a one-message send loads, in the order src/cli/main.ts loads
// it, each step timed in a fresh process (repeated; medians), then each third-party package
// alone. For finding what makes `smpp-send --to X --text Y` slower than a bare node-smpp script.
//
//   node bench/import-cost.js [runs]
import { spawnSync } from 'node:child_process';
import { median, round } from './lib/stats.js';
import { ROOT } from './lib/proc.js';

const runs = Number(process.argv[2] ?? 7);
const dist = (p) => new URL(`dist/${p}`, `file://${ROOT}`).href;
// Packages first where they are first needed, so each shows apart from our modules.
const chain = ['cli/main.js', 'commander', 'cli/load-settings.js', 'cli/reporters/index.js', 'smpp', 'send/run.js'].map((s) =>
  s.endsWith('.js') ? dist(s) : s,
);
const packages = ['commander', 'cosmiconfig', 'chalk', 'smpp', 'csv-parse'];

/** Times `await import(step)` for each step in order, in one fresh process; ms per step. */
function timeSteps(steps) {
  // A trivial import first, untimed: the ESM loader's own warm-up is no module's cost.
  const script = `const r = []; await import('data:text/javascript,export default 1');
for (const s of ${JSON.stringify(steps)}) { const t = performance.now(); await import(s); r.push(performance.now() - t); }
console.log(JSON.stringify(r));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

function report(title, steps, label) {
  const samples = Array.from({ length: runs }, () => timeSteps(steps));
  console.log(`\n${title} (median of ${runs} fresh processes, ms)`);
  steps.forEach((s, i) => console.log(`${String(round(median(samples.map((r) => r[i])), 1)).padStart(8)}  ${label(s)}`));
  const totals = samples.map((r) => r.reduce((a, b) => a + b, 0));
  console.log(`${String(round(median(totals), 1)).padStart(8)}  total`);
}

report('one-message send, in load order (each step: what it adds)', chain, (s) => s.replace(/^.*\/dist\//, 'dist/'));
for (const p of packages) report(`${p} alone`, [p], (s) => s);
