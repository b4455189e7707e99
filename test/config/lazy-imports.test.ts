// --help and --version must stay fast: nothing statically imported by loadSettings may pull in
// cosmiconfig, node-smpp or chalk. Walk the static import graph of the source and check.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Static `import ... from 'x'` / `export ... from 'x'` specifiers; `import type` and `await import()` excluded. */
function staticImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) out.push(m[2]!);
  for (const m of src.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push(m[1]!);
  return out;
}

function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(resolve(root, entry));
  return { files, packages };
}

it('loadSettings statically imports no cosmiconfig, smpp or chalk', () => {
  const { files, packages } = graph('src/cli/load-settings.ts');
  expect(files.size).toBeGreaterThan(5); // the walk did follow the imports
  expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual(['commander']);
  expect([...files].filter((f) => f.includes('/src/smpp/'))).toEqual([]);
});

it('the walk sees a static import when there is one', () => {
  expect(graph('src/config/load.ts').packages.has('cosmiconfig')).toBe(false);
  expect(staticImports('/dev/null')).toEqual([]);
  expect(graph('src/smpp/codec.ts').packages.has('smpp')).toBe(true);
});
