#!/usr/bin/env node
// Step two of npm run build, after tsc: bundles our compiled CLI (dist/cli/main.js and what it
// imports) into dist/bundle/, which bin/smpp-send.js runs. A one-message send is mostly start-up
// time, and every file loaded costs some (bench/run.js latency; numbers in the git log):
// - our ~55 modules become a few chunks; --splitting keeps each `await import()` a chunk of its
//   own, loaded only when needed (--help never loads the sender);
// - commander, 7 CommonJS files, becomes one, dist/bundle/commander.cjs (its licence on top);
// - the CommonJS packages are loaded with require(), which skips the ESM wrapper and the export
//   scan Node does for `import ... from` a CommonJS file; same module, same instance.
// Other packages stay external: bundling them all was slower, and breaks cosmiconfig's loaders.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(join(root, 'package.json'));
// Two levels below package.json, like dist/cli/: readVersion finds package.json the same way.
const outdir = join(root, 'dist/bundle');
const entry = join(outdir, 'main.js');

const commanderDir = join(require.resolve('commander'), '..');
const commanderPkg = JSON.parse(readFileSync(join(commanderDir, 'package.json'), 'utf8'));
const commander = await build({
  entryPoints: [require.resolve('commander')],
  outfile: join(outdir, 'commander.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  banner: { js: `/*! commander ${commanderPkg.version}, bundled by scripts/bundle.js\n${readFileSync(join(commanderDir, 'LICENSE'), 'utf8')}*/` },
  logLevel: 'warning',
  write: false,
});

/** `import ... from 'pkg'` of a CommonJS package becomes require(): where from, for each package. */
const viaRequire = { commander: './commander.cjs', smpp: 'smpp' };
const requirePlugin = {
  name: 'require-commonjs',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(viaRequire).join('|')})$`) }, (args) => ({ path: args.path, namespace: 'require-commonjs' }));
    b.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, ({ path }) => {
      const names = Object.keys(require(path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      return {
        loader: 'js',
        contents: [
          "import { createRequire } from 'node:module';",
          // import.meta.url is the chunk's own, in dist/bundle/.
          `const pkg = createRequire(import.meta.url)(${JSON.stringify(viaRequire[path])});`,
          'export default pkg;',
          `export const { ${names.join(', ')} } = pkg;`,
        ].join('\n'),
      };
    });
  },
};

const main = await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [requirePlugin],
  logLevel: 'warning',
  write: false,
});

// Chunk names carry a content hash. Write the chunks, then main.js, then drop old chunks, so a
// CLI started during a rebuild (tests running in another terminal) finds every file it names.
const files = [...commander.outputFiles, ...main.outputFiles];
mkdirSync(outdir, { recursive: true });
for (const f of [...files.filter((f) => f.path !== entry), ...files.filter((f) => f.path === entry)]) writeFileSync(f.path, f.contents);
const current = new Set(files.map((f) => basename(f.path)));
for (const name of readdirSync(outdir)) if (!current.has(name)) rmSync(join(outdir, name), { force: true });
