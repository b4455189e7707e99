import { describe, expect, it } from 'vitest';
import { delimiterFromArg, detectDelimiter } from '../../src/input/csv-delimiter.js';
import { columnIndex } from '../../src/send/csv-rows.js';

describe('detectDelimiter: the separator of the header line', () => {
  it.each([
    ['to,name', ','],
    ['to;name', ';'],
    ['to\tname', '\t'],
    ['to', ','], // one column: nothing to detect, the default
    ['', ','],
    ['"to;x",name', ','], // inside quotes does not count
    ['to;name;"a,b,c"', ';'],
    ['to;first name,last name;code\n1,2,3,4,5', ';'], // only the first line counts
    ['\ufeffto;name', ';'],
    ['to,name;x', ','], // a tie goes to the comma
  ])('%j -> %j', (line, d) => expect(detectDelimiter(line)).toBe(d));
});

describe('delimiterFromArg', () => {
  it.each([
    [';', ';'], [',', ','], ['|', '|'], ['tab', '\t'], ['TAB', '\t'], ['\\t', '\t'], ['\t', '\t'],
    ['semicolon', ';'], ['comma', ','],
    ['', undefined], [';;', undefined], ['"', undefined], ['\n', undefined], ['ab', undefined],
  ])('%j -> %j', (raw, d) => expect(delimiterFromArg(raw)).toBe(d));
});

describe('columnIndex: exact name first, else the one column differing only in case', () => {
  it.each([
    [['to', 'name'], 'to', 0],
    [['To', 'name'], 'to', 0],
    [['name', 'TO'], 'to', 1],
    [['to', 'To'], 'To', 1], // exact wins
    [['TO', 'To'], 'to', -1], // ambiguous: neither
    [['phone'], 'to', -1],
  ])('%j %j -> %i', (header, name, i) => expect(columnIndex(header, name)).toBe(i));
});
