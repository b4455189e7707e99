#!/usr/bin/env node
// Starts the CLI: dist/bundle/smpp-send.cjs, one CommonJS module (its wrapper function written
// out) built by scripts/bundle.js.
// Start-up is most of a one-message run from cron, so this file stays CommonJS (bin/package.json:
// no ES module loader to start) and small, and it compiles the bundle with the V8 code cache the
// build made (dist/bundle/smpp-send.cjs.cache), which spares parsing and compiling it again.
// `--help` or `--version` alone are answered without loading the bundle: the texts are the
// ones the bundle printed at build time (test/cli/bundle.test.ts checks they stay the same).
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
  if (argv[0] === '--version' || argv[0] === '-V') return readFileSync(join(DIR, 'version.txt'), 'utf8');
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
 * The bundle's import() of a file (a config file written in JavaScript), done here: code run
 * by vm.Script may not import() without an experimental option that prints a warning.
 */
const importFile = (url) => import(url);

/**
 * Compiles and runs the bundle as Node would require() it, with the code cache; its exports and
 * the Script. The bundle is ASCII (scripts/bundle.js makes sure), so latin1 reads it exactly and
 * faster than utf8. Its require() is this file's own: it requires only node: modules and
 * packages, which resolve the same from bin/ as from dist/bundle/ (createRequire would load
 * node:module, and with it the ES module loader).
 */
function loadBundle() {
  const { Script } = require('node:vm');
  const source = readFileSync(BUNDLE, 'latin1'); // the function to call, wrapper and all (scripts/bundle.js)
  const script = new Script(source, { filename: BUNDLE, cachedData: codeCache(source) });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, BUNDLE, DIR, importFile);
  return { exports: module.exports, script };
}

if (require.main === module) {
  const answer = quickAnswer(process.argv.slice(2));
  // No V8 flags may be set before loadBundle: they would make V8 refuse the code cache
  // (src/cli/heap.ts says more).
  if (answer === undefined) loadBundle().exports.runCli();
  else {
    // As the full CLI does when stdout was closed early (EXIT.pipe, src/exit-codes.ts).
    process.stdout.on('error', () => process.exit(141));
    process.stdout.write(answer);
  }
} else {
  module.exports = { loadBundle, BUNDLE, CACHE };
}
