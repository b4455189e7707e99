// The built bundle (scripts/bundle.js, run by npm run build) keeps the lazy loading of
// src/cli/main.ts: what bin/smpp-send loads before the first `await import()` pulls in no
// package, and the chunk loadSettings lives in (all --help and --version load) reaches
// commander and nothing heavier. A bundle built without --splitting fails both.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BUNDLE = fileURLToPath(new URL('../../dist/bundle/', import.meta.url));

/** Static import specifiers of a bundle file (esbuild writes `from "x"` and `import "x"`). */
function staticImports(file: string): string[] {
  const src = readFileSync(join(BUNDLE, file), 'utf8');
  return [...src.matchAll(/^(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?"([^"]+)"/gm)].map((m) => m[1]!);
}

/** Packages reached through static imports from a bundle file, following our chunks. */
function staticPackages(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('./')) visit(spec.slice(2));
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
  { name: 'the loadSettings chunk', file: () => lazyChunk('load-settings'), packages: ['commander'] },
  { name: 'the runSend chunk', file: () => lazyChunk('run'), packages: ['smpp'] },
])('$name statically reaches only the packages it needs', ({ file, packages }) => {
  expect(staticPackages(file())).toEqual(packages);
});

it('the import walk sees a package when there is one', () => {
  expect(staticImports(lazyChunk('load-settings'))).toContain('commander');
});
