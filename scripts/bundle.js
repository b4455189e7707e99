#!/usr/bin/env node
// Step two of npm run build, after tsc: bundles our compiled CLI (dist/cli/main.js and what it
// imports) into dist/bundle/, which bin/smpp-send.js runs. Loading a few files instead of ~55
// made a one-message send start ~15 ms sooner (bench/run.js latency). Packages stay external:
// bundling them was slower, and breaks cosmiconfig's defaultLoaders. --splitting keeps each
// `await import()` a chunk of its own, loaded only when needed (--help never loads the sender).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
// Two levels below package.json, like dist/cli/: readVersion finds package.json the same way.
const outdir = join(root, 'dist/bundle');
const entry = join(outdir, 'main.js');

const { outputFiles } = await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  write: false,
});

// Chunk names carry a content hash. Write the chunks, then main.js, then drop old chunks, so a
// CLI started during a rebuild (tests running in another terminal) finds every file it names.
mkdirSync(outdir, { recursive: true });
const ordered = [...outputFiles.filter((f) => f.path !== entry), ...outputFiles.filter((f) => f.path === entry)];
for (const f of ordered) writeFileSync(f.path, f.contents);
const current = new Set(outputFiles.map((f) => basename(f.path)));
for (const name of readdirSync(outdir)) if (!current.has(name)) rmSync(join(outdir, name), { force: true });
