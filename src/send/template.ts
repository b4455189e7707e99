// Message templates for --batch: `Hi {name}, your code is {code}`. `{field}` takes the row's
// value (an empty value gives an empty string); `{{` and `}}` are literal braces. Compiled once,
// then rendered per row with no parsing.
import { UsageError } from '../errors.js';

export interface Template {
  /** Field names in order of first use, without duplicates. */
  readonly fields: readonly string[];
  /** The text for one row; undefined when lookup has no value for a field (see missingField). */
  render(lookup: (field: string) => string | undefined): string | undefined;
  /** The first field lookup has no value for. */
  missingField(lookup: (field: string) => string | undefined): string | undefined;
  /** A renderer over CSV records, columns resolved once; throws a UsageError for unknown fields. */
  bindColumns(columns: readonly string[], where: string): (record: readonly string[]) => string;
}

/** `where` names the template's origin in errors, e.g. '--text'. */
export function compileTemplate(source: string, where = '--text'): Template {
  // Even indexes are literals, odd indexes are field names: [lit, field, lit, field, lit].
  const pieces: string[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{', i);
    const close = source.indexOf('}', i);
    if (open === -1 && close === -1) {
      literal += source.slice(i);
      break;
    }
    if (close !== -1 && (open === -1 || close < open)) {
      literal += source.slice(i, close);
      if (source[close + 1] !== '}') throw braceError(where, `unmatched } at character ${close + 1}`);
      literal += '}';
      i = close + 2;
      continue;
    }
    literal += source.slice(i, open);
    if (source[open + 1] === '{') {
      literal += '{';
      i = open + 2;
      continue;
    }
    const end = source.indexOf('}', open + 1);
    const nested = source.indexOf('{', open + 1);
    if (end === -1 || (nested !== -1 && nested < end)) {
      throw braceError(where, `{ at character ${open + 1} is not closed`);
    }
    const name = source.slice(open + 1, end).trim();
    if (name === '') throw braceError(where, `empty field {} at character ${open + 1}`);
    pieces.push(literal, name);
    literal = '';
    i = end + 1;
  }
  pieces.push(literal);
  return new CompiledTemplate(pieces);
}

function braceError(where: string, what: string): UsageError {
  return new UsageError(
    `${where}: ${what} in the template`,
    'write {field} for a value from the row, {{ and }} for literal braces',
  );
}

class CompiledTemplate implements Template {
  readonly fields: readonly string[];

  constructor(private readonly pieces: readonly string[]) {
    const fields: string[] = [];
    for (let i = 1; i < pieces.length; i += 2) if (!fields.includes(pieces[i]!)) fields.push(pieces[i]!);
    this.fields = fields;
  }

  render(lookup: (field: string) => string | undefined): string | undefined {
    let out = this.pieces[0]!;
    for (let i = 1; i < this.pieces.length; i += 2) {
      const value = lookup(this.pieces[i]!);
      if (value === undefined) return undefined;
      out += value + this.pieces[i + 1]!;
    }
    return out;
  }

  missingField(lookup: (field: string) => string | undefined): string | undefined {
    return this.fields.find((f) => lookup(f) === undefined);
  }

  bindColumns(columns: readonly string[], where: string): (record: readonly string[]) => string {
    const unknown = this.fields.filter((f) => !columns.includes(f));
    if (unknown.length > 0) {
      throw new UsageError(
        `--text uses ${unknown.map((f) => `{${f}}`).join(', ')} but ${where} has no such column (columns: ${columns.join(', ')})`,
        'fix the field name in --text or add the column to the header row; write {{ }} for literal braces',
      );
    }
    const pieces = this.pieces;
    const index = pieces.map((p, i) => (i % 2 === 1 ? columns.indexOf(p) : -1));
    return (record) => {
      let out = pieces[0]!;
      for (let i = 1; i < pieces.length; i += 2) out += (record[index[i]!] ?? '') + pieces[i + 1]!;
      return out;
    };
  }
}
