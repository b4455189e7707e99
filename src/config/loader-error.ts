// A config file that does not parse, described as kind, line:column and what is wrong, never
// with a token of it: parsers quote the text they stumbled on ("unidentified alias "hunter2"",
// "hunter2 is not defined"), and in a config file that text is often the password. Pure.
import { jsonSyntaxProblem, type SyntaxProblem } from './json-syntax.js';

export interface LoaderProblem {
  kind: 'YAML' | 'JSON' | 'JavaScript';
  line?: number; // 1-based
  column?: number; // 1-based
  problem: string; // never quotes the file
  fix?: string;
}

const QUOTE_IT = 'put text values that start with *, &, ! or a quote in "double quotes"';

/**
 * js-yaml's reason without what it quotes: everything from the first quote, tag (`!<...>`) or
 * ": " on is a token of the file ("unidentified alias "x"", "unknown tag !<x>", "tag name is
 * malformed: x", "expected the node content, but found ','").
 */
export function yamlReason(reason: string): string {
  const cut = reason.replace(/\s*(?:["'`]|!<|:\s|\(|,\s*but found).*$/s, '').trim();
  return cut === '' ? 'syntax error' : cut;
}

/** YAML reasons caused by an unquoted value starting with an indicator character. */
const NEEDS_QUOTES = /alias|anchor|tag|the node content/;

export function yamlProblem(err: unknown): LoaderProblem {
  const e = err as { reason?: unknown; mark?: { line?: unknown; column?: unknown } };
  const reason = typeof e?.reason === 'string' ? yamlReason(e.reason) : 'syntax error';
  const line = typeof e?.mark?.line === 'number' ? e.mark.line + 1 : undefined;
  const column = typeof e?.mark?.column === 'number' ? e.mark.column + 1 : undefined;
  return {
    kind: 'YAML',
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    problem: reason,
    ...(NEEDS_QUOTES.test(reason) ? { fix: QUOTE_IT } : {}),
  };
}

export function jsonProblem(text: string): LoaderProblem {
  const found: SyntaxProblem | undefined = jsonSyntaxProblem(text);
  if (!found) return { kind: 'JSON', problem: 'not valid JSON' };
  return { kind: 'JSON', line: found.line, column: found.column, problem: found.problem };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where in `files` (the path and its file: URL, real path too) a JavaScript error arose, from its
 * stack: a frame `FILE:LINE:COLUMN`, or for a SyntaxError the header `FILE:LINE` followed by the
 * source line (never used) and a caret under the column.
 */
export function jsLocation(stack: string, files: readonly string[]): { line: number; column?: number } | undefined {
  const lines = stack.split('\n');
  for (const name of files) {
    const at = new RegExp(`${escapeRegExp(name)}:(\\d+)(?::(\\d+))?`);
    for (let i = 0; i < lines.length; i++) {
      const m = at.exec(lines[i]!);
      if (!m) continue;
      if (m[2] !== undefined) return { line: Number(m[1]), column: Number(m[2]) };
      const caret = lines[i + 2]?.indexOf('^') ?? -1;
      return { line: Number(m[1]), ...(caret >= 0 ? { column: caret + 1 } : {}) };
    }
  }
  return undefined;
}

const JS_PROBLEMS: Readonly<Record<string, { problem: string; fix?: string }>> = {
  SyntaxError: { problem: 'syntax error', fix: 'check the JavaScript syntax there, e.g. a missing comma or quote' },
  ReferenceError: { problem: 'a name that is not defined', fix: 'put text values in quotes' },
};

export function jsProblem(err: unknown, files: readonly string[]): LoaderProblem {
  // Duck-typed: an error from another realm (vm, test runners) fails instanceof Error.
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; stack?: unknown };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const known = JS_PROBLEMS[name] ?? { problem: `the file threw ${/^[A-Z][A-Za-z]*Error$/.test(name) ? `a ${name}` : 'an error'} while loading` };
  const where = typeof e.stack === 'string' ? jsLocation(e.stack, files) : undefined;
  return { kind: 'JavaScript', ...(where ?? {}), ...known };
}

/** "FILE:3:7: invalid YAML: unidentified alias", without the parts we do not know. */
export function describeProblem(file: string, p: LoaderProblem): string {
  const at = p.line === undefined ? file : `${file}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`;
  return `${at}: ${p.kind === 'JavaScript' ? 'JavaScript' : `invalid ${p.kind}`}: ${p.problem}`;
}
