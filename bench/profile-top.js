// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, self time
// per source file, and top functions by inclusive time. For finding where a benchmark run spends its CPU.
//
//   node bench/profile-top.js FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-top.js FILE.cpuprofile [N]');
  process.exitCode = 2;
} else {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  const byFile = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id);
    const where = f.url ? shorten(f.url) : '(native)';
    const fn = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
  }
  const show = (title, map) => {
    console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) {
      console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  // Inclusive: time of samples with the function anywhere on the stack (counted once a sample).
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { callFrame: f } = byId.get(at);
      if (!f.url || f.url.startsWith('node:')) continue;
      const fn = `${f.functionName || '(anonymous)'}  ${shorten(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
    }
  }
  show('self time by function', byFunction);
  show('self time by file', byFile);
  show('inclusive time by function (our code and packages)', inclusive);
}

function shorten(url) {
  return url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/(dist|src|bench)\//, '$1/');
}
