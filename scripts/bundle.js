#!/usr/bin/env node
// Step two of npm run build, after tsc: the CLI (dist/cli/main.js and all it imports) as ONE
// CommonJS file, dist/bundle/smpp-send.cjs, which bin/smpp-send.js compiles with a V8 code
// cache made here. A one-message send is mostly start-up, and the figures (bench/run.js
// latency, issue 13) chose this shape:
// - CommonJS, not ES modules: Node starts its ES module loader only for ES modules (~15 ms);
// - one file: every file resolved and read costs; `await import()` of our own modules becomes a
//   lazy initialiser inside the file, so --dry-run code still runs only when asked for;
// - ES-only packages (chalk, log-update and their helpers) and commander are bundled, which
//   turns them into CommonJS too; their licences go to dist/bundle/THIRD-PARTY-LICENSES.txt;
//   commander's child_process is loaded only if used (never: we have no executable subcommands),
//   and node:fs/promises only when one of its functions is first called;
// - node-smpp is bundled too: its files then need no resolving, reading and compiling at every
//   start (the code cache holds them), and iconv-lite, which it loads for the text filters
//   src/smpp/codec.ts removes, is loaded only if one of its functions is ever called (~8 ms of
//   a one-message send for the two, issue 13);
// - left outside, loaded with require() when first needed: cosmiconfig (its loaders import
//   files by path) and csv-parse;
// - the code cache: made after a real one-message send against the simulator, so it holds the
//   compiled functions a send needs; tagged with the bundle's build id, so a stale cache is
//   never used (V8 itself checks only the source length);
// - help.txt and version.txt: what the bundle prints for --help and --version, which bin/
//   prints for a lone --help or --version (requiring package.json there cost ~9 ms).
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(join(root, 'package.json'));
// Two levels below package.json, like dist/cli/: readVersion finds package.json the same way.
const outdir = join(root, 'dist/bundle');
const bundleFile = join(outdir, 'smpp-send.cjs');
/** CommonJS packages left outside the bundle, loaded with require() when first needed. */
export const EXTERNAL = ['cosmiconfig', 'csv-parse'];

/**
 * `await import('pkg')` of an outside package (or of a node: module) becomes require('pkg')
 * inside a promise, as for our own modules: a CommonJS file with no import() left needs no ES
 * module loader at all.
 */
const requireExternals = {
  name: 'require-externals',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'require-external' } : undefined,
    );
    const filter = new RegExp(`^(${EXTERNAL.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'require-external' } : { path: args.path, external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-external' }, ({ path }) => ({ loader: 'js', contents: `module.exports = require(${JSON.stringify(path)});` }));
  },
};

/**
 * commander loads node:child_process at start-up for executable subcommands, which smpp-send
 * has none of, and that module (with net and dgram behind it) is a noticeable part of start-up:
 * load it when first used instead. The build fails if commander's line changes.
 */
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /node_modules\/commander\/lib\/command\.js$/ }, ({ path }) => {
      const eager = "const childProcess = require('node:child_process');";
      const src = readFileSync(path, 'utf8');
      if (!src.includes(eager)) throw new Error(`bundle: ${path} no longer holds ${eager}; update scripts/bundle.js`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { loader: 'js', contents: src.replace(eager, lazy) };
    });
  },
};

/**
 * node:fs/promises loads a dozen internal modules (readline among them) when required, though a
 * one-message send calls none of its functions: our modules get a stand-in whose functions
 * look fs.promises up when called. Same functions, loaded on first use.
 */
const lazyFsPromises = {
  name: 'lazy-fs-promises',
  setup(b) {
    b.onResolve({ filter: /^(node:)?fs\/promises$/ }, (args) =>
      args.importer.includes('node_modules') ? { path: args.path, external: true } : { path: 'fs/promises', namespace: 'lazy-fs-promises' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-fs-promises' }, () => {
      const names = Object.keys(require('node:fs/promises')).filter((n) => n !== 'default' && n !== 'constants');
      return {
        loader: 'js',
        contents: [
          "const fs = require('node:fs');",
          `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => fs.promises[name] });`,
          "Object.defineProperty(exports, 'constants', { enumerable: true, get: () => fs.constants });",
        ].join('\n'),
      };
    });
  },
};

/**
 * node-smpp requires iconv-lite at load and calls it only in its text filters, which codec.ts
 * removes: it gets a stand-in whose functions load the real package when first called.
 * Its GSM tables (lib/defs.js) hold non-ASCII characters, all inside string and regular
 * expression literals, where a \uXXXX escape is the same character: escaped, so the bundle stays
 * ASCII (esbuild copies regular expressions as written).
 */
const lazyIconv = {
  name: 'lazy-iconv-lite',
  setup(b) {
    b.onLoad({ filter: /node_modules\/smpp\/lib\/defs\.js$/ }, ({ path }) => ({
      loader: 'js',
      contents: readFileSync(path, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    }));
    b.onResolve({ filter: /^iconv-lite$/ }, (args) =>
      args.namespace === 'lazy-iconv' ? { path: args.path, external: true } : { path: 'iconv-lite', namespace: 'lazy-iconv' },
    );
    // encode and decode: what node-smpp calls (lib/defs.js); the build fails if that changes.
    const defs = readFileSync(require.resolve('smpp/lib/defs.js'), 'utf8');
    const called = [...new Set([...defs.matchAll(/\biconv\.(\w+)/g)].map((m) => m[1]))].sort();
    if (called.join() !== 'decode,encode') throw new Error(`bundle: node-smpp now calls iconv-lite's ${called.join(', ')}; update scripts/bundle.js`);
    b.onLoad({ filter: /.*/, namespace: 'lazy-iconv' }, () => ({
      loader: 'js',
      resolveDir: root,
      contents: [
        'let real;',
        "for (const name of ['encode', 'decode']) exports[name] = (...args) => (real ??= require('iconv-lite'))[name](...args);",
      ].join('\n'),
    }));
  },
};

/**
 * node-smpp requires node:tls at load, for its TLS client and server; smpp-send opens its own
 * sockets (src/smpp/connect.ts) and loads node:tls only for a TLS link. Loading it costs ~3 ms of
 * every plain one-message send, so node-smpp gets it when first used: its SecureServer inherits
 * from tls.Server when the first one is made (util.inherits only sets prototypes, so the methods
 * defined on it stay). The build fails if those lines change.
 */
const smppLazyTls = {
  name: 'smpp-lazy-tls',
  setup(b) {
    b.onLoad({ filter: /node_modules\/smpp\/lib\/smpp\.js$/ }, ({ path }) => {
      const edits = [
        ["\ttls = require('tls'),", "\ttls = { get Server() { return require('tls').Server; }, get connect() { return require('tls').connect; } },"],
        ['util.inherits(SecureServer, tls.Server);', ''],
        ['\t\treturn new SecureServer(options, listener);', '\t\tif (!SecureServer.super_) util.inherits(SecureServer, tls.Server);\n\t\treturn new SecureServer(options, listener);'],
      ];
      let src = readFileSync(path, 'utf8');
      for (const [from, to] of edits) {
        if (src.split(from).length !== 2) throw new Error(`bundle: ${path} no longer holds ${JSON.stringify(from)} once; update scripts/bundle.js`);
        src = src.replace(from, to);
      }
      return { loader: 'js', contents: src };
    });
  },
};

const result = await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outfile: bundleFile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [requireExternals, commanderLazyChildProcess, lazyFsPromises, lazyIconv, smppLazyTls],
  // program.ts finds package.json from import.meta.url; in CommonJS that is this file's URL,
  // made when first asked for (--version), not at every start.
  define: { 'import.meta.url': '__import_meta.url' },
  banner: { js: "const __import_meta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  // Whitespace and comments out, names kept (stack traces with --debug stay readable): a third
  // less to read and hash at every start, ~5 ms of CPU of a one-message send (issue 13).
  // BUNDLE_READABLE=1 keeps the layout and esbuild's `// dist/...` markers, which
  // bench/profile-top.js needs to tell time per module.
  minifyWhitespace: !process.env.BUNDLE_READABLE,
  minifySyntax: !process.env.BUNDLE_READABLE,
  legalComments: 'none', // the whole licence texts are in THIRD-PARTY-LICENSES.txt
  metafile: true,
  logLevel: 'warning',
  write: false,
});

/** Package directories of the bundled third-party code, from esbuild's inputs. */
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(join(root, m[1]));
  }
  return [...dirs].sort();
}

function licences(dirs) {
  const parts = ['Third-party code bundled into smpp-send.cjs by scripts/bundle.js, with its licences.\n'];
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!file) throw new Error(`bundle: ${pkg.name} has no licence file; add its text here or leave it external`);
    parts.push(`${'-'.repeat(78)}\n${pkg.name} ${pkg.version} (${pkg.license})\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`);
  }
  return parts.join('\n');
}

/** Writes via a temporary file and a rename: a CLI started during a rebuild sees old or new, whole. */
function writeWhole(file, contents) {
  writeFileSync(`${file}.tmp`, contents);
  renameSync(`${file}.tmp`, file);
}

// The bundle must be ASCII: bin/ reads it as latin1 (a one-byte string, read faster than utf8).
// esbuild writes strings and names as ASCII but copies comments (and raw template and regex
// text) as they are. In comments an escape reads as well; elsewhere it might not, so the escaped
// code is kept only if, comments stripped, it is the same code, and the build fails otherwise.
async function asciiComments(text) {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const bare = async (t) => (await transform(t, { minifyWhitespace: true, charset: 'utf8' })).code;
  if ((await bare(text)) === (await bare(escaped))) return escaped;
  const where = /.{0,40}[^\x00-\x7f].{0,20}/.exec(text)?.[0];
  throw new Error(`bundle: a non-ASCII character outside a comment (${JSON.stringify(where)}); write it as \\u{...} in the source`);
}
// import() of a computed name (a user's config file) calls bin/'s importFile instead: code run
// by vm.Script has no import() of its own without an experimental, warning-printing option.
const code = (await asciiComments(result.outputFiles[0].text)).replace(/\bimport\((?=[^"'`])/g, '__importFile(');
const buildId = createHash('sha256').update(code).digest('hex').slice(0, 16);
const packages = bundledPackages(result.metafile);
const names = packages.map((d) => basename(d)).join(', ');
mkdirSync(outdir, { recursive: true });
writeWhole(join(outdir, 'THIRD-PARTY-LICENSES.txt'), licences(packages));
// The file is the function bin/ calls, CommonJS's module wrapper written out: bin/ compiles it as
// read, where joining the wrapper to 700 kB of source at every start cost a copy (~1 ms).
const wrapper = '(function (exports, require, module, __filename, __dirname, __importFile) {';
writeWhole(bundleFile, `// build ${buildId}\n${wrapper}/*! smpp-send; bundles ${names}: licences in THIRD-PARTY-LICENSES.txt */\n${code}\n})`);

// help.txt and the code cache come from the bundle itself, loaded as bin/ loads it.
const { warmUp } = await import('./code-cache.js');
const { help, cache, warning } = await warmUp(require(join(root, 'bin/smpp-send.js')));
if (warning) console.error(`bundle: ${warning}`);
writeWhole(join(outdir, 'help.txt'), help);
writeWhole(join(outdir, 'version.txt'), `${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`);
writeWhole(`${bundleFile}.cache`, Buffer.concat([Buffer.from(buildId, 'latin1'), cache]));

// Drop what an older build left (chunks of the former multi-file bundle).
const current = new Set(['smpp-send.cjs', 'smpp-send.cjs.cache', 'help.txt', 'version.txt', 'THIRD-PARTY-LICENSES.txt']);
for (const name of readdirSync(outdir)) if (!current.has(name) && existsSync(join(outdir, name))) rmSync(join(outdir, name), { force: true });
