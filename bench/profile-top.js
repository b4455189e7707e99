// Summarises V8 .cpuprofile files (from `node --cpu-prof`): top functions by self time, self
// time per source file, self time of the bundle per module it was built from (esbuild's
// `// dist/...` markers in dist/bundle/smpp-send.cjs, kept by `BUNDLE_READABLE=1 npm run build`:
// the normal build strips comments), and top functions by inclusive time.
// Several files (say ten runs of a one-message send) are averaged: ms per run.
//
//   node bench/profile-top.js FILE.cpuprofile... [N]
import { existsSync, readFileSync } from 'node:fs';
import { ROOT } from './lib/proc.js';

const args = process.argv.slice(2);
const n = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 25;
if (args.length === 0) {
  console.error('usage: node bench/profile-top.js FILE.cpuprofile... [N]');
  process.exitCode = 2;
} else {
  const sums = { total: 0, byFunction: new Map(), byFile: new Map(), byModule: new Map(), inclusive: new Map() };
  const moduleOf = bundleModules(`${ROOT}dist/bundle/smpp-send.cjs`);
  for (const file of args) addProfile(sums, JSON.parse(readFileSync(file, 'utf8')), moduleOf);
  const runs = args.length;
  const show = (title, map) => {
    console.log(`\n${title} (ms per run, ${runs} run${runs > 1 ? 's' : ''}; ${(sums.total / 1000 / runs).toFixed(0)} ms sampled a run)`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      console.log(`${(us / 1000 / runs).toFixed(1).padStart(9)} ms ${((100 * us) / sums.total).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  show('self time by function', sums.byFunction);
  show('self time by file', sums.byFile);
  if (sums.byModule.size > 0) show('self time in the bundle, by the module it was built from', sums.byModule);
  show('inclusive time by function (our code and packages)', sums.inclusive);
}

/** Adds one profile's samples to the sums. */
function addProfile(sums, profile, moduleOf) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  for (const [id, us] of selfUs) {
    sums.total += us;
    const { callFrame: f } = byId.get(id);
    const where = f.url ? shorten(f.url) : '(native)';
    add(sums.byFunction, `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`, us);
    add(sums.byFile, where, us);
    if (f.url.endsWith('smpp-send.cjs')) add(sums.byModule, moduleOf(f.lineNumber + 1), us);
    // Inclusive: time of samples with the function anywhere on the stack (counted once a sample).
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { callFrame: c } = byId.get(at);
      if (!c.url || c.url.startsWith('node:')) continue;
      const fn = `${c.functionName || '(anonymous)'}  ${shorten(c.url)}:${c.lineNumber + 1}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      add(sums.inclusive, fn, us);
    }
  }
}

/** Line number -> the module of the bundle that line came from (esbuild writes `// path` before each). */
function bundleModules(bundle) {
  if (!existsSync(bundle)) return () => '(no bundle)';
  const starts = [];
  readFileSync(bundle, 'latin1').split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:dist|node_modules)\/\S+)$/.exec(line);
    if (m) starts.push([i + 1, m[1]]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= line) [found, lo] = [starts[mid][1], mid + 1];
      else hi = mid - 1;
    }
    return found;
  };
}

function shorten(url) {
  return url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/(dist|src|bench)\//, '$1/');
}
