// smpp-sim --help in smpp-send's layout (src/cli/help-table.ts): usage, what it is, options by
// purpose with their choices, environment variable and default in brackets, then examples.
import type { Command, Option } from 'commander';
import { table } from '../cli/help-table.js';

const GROUPS: readonly [title: string, flags: readonly string[]][] = [
  ['Server', ['--port', '--host', '--system-id', '--password', '--tls-key', '--tls-cert', '--enquire-link']],
  ['Message ids and receipts', ['--id-format', '--receipt-id-format', '--receipt-delay', '--receipt-style', '--outcome', '--smsc-alphabet']],
  ['Faults and limits', ['--throttle-every', '--rate-limit', '--response-delay']],
  ['Mobile-originated messages', ['--mo', '--mo-coding', '--mo-split']],
  ['Output', ['--log', '--quiet', '--version', '--help']],
];

const EXAMPLES: readonly [string, string][] = [
  ['A local SMSC on port 2775, default credentials:', 'smpp-sim'],
  ['Any free port (read it from the first line), failures for some numbers:', 'smpp-sim --port 0 --outcome 4477=UNDELIV:001'],
  ['A throttling SMSC, with every PDU and message logged:', 'smpp-sim --rate-limit 20:min-gap --log sim.jsonl'],
];

function label(o: Option): string {
  return o.flags.startsWith('--') ? `    ${o.flags}` : o.flags;
}

function describe(o: Option): string {
  const extras: string[] = [];
  if (o.argChoices) extras.push(o.argChoices.join('|'));
  const d = o.defaultValueDescription ?? (o.defaultValue !== undefined && !Array.isArray(o.defaultValue) ? String(o.defaultValue) : undefined);
  if (d) extras.push(`default ${d}`);
  return extras.length ? `${o.description} [${extras.join('; ')}]` : o.description;
}

export function renderSimHelp(cmd: Command): string {
  const options = new Map(cmd.options.map((o) => [o.long ?? o.flags, o]));
  const help = cmd.options.find((o) => o.long === '--help');
  const rows = (flags: readonly string[]) =>
    flags.map((f) => (f === '--help' ? help ?? { flags: '-h, --help', description: 'show this help' } : options.get(f))).filter((o) => o !== undefined) as Option[];
  const all = GROUPS.flatMap(([, flags]) => rows(flags));
  const left = Math.max(...all.map((o) => label(o).length)) + 2;
  const lines = [
    'Usage: smpp-sim [options]',
    '',
    'A simulated SMSC (SMPP 3.4 server) for demos and integration tests. The first line on stdout',
    'is "smpp-sim listening on URL (system_id ID, password ...)"; connections, binds (and why one was',
    'refused) and each message received, long ones joined, go to stderr.',
  ];
  for (const [title, flags] of GROUPS) {
    lines.push('', `${title}:`, ...table(rows(flags).map((o) => [label(o), describe(o)]), left));
  }
  lines.push('', 'Examples:');
  for (const [what, cmdLine] of EXAMPLES) lines.push(`  ${what}`, `    ${cmdLine}`);
  return `${lines.join('\n')}\n`;
}
