// `npm run docs`: rewrite the generated blocks of README.md from the code, so the option and
// exit-code tables never drift from what the program does. Blocks sit between
// `<!-- BEGIN NAME -->` and `<!-- END NAME -->`; everything else in README.md is left alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CODE_DOCS } from '../exit-codes.js';
import { flagLabel } from '../cli/help.js';
import { GROUP_TITLES, OPTIONS, configKey, defaultLabel, envLabel, type OptionGroup } from '../config/options.js';

/** A Markdown table cell: pipes escaped, and outside code spans <name> kept from turning into HTML. */
function cell(text: string | undefined, code = false): string {
  if (!text) return '';
  const escaped = text.replace(/\|/g, '\\|');
  return code ? `\`${escaped}\`` : escaped.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderOptionsTable(): string {
  const out: string[] = [];
  for (const group of Object.keys(GROUP_TITLES) as OptionGroup[]) {
    out.push(`### ${GROUP_TITLES[group]}`, '', '| Flag | Environment | Config key | Default | Description |', '| --- | --- | --- | --- | --- |');
    for (const o of OPTIONS.filter((x) => x.group === group)) {
      const env = envLabel(o)?.split(', ').map((e) => cell(e, true)).join(', ');
      const key = o.config === false ? '' : cell(configKey(o), true);
      const choices = o.choices ? `; one of ${o.choices.map((c) => cell(c, true)).join(', ')}` : '';
      out.push(`| ${cell(flagLabel(o).trim(), true)} | ${env ?? ''} | ${key} | ${cell(o.secret ? '' : defaultLabel(o))} | ${cell(o.describe)}${choices} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export function renderExitCodes(): string {
  return [
    '| Code | Name | Meaning |',
    '| --- | --- | --- |',
    ...EXIT_CODE_DOCS.map((d) => `| ${d.code} | \`${d.name}\` | ${cell(d.meaning)} |`),
  ].join('\n');
}

/** `text` with the block NAME replaced by `body`; throws when the markers are missing. */
export function replaceBlock(text: string, name: string, body: string): string {
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`README.md has no ${begin} ... ${end} block`);
  return `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
}

/** The text between the markers of block NAME, as replaceBlock writes it, or undefined. */
export function readBlock(text: string, name: string): string | undefined {
  const m = new RegExp(`<!-- BEGIN ${name} -->\\n([\\s\\S]*?)\\n?<!-- END ${name} -->`).exec(text);
  return m?.[1];
}

export function renderReadme(readme: string): string {
  return replaceBlock(replaceBlock(readme, 'OPTIONS', renderOptionsTable()), 'EXIT CODES', renderExitCodes());
}

// src/scripts/ and dist/scripts/ both sit two levels below README.md.
const here = fileURLToPath(import.meta.url);
if (process.argv[1] && resolve(process.argv[1]) === here) {
  const file = resolve(dirname(here), '../../README.md');
  const before = readFileSync(file, 'utf8');
  const after = renderReadme(before);
  if (after === before) console.log('README.md: options and exit codes already up to date');
  else {
    writeFileSync(file, after);
    console.log('README.md: options and exit codes regenerated');
  }
}
