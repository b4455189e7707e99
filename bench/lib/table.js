// The one results table of npm run bench: a row per goal of issue 13 (or a figure reported
// beside one), with our figure, the baseline measured in the same invocation, their ratio,
// the bar, pass/fail, the 1-minute load average when the row was measured, and the host's steal
// time over the benchmark the row comes from (steal.js; run.js fills it in).
import { loadavg } from 'node:os';

/**
 * A row. ratio and bar are optional (a figure without a baseline); pass is computed from them:
 * bar is '<= x' or '>= x' on the ratio, or '< N MB' style bars on the figure (limit, then pass).
 */
export function row({ goal, figure, baseline = '', ratio, bar = '', pass }) {
  return { goal, figure, baseline, ratio, bar, pass, load: loadavg()[0] };
}

/** pass for a ratio bar such as '<= 1.15' or '>= 0.95'. */
export function meets(ratio, bar) {
  const m = /^([<>]=) ([\d.]+)$/.exec(bar);
  if (!m) throw new Error(`bad bar ${bar}`);
  return m[1] === '<=' ? ratio <= Number(m[2]) : ratio >= Number(m[2]);
}

const COLUMNS = [
  ['goal', (r) => r.goal],
  ['figure', (r) => r.figure],
  ['baseline (same run)', (r) => r.baseline],
  ['ratio', (r) => (r.ratio === undefined ? '' : r.ratio.toFixed(3))],
  ['bar', (r) => r.bar],
  ['ok', (r) => (r.pass === undefined ? '' : r.pass ? 'yes' : 'NO')],
  ['load', (r) => r.load.toFixed(1)],
  ['steal', (r) => (r.steal === undefined ? '' : `${Math.round(r.steal)}%`)],
];

/** The table for a terminal: aligned columns. */
export function textTable(rows) {
  const cells = rows.map((r) => COLUMNS.map(([, get]) => get(r)));
  const head = COLUMNS.map(([h]) => h);
  const width = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => cell.padEnd(width[c])).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The same table in Markdown, for the README. */
export function markdownTable(rows) {
  const head = COLUMNS.map(([h]) => h);
  const esc = (s) => s.replace(/\|/g, '\\|');
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${COLUMNS.map(([, get]) => esc(get(r))).join(' | ')} |`),
  ].join('\n');
}
