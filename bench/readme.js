#!/usr/bin/env node
// npm run bench:readme: puts the table of the last `npm run bench` (.bench/results.json) into
// README.md, between the bench:begin and bench:end markers of the Benchmarks section.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/proc.js';
import { markdownTable } from './lib/table.js';

const BEGIN = '<!-- bench:begin (npm run bench, then npm run bench:readme) -->';
const END = '<!-- bench:end -->';

const results = JSON.parse(readFileSync(join(ROOT, '.bench/results.json'), 'utf8'));
const readmeFile = join(ROOT, 'README.md');
const readme = readFileSync(readmeFile, 'utf8');
const from = readme.indexOf(BEGIN);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${BEGIN} ... ${END} block`);
const command = ['node bench/run.js', ...(results.argv ?? [])].join(' ');
const when = `${results.date.slice(0, 16).replace('T', ' ')} UTC, Node ${results.node}, ${results.cpus} CPUs (${results.cpu}), load average ${results.loadavg.start.toFixed(1)} -> ${results.loadavg.end.toFixed(1)}`;
const block = [BEGIN, '', `Last run: \`${command}\`, ${when}, ${Math.round(results.seconds)} s.`, '', markdownTable(results.rows), '', END].join('\n');
writeFileSync(readmeFile, readme.slice(0, from) + block + readme.slice(to + END.length));
console.log(`README.md: benchmark table from ${results.date}`);
