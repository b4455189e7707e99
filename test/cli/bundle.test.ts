// The built bundle (scripts/bundle.js, run by npm run build) keeps the lazy loading of
// src/cli/main.ts: what bin/smpp-send loads before the first `await import()` pulls in no
// package, the chunk loadSettings lives in (all --help and --version load) reaches commander
// and nothing heavier, and only the sender loads node-smpp. A bundle built without --splitting
// fails these. The CommonJS packages are loaded with require(): commander from its one-file
// copy, dist/bundle/commander.cjs.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BUNDLE = fileURLToPath(new URL('../../dist/bundle/', import.meta.url));

/** What a bundle file loads as it is evaluated: static imports, and require()s at top level. */
function loads(file: string): string[] {
  const src = readFileSync(join(BUNDLE, file), 'utf8');
  const imports = [...src.matchAll(/^(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?"([^"]+)"/gm)].map((m) => m[1]!);
  const requires = [...src.matchAll(/^var \w+ = createRequire\(import\.meta\.url\)\("([^"]+)"\);$/gm)].map((m) => m[1]!);
  return [...imports, ...requires];
}

/** Packages (and ./*.cjs copies of them) a bundle file loads, following our own chunks. */
function packagesLoaded(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of loads(file)) {
      if (spec.startsWith('./') && spec.endsWith('.js')) visit(spec.slice(2));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return [...packages].sort();
}

function lazyChunk(name: string): string {
  const src = readFileSync(join(BUNDLE, 'main.js'), 'utf8');
  const chunk = new RegExp(`import\\("\\./(${name}-[\\w]+\\.js)"\\)`).exec(src)?.[1];
  if (!chunk) throw new Error(`main.js has no import() of a ${name} chunk`);
  return chunk;
}

it('bin/smpp-send runs the bundle', () => {
  expect(readFileSync(fileURLToPath(new URL('../../bin/smpp-send.js', import.meta.url)), 'utf8')).toContain("'../dist/bundle/main.js'");
  expect(existsSync(join(BUNDLE, 'main.js'))).toBe(true);
});

it.each([
  { name: 'main.js', file: () => 'main.js', packages: [] },
  { name: 'the loadSettings chunk', file: () => lazyChunk('load-settings'), packages: ['./commander.cjs'] },
  { name: 'the runSend chunk', file: () => lazyChunk('run'), packages: ['smpp'] },
])('$name loads only the packages it needs', ({ file, packages }) => {
  expect(packagesLoaded(file())).toEqual(packages);
});

it('commander.cjs is the installed commander, licence included', () => {
  const require = createRequire(import.meta.url);
  const copy = require(join(BUNDLE, 'commander.cjs')) as typeof import('commander');
  const installed = require('commander') as typeof import('commander');
  expect(Object.keys(copy)).toEqual(Object.keys(installed));
  expect(new copy.Command('x').option('--to <n>').parse(['--to', '1'], { from: 'user' }).opts()).toEqual({ to: '1' });
  const pkgFile = join(require.resolve('commander'), '../package.json'); // not in its "exports"
  const { version } = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string };
  expect(readFileSync(join(BUNDLE, 'commander.cjs'), 'utf8')).toMatch(new RegExp(`^/\\*! commander ${version.replace(/\./g, '\\.')}[^]*The MIT License`));
});
