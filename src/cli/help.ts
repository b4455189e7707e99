// --help text, generated from the option table: grouped by purpose, each option with its
// environment variable and default, then examples. Kept free of heavy imports (fast --help).
import { EXIT_CODE_DOCS } from '../exit-codes.js';
import { INDENT, table, WIDTH, wrap } from './help-table.js';
import { GROUP_TITLES, OPTIONS, defaultLabel, envLabel, type OptionGroup, type OptionSpec } from '../config/options.js';

/** `-H, --host <host>`: how an option is written on the command line. */
export function flagLabel(spec: OptionSpec): string {
  return `${spec.short ? `${spec.short}, ` : '    '}${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
}

function describe(spec: OptionSpec): string {
  const extras: string[] = [];
  if (spec.choices && !spec.describe.includes(spec.choices.join(', '))) extras.push(spec.choices.join('|'));
  const env = envLabel(spec);
  if (env) extras.push(`env ${env}`);
  const d = spec.secret ? '' : defaultLabel(spec);
  if (d) extras.push(`default ${d}`);
  return extras.length ? `${spec.describe} [${extras.join('; ')}]` : spec.describe;
}

export const EXAMPLES: readonly [string, string][] = [
  ['Send one alert:', 'smpp-send -H smsc.example.com -u alerts --to +447700900123 --text "Disk 91% full on db-3"'],
  ['Several recipients (commas or repeated --to):', 'smpp-send --to +447700900123,+447700900124 --to +33612345678 --text "Deploy done"'],
  ['Text from standard input:', 'df -h / | smpp-send --to +447700900123'],
  ['Bulk CSV with a template and a journal (rerun to resume), waiting for receipts:', 'smpp-send --batch customers.csv --text "Hi {name}, your code is {code}" --journal run.jsonl --wait 10m'],
  ['Dry run: show the encoding and parts, connect to nothing:', 'smpp-send --dry-run --to +447700900123 --text "Café déjà vu 😀"'],
  ['Cron line: prod profile, silent unless it fails (the exit code says why):', '*/30 * * * * smpp-send --profile prod -q --to +447700900123 --text "heartbeat" || logger -t sms failed'],
];

export function renderHelp(): string {
  const lines = [
    'Usage: smpp-send [options] --to NUMBER [--text TEXT]',
    '       smpp-send report JOURNAL [--json]',
    '       smpp-send probe [options] [--to NUMBER]   (check an SMSC: TLS, bind, ids, receipts)',
    '',
    'Send SMS over SMPP 3.4: right characters, long messages, delivery receipts, exit codes a',
    'script can trust. Settings come from flags, then SMPP_* variables, then the --profile, then',
    'the top of the config file, then defaults.',
  ];
  const left = Math.max(...OPTIONS.map((o) => flagLabel(o).length)) + 2; // one column for all groups
  for (const group of Object.keys(GROUP_TITLES) as OptionGroup[]) {
    lines.push('', `${GROUP_TITLES[group]}:`);
    const rows = OPTIONS.filter((o) => o.group === group).map((o): [string, string] => [flagLabel(o), describe(o)]);
    if (group === 'output') rows.push(['-V, --version', 'print the version'], ['-h, --help', 'show this help']);
    lines.push(...table(rows, left));
  }
  lines.push('', 'Examples:');
  for (const [what, cmd] of EXAMPLES) lines.push(`  ${what}`, `    ${cmd}`);
  lines.push(
    '',
    'Config file: .smpprc (YAML or JSON), .smpprc.json, .smpprc.yaml, .smpprc.yml, .smpprc.js,',
    '.smpprc.cjs, smpp.config.js, smpp.config.cjs or "smpp" in package.json, searched from the',
    'working directory up to the git root or home, then in home. Keys are the flags in camelCase',
    '(connectTimeout, systemId); profiles: { name: {...} } holds named sets for --profile.',
    '',
    'No SMSC at hand? smpp-sim runs a local one to try things against (smpp-sim --help).',
    'Shell completion: eval "$(smpp-send completion bash)" (also zsh, fish).',
    '',
    ...wrap(`Exit codes: ${EXIT_CODE_DOCS.map((d) => `${d.code} ${d.name}`).join(', ')}.`, WIDTH - INDENT),
  );
  return `${lines.join('\n')}\n`;
}

export function renderReportHelp(): string {
  return [
    'Usage: smpp-send report JOURNAL [--json] [--no-color] [--failed FILE.csv]',
    '',
    'Summarise a journal written by --journal: messages sent, accepted, delivered, failed, unconfirmed.',
    '',
    'Options:',
    ...table([
      ['--json', 'print the summary as JSON'],
      ['--no-color', 'no colours (also NO_COLOR)'],
      ['--failed FILE', 'write the messages to retry (rejected, unconfirmed, not sent, failed) as CSV'],
      ['-h, --help', 'show this help'],
    ]),
    '',
  ].join('\n');
}
