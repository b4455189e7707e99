import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_DOCS } from '../../src/exit-codes.js';
import { GROUP_TITLES, OPTIONS } from '../../src/config/options.js';
import { readBlock, renderExitCodes, renderOptionsTable, renderReadme, replaceBlock } from '../../src/scripts/gen-docs.js';

describe('README.md generated blocks', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('options table is up to date (run npm run docs)', () => {
    expect(readBlock(readme, 'OPTIONS')).toBe(renderOptionsTable());
  });

  it('exit codes table is up to date (run npm run docs)', () => {
    expect(readBlock(readme, 'EXIT CODES')).toBe(renderExitCodes());
  });
});

describe('renderOptionsTable', () => {
  const table = renderOptionsTable();

  it('has a section per group and a row per option', () => {
    for (const title of Object.values(GROUP_TITLES)) expect(table).toContain(`### ${title}\n`);
    for (const o of OPTIONS) expect(table).toMatch(new RegExp(`^\\| \`(-\\w, )?${o.flag}[ \`]`, 'm'));
    expect(table.split('\n').filter((l) => /^\| `-/.test(l))).toHaveLength(OPTIONS.length);
  });

  it('shows environment, config key and default, escaping pipes', () => {
    expect(table).toContain('| `-p, --port <port>` | `SMPP_PORT` | `port` | 2775, 3550 with --tls | SMSC TCP port |');
    expect(table).toContain('| `-m, --text <text>` |  |  | standard input when piped |'); // not in a config file
    expect(table).toContain('`--no-color` | `NO_COLOR`, `FORCE_COLOR` | `color` |');
    expect(table).not.toMatch(/[^\\]\|[a-z]+\|/); // choices like a|b would break the table
  });
});

describe('renderExitCodes', () => {
  it('lists every code', () => {
    const rows = renderExitCodes().split('\n').slice(2);
    expect(rows.map((r) => Number(r.split('|')[1]))).toEqual(EXIT_CODE_DOCS.map((d) => d.code));
  });
});

describe('replaceBlock', () => {
  it('replaces only between the markers, and is stable', () => {
    const text = 'intro\n<!-- BEGIN OPTIONS -->\nold\n<!-- END OPTIONS -->\nmiddle\n<!-- BEGIN EXIT CODES -->\n<!-- END EXIT CODES -->\nend\n';
    const once = renderReadme(text);
    expect(once.startsWith('intro\n<!-- BEGIN OPTIONS -->\n### Connection')).toBe(true);
    expect(once).toContain('<!-- END OPTIONS -->\nmiddle\n');
    expect(once.endsWith('<!-- END EXIT CODES -->\nend\n')).toBe(true);
    expect(renderReadme(once)).toBe(once);
    expect(readBlock(replaceBlock(text, 'OPTIONS', 'new'), 'OPTIONS')).toBe('new');
  });

  it('refuses a README without the markers', () => {
    expect(() => replaceBlock('no markers', 'OPTIONS', 'x')).toThrow(/BEGIN OPTIONS/);
  });
});
