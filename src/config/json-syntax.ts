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

/** A recursive-descent walk over the text that throws a Fault at the first thing JSON refuses. */
class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.i = 1; // a byte-order mark, which JSON.parse refuses too
    this.value(0);
    this.ws();
    if (this.i < this.text.length) this.fail('more text after the end of the JSON value');
  }

  private fail(problem: string, at = this.i): never {
    throw new Fault(at, this.i >= this.text.length && at >= this.text.length ? 'unexpected end of file' : problem);
  }

  private ws(): void {
    const { text } = this;
    while (this.i < text.length && ' \t\n\r'.includes(text[this.i]!)) this.i++;
  }

  private value(depth: number): void {
    const { text } = this;
    this.ws();
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = text[this.i];
    if (c === '{') return this.members(depth);
    if (c === '[') return this.elements(depth);
    if (c === '"') return this.string();
    NUMBER.lastIndex = this.i;
    if (NUMBER.exec(text)) return void (this.i = NUMBER.lastIndex);
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, this.i)) return void (this.i += word.length);
    if (c === "'") this.fail('text in single quotes (JSON needs "double quotes")');
    this.fail('unexpected character where a value should be (text values need "double quotes")');
  }

  private string(): void {
    const { text } = this;
    const open = this.i++;
    for (;;) {
      if (this.i >= text.length) this.fail('unterminated string', open);
      const c = text.charCodeAt(this.i);
      if (c === 34) return void this.i++;
      if (c < 0x20) this.fail('a line break or control character inside a string (write \\n)');
      if (c === 92) {
        const e = text[this.i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) this.i += 6;
        else if (e !== undefined && ESCAPES.has(e)) this.i += 2;
        else this.fail('an invalid escape sequence in a string');
      } else this.i++;
    }
  }

  private members(depth: number): void {
    const { text } = this;
    this.i++;
    this.ws();
    if (text[this.i] === '}') return void this.i++;
    for (;;) {
      this.ws();
      if (text[this.i] !== '"') this.fail(text[this.i] === '}' ? 'a comma before }' : 'expected a key in "double quotes"');
      this.string();
      this.ws();
      if (text[this.i] !== ':') this.fail('expected : after the key');
      this.i++;
      this.value(depth + 1);
      this.ws();
      if (text[this.i] === '}') return void this.i++;
      if (text[this.i] !== ',') this.fail('expected , or } after a value');
      this.i++;
    }
  }

  private elements(depth: number): void {
    const { text } = this;
    this.i++;
    this.ws();
    if (text[this.i] === ']') return void this.i++;
    for (;;) {
      this.ws();
      if (text[this.i] === ']') this.fail('a comma before ]');
      this.value(depth + 1);
      this.ws();
      if (text[this.i] === ']') return void this.i++;
      if (text[this.i] !== ',') this.fail('expected , or ] after a value');
      this.i++;
    }
  }
}

/** The first fault of a JSON text, or undefined when it is valid JSON. */
export function jsonSyntaxProblem(text: string): SyntaxProblem | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (err) {
    if (!(err instanceof Fault)) throw err;
    return { ...lineColumn(text, err.at), problem: err.problem };
  }
}
