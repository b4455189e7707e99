// Where a JSON text first goes wrong, and what is wrong there, in words that never quote it.
// Node's JSON.parse says "Unexpected token 'h', ..."pass": hunter2}"... is not valid JSON" (the
// text around the fault, often a password) and gives no position for most faults; this scanner
// finds the line and column instead. Pure; only called after JSON.parse has failed.

export interface SyntaxProblem {
  line: number; // 1-based
  column: number; // 1-based, in UTF-16 units
  problem: string; // what is wrong, never a character of the text
}

/** Deeper nesting than this is reported as a problem rather than scanned (no stack overflow). */
const MAX_DEPTH = 512;

class Fault {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {}
}

/** Offset -> 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function scan(text: string): void {
  let i = 0;
  const fail = (problem: string, at = i): never => {
    throw new Fault(at, i >= text.length && at >= text.length ? 'unexpected end of file' : problem);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    const open = i++;
    for (;;) {
      if (i >= text.length) fail('unterminated string', open);
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 0x20) fail('a line break or control character inside a string (write \\n)');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else fail('an invalid escape sequence in a string');
      } else i++;
    }
  };
  const value = (depth: number): void => {
    ws();
    if (depth > MAX_DEPTH) fail('nesting too deep');
    const c = text[i];
    if (c === '{') return members(depth);
    if (c === '[') return elements(depth);
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) return void (i = NUMBER.lastIndex);
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    if (c === "'") fail('text in single quotes (JSON needs "double quotes")');
    fail('unexpected character where a value should be (text values need "double quotes")');
  };
  const members = (depth: number) => {
    i++;
    ws();
    if (text[i] === '}') return void i++;
    for (;;) {
      ws();
      if (text[i] !== '"') fail(text[i] === '}' ? 'a comma before }' : 'expected a key in "double quotes"');
      string();
      ws();
      if (text[i] !== ':') fail('expected : after the key');
      i++;
      value(depth + 1);
      ws();
      if (text[i] === '}') return void i++;
      if (text[i] !== ',') fail('expected , or } after a value');
      i++;
    }
  };
  const elements = (depth: number) => {
    i++;
    ws();
    if (text[i] === ']') return void i++;
    for (;;) {
      ws();
      if (text[i] === ']') fail('a comma before ]');
      value(depth + 1);
      ws();
      if (text[i] === ']') return void i++;
      if (text[i] !== ',') fail('expected , or ] after a value');
      i++;
    }
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark, which JSON.parse refuses too
  value(0);
  ws();
  if (i < text.length) fail('more text after the end of the JSON value');
}

/** The first fault of a JSON text, or undefined when it is valid JSON. */
export function jsonSyntaxProblem(text: string): SyntaxProblem | undefined {
  try {
    scan(text);
    return undefined;
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    return { ...lineColumn(text, err.at), problem: err.problem };
  }
}
