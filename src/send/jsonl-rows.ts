// --batch JSON Lines: one JSON object a line, its fields matched as CSV columns are (the exact
// name, else the one name that differs only in case); template fields match exactly. A line that
// is not a JSON object is skipped with its line number.
import { jsonSyntaxProblem } from '../config/json-syntax.js';
import { MAX_LINE_BYTES, utf8Text, type RawLine } from '../input/lines.js';
import type { Input } from '../input/open-input.js';
import { lineStage, type Stage } from '../input/staged-reader.js';
import { columnIndex } from './csv-rows.js';
import type { RowReading } from './row-rules.js';
import { skipped, type SourceItem } from './source-item.js';

export function jsonlStage(input: Input, reading: RowReading): Stage<SourceItem> {
  return lineStage(input, '--batch', (l) => jsonlItem(l, input.name, reading));
}

function jsonlItem(l: RawLine, source: string, reading: RowReading): SourceItem | undefined {
  const where = { line: l.n, source };
  if (l.tooLong) return skipped(where, undefined, `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
  const line = utf8Text(l.bytes, l.n === 1);
  if (line === undefined) return skipped(where, undefined, 'not valid UTF-8');
  if (line.trim() === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    // Not JSON.parse's message: it quotes the row (recipient, text, maybe a code) around the fault.
    const fault = jsonSyntaxProblem(line);
    return skipped(where, undefined, fault ? `not valid JSON (column ${fault.column}: ${fault.problem})` : 'not valid JSON');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return skipped(where, undefined, 'not a JSON object');
  const rec = obj as Record<string, unknown>;
  const get = fieldReader(rec);
  const { hex, template, toColumn } = reading;
  const to = get(toColumn);
  if (to === undefined) return skipped(where, undefined, `no "${toColumn}" field (or not a string)`);
  let text = hex === undefined ? get('text') || undefined : undefined;
  if (text === undefined && template && hex === undefined) {
    // Template fields match exactly, as they do against a CSV header.
    const exact = (field: string) => scalar(rec[field]);
    text = template.render(exact);
    if (text === undefined) return skipped(where, to, `no "${template.missingField(exact)}" field for the --text template`);
  }
  if (text === undefined && hex === undefined) return skipped(where, to, 'no "text" field and no --text');
  return reading.rows.make({ line: l.n, source, to, from: get('from'), text });
}

/** As CSV columns: the exact field, else the one field whose name differs only in case (`To`). */
function fieldReader(rec: Record<string, unknown>): (field: string) => string | undefined {
  const keys = Object.keys(rec);
  return (field) => {
    if (Object.hasOwn(rec, field)) return scalar(rec[field]);
    const at = columnIndex(keys, field);
    return at === -1 ? undefined : scalar(rec[keys[at]!]);
  };
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '';
  return undefined;
}
