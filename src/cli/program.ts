// The commander program, built by looping over the option table. Commander only tokenises:
// it prints nothing (help and version text are returned for main to print), its errors become
// one-line UsageErrors, and values stay raw strings for src/config/ to parse and merge.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { suggest } from '../config/suggest.js';
import { renderHelp, renderReportHelp } from './help.js';
import { OPTIONS, RECEIVE_COMMANDS, type OptionKey, type ReceiveCommandName } from '../config/options.js';


export type ParsedArgs =
  | { command: 'send'; flags: Partial<Record<OptionKey, unknown>> }
  | { command: ReceiveCommandName; flags: Partial<Record<OptionKey, unknown>>; ids: string[] }
  | { command: 'report'; file: string; json: boolean; noColor: boolean; failed?: string }
  | { command: 'config'; flags: Partial<Record<OptionKey, unknown>> }
  | { command: 'probe'; flags: Partial<Record<OptionKey, unknown>> }
  | { command: 'help'; text: string }
  | { command: 'version'; text: string };

export function readVersion(): string {
  // src/cli/ and dist/cli/ both sit two levels below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const REPORT_FLAGS = ['--json', '--no-color', '--failed', '--help'];

function quoted(message: string): string {
  return /'([^']*)'/.exec(message)?.[1] ?? '';
}

/** Commander's error, as one line of ours. Values are never echoed: they may be passwords. */
function usageError(err: CommanderError, inReport: boolean, operands: readonly string[], receive?: ReceiveCommandName): UsageError {
  switch (err.code) {
    case 'commander.unknownOption': {
      // Cut what may be a value: --passwrd=secret, or -xsecret (a group of short flags).
      const token = quoted(err.message);
      const flag = token.startsWith('--') ? token.replace(/=.*$/s, '') : token.slice(0, 2);
      const known = inReport ? REPORT_FLAGS : [...OPTIONS.map((o) => o.flag), '--help', '--version'];
      const near = flag === '-v' && !inReport ? '-V/--version' : flag.startsWith('--') ? suggest(flag, known) : undefined;
      const hint = near ? ` (did you mean ${near}?)` : `; see smpp-send ${inReport ? 'report ' : ''}--help`;
      return new UsageError(`unknown option '${flag}'${hint}`);
    }
    case 'commander.optionMissingArgument': {
      const usage = quoted(err.message); // '--port <port>' or '-p, --port <port>'
      const flag = /--[\w-]+/.exec(usage)?.[0] ?? usage;
      return new UsageError(`${flag} needs a value: ${usage.replace(/^-\w, /, '')}`);
    }
    case 'commander.missingArgument':
      return new UsageError('report needs the journal file: smpp-send report FILE');
    case 'commander.excessArguments': {
      if (inReport) return new UsageError('report takes one journal file: smpp-send report FILE [--json]');
      const first = operands[0] ?? '';
      if (receive === 'listen') return new UsageError(`unexpected argument '${first}': listen takes only options (see smpp-send --help)`);
      const near = receive ? undefined : suggest(first, ['report', ...RECEIVE_COMMANDS, 'config', 'probe']);
      if (near) return new UsageError(`unknown command '${first}' (did you mean ${near}?)`);
      return new UsageError(`unexpected argument '${first}': give recipients with --to and the text with --text (quote it)`);
    }
    default:
      return new UsageError(err.message.replace(/^error: /, '').split('\n')[0]!);
  }
}

/** Parse the user's arguments (process.argv without node and the script). */
export function parseArgs(argv: readonly string[], facts: { stdinIsTTY?: boolean } = {}): ParsedArgs {
  // Nothing typed and nothing piped: a person wondering what this does (as git and gh answer).
  // Piped input with no arguments may be a config file's recipients and the text: run it.
  if (argv.length === 0 && facts.stdinIsTTY) return { command: 'help', text: renderHelp() };
  // `smpp-send listen|query|cancel|replace ...`: the word comes first; the rest parses with the
  // same option table as a send, plus message ids as operands (query, cancel, replace).
  const receive = RECEIVE_COMMANDS.find((c) => c === argv[0]);
  if (receive) argv = argv.slice(1);
  let result: ParsedArgs | undefined;
  let out = '';
  let inReport = false;

  const program = new Command('smpp-send')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (out += s), outputError: () => {} })
    .enablePositionalOptions() // `report FILE --json`: --json belongs to report, not to sending
    .helpOption('-h, --help')
    .configureHelp({ formatHelp: () => renderHelp() })
    .hook('preSubcommand', () => void (inReport = true)); // errors from here on are report's

  const attribute = new Map<OptionKey, string>();
  for (const spec of OPTIONS) {
    const flags = `${spec.short ? `${spec.short}, ` : ''}${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
    const option = new Option(flags, spec.describe);
    if (spec.repeatable) option.argParser((value: string, prev: unknown) => [...(Array.isArray(prev) ? prev : []), value]);
    program.addOption(option);
    attribute.set(spec.key, option.attributeName());
  }
  // Our own --version, so package.json is read only when asked.
  program.addOption(new Option('-V, --version', 'print the version'));
  program.on('option:version', () => {
    result = { command: 'version', text: `${readVersion()}\n` };
    throw new CommanderError(0, 'commander.version', 'version');
  });

  program.action(() => {
    const values = program.opts();
    const flags: Partial<Record<OptionKey, unknown>> = {};
    for (const [key, name] of attribute) {
      // Only what the user typed: commander's own defaults (true for --no-color) are not ours.
      if (program.getOptionValueSource(name) === 'cli') flags[key] = values[name];
    }
    result = receive ? { command: receive, flags, ids: [...program.args] } : { command: 'send', flags };
  });
  if (receive && receive !== 'listen') program.argument('[ids...]', 'message ids');

  // Commander runs a subcommand only for an argument spelling its name: without the word, the
  // parse is the same without it, and a one-message send starts ~0.5 ms sooner.
  if (!receive && argv.includes('report')) {
    program
      .command('report')
      .description('summarise a journal')
      .argument('<file>', 'journal written by --journal')
      .option('--json', 'print the summary as JSON')
      .option('--no-color', 'no colours')
      .option('--failed <file>', 'write the messages to retry to this CSV file')
      .configureHelp({ formatHelp: () => renderReportHelp() })
      .action((file: string, opts: { json?: boolean; color?: boolean; failed?: string }) => {
        result = { command: 'report', file, json: opts.json === true, noColor: opts.color === false, ...(opts.failed !== undefined ? { failed: opts.failed } : {}) };
      });
  }

  // `smpp-send config` and `smpp-send probe` take the sending options (the connection ones are
  // what matter); options typed before the word count too.
  for (const name of ['config', 'probe'] as const) {
    if (!argv.includes(name)) continue;
    const sub = program
      .command(name)
      .description(name === 'config' ? 'show the effective settings and where each came from' : 'check an SMSC: connect, bind, and optionally send one test message')
      .configureHelp({ formatHelp: () => renderHelp() });
    const own = addOptions(sub);
    sub.action(() => {
      const flags = { ...typedFlags(program, attribute), ...typedFlags(sub, own) };
      result = { command: name, flags };
    });
  }

  // `smpp-send help [report]`, as commander would offer had the program no action of its own.
  if (!receive && argv[0] === 'help') return { command: 'help', text: argv[1] === 'report' ? renderReportHelp() : renderHelp() };

  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.version' && result) return result;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') return { command: 'help', text: out };
    const operands = inReport ? [] : program.args;
    throw usageError(err, inReport, operands, receive);
  }
  if (!result) throw new UsageError('nothing to do; see smpp-send --help');
  return result;
}

/** Register every option of the table on a command; returns key -> commander attribute name. */
function addOptions(cmd: Command): Map<OptionKey, string> {
  const attribute = new Map<OptionKey, string>();
  for (const spec of OPTIONS) {
    const option = new Option(`${spec.short ? `${spec.short}, ` : ''}${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`, spec.describe);
    if (spec.repeatable) option.argParser((value: string, prev: unknown) => [...(Array.isArray(prev) ? prev : []), value]);
    cmd.addOption(option);
    attribute.set(spec.key, option.attributeName());
  }
  return attribute;
}

/** The options the user typed on a command (not commander's own defaults). */
function typedFlags(cmd: Command, attribute: ReadonlyMap<OptionKey, string>): Partial<Record<OptionKey, unknown>> {
  const values = cmd.opts();
  const flags: Partial<Record<OptionKey, unknown>> = {};
  for (const [key, name] of attribute) if (cmd.getOptionValueSource(name) === 'cli') flags[key] = values[name];
  return flags;
}
