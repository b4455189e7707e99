// Config files that do not parse are described by kind, line:column and problem, never quoting
// a token of the file (which is often the password). Pure functions, table-tested.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxProblem, lineColumn } from '../../src/config/json-syntax.js';
import { describeProblem, jsLocation, jsProblem, yamlProblem, yamlReason } from '../../src/config/loader-error.js';

describe('jsonSyntaxProblem finds the first fault, where JSON.parse does', () => {
  it.each([
    ['{"password": hunter2}', 1, 14, /value should be/],
    ['{"a": "b",}', 1, 11, /comma before }/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected , or }/],
    ["{'a': 1}", 1, 2, /key in "double quotes"/],
    ['{"a": \'x\'}', 1, 7, /single quotes/],
    ['{"a": "x', 1, 7, /unterminated string/],
    ['{"a": "x\ny"}', 1, 9, /line break/],
    ['{"a": "\\q"}', 1, 8, /escape/],
    ['{"a" 1}', 1, 6, /expected :/],
    ['[1, 2,]', 1, 7, /comma before ]/],
    ['{"a": 1} x', 1, 10, /more text/],
    ['{"a": [1', 1, 9, /end of file/],
    ['', 1, 1, /end of file/],
    ['['.repeat(100_000), 1, 514, /too deep/],
  ])('%j -> %i:%i', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow(); // the scanner runs only on text JSON.parse refused
    const got = jsonSyntaxProblem(text);
    expect(got).toMatchObject({ line, column });
    expect(got!.problem).toMatch(problem);
  });

  it.each(['{}', '{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}', ' [ ] ', '"x"'])('accepts valid JSON %j', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonSyntaxProblem(text)).toBeUndefined();
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('yamlReason drops whatever js-yaml quotes from the file', () => {
  it.each([
    ['unidentified alias "hunter2"', 'unidentified alias'],
    ['unknown tag !<tag:yaml.org,2002:hunter2>', 'unknown tag'],
    ['unknown tag !<!hunter2>', 'unknown tag'],
    ['tag name is malformed: hunter2', 'tag name is malformed'],
    ['tag name cannot contain such characters: hunter2', 'tag name cannot contain such characters'],
    ['undeclared tag handle "!hunter2!"', 'undeclared tag handle'],
    ["expected the node content, but found ','", 'expected the node content'],
    ['unknown document directive "hunter2"', 'unknown document directive'],
    ['bad indentation of a mapping entry', 'bad indentation of a mapping entry'],
    ['"hunter2"', 'syntax error'],
  ])('%s', (reason, safe) => expect(yamlReason(reason)).toBe(safe));
});

it('yamlProblem takes the 0-based mark to 1-based line:column and hints at quoting', () => {
  const err = Object.assign(new Error('unidentified alias "hunter2" (1:19)'), { reason: 'unidentified alias "hunter2"', mark: { line: 0, column: 18 } });
  const p = yamlProblem(err);
  expect(p).toEqual({ kind: 'YAML', line: 1, column: 19, problem: 'unidentified alias', fix: expect.stringMatching(/\*, &, !/) });
  expect(describeProblem('/etc/smpprc', p)).toBe('/etc/smpprc:1:19: invalid YAML: unidentified alias');
});

describe('JavaScript errors: the location from the stack, never the message', () => {
  const file = '/tmp/x/.smpprc.js';
  it.each([
    ['a frame', `ReferenceError: hunter2 is not defined\n    at Object.<anonymous> (${file}:1:30)\n    at Module._compile`, { line: 1, column: 30 }],
    ['a file: URL frame', 'ReferenceError: hunter2 is not defined\n    at file:///tmp/x/.smpprc.js:4:2', { line: 4, column: 2 }],
    ['a SyntaxError header with its caret', `${file}:3\n  x: hunter2 }\n  ^\n\nSyntaxError: Unexpected identifier 'x'`, { line: 3, column: 3 }],
    ['no mention of the file', 'Error: boom\n    at somewhere.js:1:1', undefined],
  ])('%s', (_what, stack, where) => expect(jsLocation(stack, [file, 'file:///tmp/x/.smpprc.js'])).toEqual(where));

  it.each([
    [new ReferenceError('hunter2 is not defined'), 'a name that is not defined'],
    [new SyntaxError("Unexpected identifier 'hunter2'"), 'syntax error'],
    [new TypeError('hunter2 is not a function'), 'the file threw a TypeError while loading'],
    [new Error('hunter2'), 'the file threw an error while loading'],
    ['hunter2', 'the file threw an error while loading'],
  ])('%s', (err, problem) => {
    const p = jsProblem(err, [file]);
    expect(p.problem).toBe(problem);
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });
});
