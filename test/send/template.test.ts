import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { compileTemplate } from '../../src/send/template.js';

const row: Record<string, string> = { name: 'Ann', code: '42', empty: '', braces: '{x}' };
const lookup = (f: string) => row[f];

describe('compileTemplate', () => {
  it.each([
    ['Hi {name}, your code is {code}', 'Hi Ann, your code is 42', ['name', 'code']],
    ['{name}{name}', 'AnnAnn', ['name']],
    ['{ name }', 'Ann', ['name']],
    ['no fields', 'no fields', []],
    ['', '', []],
    ['{{literal}} {{{name}}}', '{literal} {Ann}', ['name']],
    ['}}{{', '}{', []],
    ['[{empty}]', '[]', ['empty']],
    ['{braces}', '{x}', ['braces']], // values are not templates themselves
    ['é {name} 😀', 'é Ann 😀', ['name']],
  ])('%j renders as %j', (source, expected, fields) => {
    const t = compileTemplate(source);
    expect(t.render(lookup)).toBe(expected);
    expect(t.fields).toEqual(fields);
    const columns = Object.keys(row);
    expect(t.bindColumns(columns, 'f.csv')(columns.map((c) => row[c]!))).toBe(expected);
  });

  it.each([
    ['Hi {name', '--text: { at character 4 is not closed in the template'],
    ['Hi {na{me}', '--text: { at character 4 is not closed in the template'],
    ['a } b', '--text: unmatched } at character 3 in the template'],
    ['x {} y', '--text: empty field {} at character 3 in the template'],
    ['{ }', '--text: empty field {} at character 1 in the template'],
  ])('refuses %j: %s', (source, message) => {
    expect(() => compileTemplate(source)).toThrow(UsageError);
    expect(() => compileTemplate(source)).toThrow(message);
  });

  it('reports the first missing field for a row', () => {
    const t = compileTemplate('{name} {nope} {other}');
    expect(t.render(lookup)).toBeUndefined();
    expect(t.missingField(lookup)).toBe('nope');
  });

  it('names every unknown field and the columns there are', () => {
    const t = compileTemplate('{name} {nmae} {cdoe}');
    expect(() => t.bindColumns(['to', 'name', 'code'], '--batch f.csv')).toThrow(
      '--text uses {nmae}, {cdoe} but --batch f.csv has no such column (columns: to, name, code)',
    );
  });
});
