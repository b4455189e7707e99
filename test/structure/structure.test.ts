// The shape of src/, checked on every run (issue 10): imports point one way, down a declared
// ladder of folders; no folder and no file imports itself round a circle; chalk and the network
// library stay in the layer that owns them; no file or function grows past a size a reader can
// hold. The checks are pure functions over an import graph, so each is also tried on a small
// graph that breaks it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/** Bottom first: a folder may import only from folders on a lower rung. */
const LADDER: readonly (readonly string[])[] = [
  ['exit-codes', 'monotonic'], // the documented exit codes; the one monotonic clock
  ['errors'], // what failed, and with which exit code
  ['sms'], // pure SMS knowledge: alphabets, segments, receipts, statuses
  ['smpp', 'input'], // the only socket code; byte-level input reading
  ['config'], // flags + environment + files -> Settings
  ['journal'], // the job on disk, and its report
  ['receive'], // deliver_sm: MO and receipts, listen/query/cancel/replace
  ['send'], // the run: intake, pacing, retries, receipts
  ['probe'],
  ['cli'], // the only place that prints advice and exits
  ['sim', 'scripts'], // other programs built on the layers
];
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

type Graph = Map<string, Set<string>>; // file -> files it imports (paths relative to src/)

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [relative(SRC, p).split(sep).join('/')] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiers(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

function importGraph(files: string[], read: (f: string) => string): Graph {
  const graph: Graph = new Map();
  for (const f of files) {
    const out = new Set<string>();
    for (const spec of specifiers(read(f))) {
      if (!spec.startsWith('.')) continue;
      out.add(join(dirname(f), spec).split(sep).join('/').replace(/\.js$/, '.ts'));
    }
    graph.set(f, out);
  }
  return graph;
}

/** src/send/run.ts -> send; src/errors.ts -> errors. */
export function folderOf(file: string): string {
  const [first, ...rest] = file.split('/');
  return rest.length > 0 ? first! : first!.replace(/\.ts$/, '');
}

function folderGraph(graph: Graph): Graph {
  const folders: Graph = new Map();
  for (const [from, tos] of graph) {
    const a = folderOf(from);
    if (!folders.has(a)) folders.set(a, new Set());
    for (const to of tos) if (folderOf(to) !== a) folders.get(a)!.add(folderOf(to));
  }
  return folders;
}

/** Strongly connected parts of more than one node (Tarjan), each sorted: the circles. */
export function circles(graph: Graph): string[][] {
  const index = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>();
  const stack: string[] = [], found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next), low.set(v, next++), stack.push(v), onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) visit(w), low.set(v, Math.min(low.get(v)!, low.get(w)!));
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const part: string[] = [];
    let w: string;
    do (w = stack.pop()!), onStack.delete(w), part.push(w);
    while (w !== v);
    if (part.length > 1) found.push(part.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Imports that go up the ladder or sideways to another folder on the same rung. */
export function upwardImports(graph: Graph, ladder = LADDER): string[] {
  const rung = new Map(ladder.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
  const wrong: string[] = [];
  for (const [from, tos] of graph) {
    for (const to of tos) {
      const a = folderOf(from), b = folderOf(to);
      if (a === b) continue;
      if (!rung.has(a) || !rung.has(b)) wrong.push(`${from} -> ${to}: folder not on the ladder`);
      else if (rung.get(b)! >= rung.get(a)!) wrong.push(`${from} -> ${to}`);
    }
  }
  return wrong;
}

/** Functions (declarations, methods, arrows, closures) longer than `max` lines, as file:line name (n). */
export function longFunctions(file: string, text: string, max = MAX_FUNCTION_LINES): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const long: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = sf.getLineAndCharacterOfPosition(node.end).line - first + 1;
      const name = node.name?.getText() ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText() : '(anonymous)');
      if (lines > max) long.push(`${file}:${first + 1} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return long;
}

const files = sourceFiles();
const text = new Map(files.map((f) => [f, readFileSync(join(SRC, f), 'utf8')]));
const graph = importGraph(files, (f) => text.get(f)!);

describe('the checks themselves', () => {
  const g = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

  it('finds a circle of folders and of files', () => {
    expect(circles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(circles(g({ a: ['b'], b: [] }))).toEqual([]);
  });

  it('finds an import up the ladder or sideways on one rung, not one down', () => {
    const ladder = [['sms'], ['smpp', 'input'], ['cli']];
    expect(upwardImports(g({ 'sms/a.ts': ['cli/b.ts'], 'cli/b.ts': ['sms/a.ts'] }), ladder)).toEqual(['sms/a.ts -> cli/b.ts']);
    expect(upwardImports(g({ 'smpp/a.ts': ['input/b.ts'] }), ladder)).toEqual(['smpp/a.ts -> input/b.ts']);
    expect(upwardImports(g({ 'x/a.ts': ['sms/b.ts'] }), ladder)).toEqual(['x/a.ts -> sms/b.ts: folder not on the ladder']);
  });

  it('measures a function with its body, closures included', () => {
    const body = Array.from({ length: 61 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    expect(longFunctions('f.ts', `export function f() {\n${body}\n}\n`, 60)).toEqual(['f.ts:1 f (63 lines)']);
    expect(longFunctions('f.ts', `export const g = () => {\n${body}\n};\n`, 70)).toEqual([]);
  });
});

describe('src/', () => {
  it('imports point down the ladder of folders', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no circle of folders and no circle of files', () => {
    expect(circles(folderGraph(graph))).toEqual([]);
    expect(circles(graph)).toEqual([]);
  });

  it('colours output only in cli/, and uses node-smpp only in smpp/ (the simulator too goes through it)', () => {
    const importers = (pkg: RegExp): string[] =>
      files.filter((f) => specifiers(text.get(f)!).some((s) => pkg.test(s))).map(folderOf);
    expect([...new Set(importers(/^chalk$/))]).toEqual(['cli']);
    expect([...new Set(importers(/^smpp$/))]).toEqual(['smpp']);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((f) => text.get(f)!.split('\n').length - 1 > MAX_FILE_LINES);
    expect(long.map((f) => `${f} (${text.get(f)!.split('\n').length - 1} lines)`)).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(files.flatMap((f) => longFunctions(f, text.get(f)!))).toEqual([]);
  });

  it('names no command-line flag in smpp/: it describes failures, cli/ phrases the advice', () => {
    const flagged = files.filter((f) => f.startsWith('smpp/')).filter((f) => /['"`][^'"`\n]*\s--[a-z]/.test(text.get(f)!.replace(/\/\/.*$/gm, '')));
    expect(flagged).toEqual([]);
  });
});
