#!/usr/bin/env node
// Starts the CLI: dist/bundle/smpp-send.cjs, one CommonJS file built by scripts/bundle.js.
// Start-up is most of a one-message run from cron, so this file stays CommonJS (bin/package.json:
// no ES module loader to start) and small, and it compiles the bundle with the V8 code cache the
// build made (dist/bundle/smpp-send.cjs.cache), which spares parsing and compiling it again.
// `--help` or `--version` alone are answered without loading the bundle: the help text is the
// one the bundle printed at build time (test/cli/bundle.test.ts checks they stay the same).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const DIR = join(__dirname, '../dist/bundle');
const BUNDLE = join(DIR, 'smpp-send.cjs');
const CACHE = `${BUNDLE}.cache`;
const BUILD_ID = /^\/\/ build ([0-9a-f]{16})\n/; // the bundle's first line; the cache starts with the same id

/** The answer to a lone --help or --version, or undefined when the full CLI must parse argv. */
function quickAnswer(argv) {
  if (argv.length !== 1) return undefined;
  if (argv[0] === '--help' || argv[0] === '-h') return readFileSync(join(DIR, 'help.txt'), 'utf8');
  if (argv[0] === '--version' || argv[0] === '-V') return `${require('../package.json').version}\n`;
  return undefined;
}

/** The code cache made for this very bundle, else undefined (stale, missing: compile as usual). */
function codeCache(source) {
  const id = BUILD_ID.exec(source)?.[1];
  if (!id) return undefined;
  try {
    const file = readFileSync(CACHE);
    return file.toString('latin1', 0, 16) === id ? file.subarray(16) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the V8 heap small (issue 13, goal 4): a bulk run allocates per message, V8 lets the
 * young generation grow to 2 x 16 MB and collects the old one late, so a 100,000-row CSV peaked
 * at ~123 MB resident with ~10 MB alive. --max-semi-space-size is read only when the heap is
 * set up, before this file runs; these two are read whenever V8 sizes the heap, so set here they
 * still apply: the young generation stays at its first size (2 x 1 MB) and the old one is
 * collected once it has grown by half. They cost CPU (bench/README.md has the figures). Not done
 * when the user gave heap flags of their own (NODE_OPTIONS or node's command line).
 */
const HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=50'];

function tuneHeap() {
  const chosen = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (/semi.space|heap.growing/.test(chosen)) return;
  const { setFlagsFromString } = require('node:v8');
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}

/**
 * The bundle's import() of a file (a config file written in JavaScript), done here: code run
 * by vm.Script may not import() without an experimental option that prints a warning.
 */
const importFile = (url) => import(url);

/** Compiles and runs the bundle as Node would require() it, with the code cache; its exports and the Script. */
function loadBundle() {
  const { Script } = require('node:vm');
  const { createRequire } = require('node:module');
  const source = readFileSync(BUNDLE, 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname, __importFile) {${source}\n})`;
  const script = new Script(wrapped, { filename: BUNDLE, cachedData: codeCache(source) });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, DIR, importFile);
  return { exports: module.exports, script };
}

if (require.main === module) {
  const answer = quickAnswer(process.argv.slice(2));
  if (answer === undefined) {
    tuneHeap();
    loadBundle().exports.runCli();
  }
  else {
    // As the full CLI does when stdout was closed early (EXIT.pipe, src/exit-codes.ts).
    process.stdout.on('error', () => process.exit(141));
    process.stdout.write(answer);
  }
} else {
  module.exports = { loadBundle, tuneHeap, HEAP_FLAGS, BUNDLE, CACHE };
}
