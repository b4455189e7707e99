// The commander program, built by looping over the option table. Commander only tokenises:
// it prints nothing (help and version text are returned for main to print), its errors become
// one-line UsageErrors, and values stay raw strings for src/config/ to parse and merge.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../errors.js';
import { renderHelp, renderReportHelp } from './help.js';
import { OPTIONS, RECEIVE_COMMANDS, type OptionKey, type OptionSpec, type ReceiveCommandName } from '../config/options.js';
import { describeCommand, REPORT_FLAGS } from './commands.js';
import { usageError } from './commander-errors.js';

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

/** What the commander callbacks found while parsing. */
interface Capture {
  result?: ParsedArgs;
  out: string; // help text commander wrote
  inReport: boolean; // errors from here on are report's
}

type Attributes = Map<OptionKey, string>;

/**
 * Parse the user's arguments (process.argv without node and the script). `options`: the table's
 * options to register with commander, by default those the arguments name (optionsNamed).
 */
export function parseArgs(argv: readonly string[], facts: { stdinIsTTY?: boolean } = {}, options?: readonly OptionSpec[]): ParsedArgs {
  // Nothing typed and nothing piped: a person wondering what this does (as git and gh answer).
  // Piped input with no arguments may be a config file's recipients and the text: run it.
  if (argv.length === 0 && facts.stdinIsTTY) return { command: 'help', text: renderHelp() };
  // `smpp-send listen|query|cancel|replace ...`: the word comes first; the rest parses with the
  // same option table as a send, plus message ids as operands (query, cancel, replace).
  const receive = RECEIVE_COMMANDS.find((c) => c === argv[0]);
  if (receive) argv = argv.slice(1);
  // `smpp-send help [report]`, as commander would offer had the program no action of its own.
  if (!receive && argv[0] === 'help') return { command: 'help', text: argv[1] === 'report' ? renderReportHelp() : renderHelp() };

  const capture: Capture = { out: '', inReport: false };
  // Commander runs a subcommand only for an argument spelling its name: without the word, the
  // parse is the same without it, and a one-message send starts ~0.5 ms sooner.
  const words = (['config', 'probe'] as const).filter((name) => argv.includes(name));
  const report = !receive && argv.includes('report');
  const { program, attribute } = sendProgram(capture, receive, report || words.length > 0 ? OPTIONS : (options ?? optionsNamed(argv)));
  if (report) addReportCommand(program, capture);
  for (const name of words) addSettingsCommand(program, attribute, name, capture);
  return run(program, argv, capture, receive);
}

const BY_FLAG = new Map(OPTIONS.flatMap((o) => (o.short ? [[o.flag, o], [o.short, o]] : [[o.flag, o]]) as [string, OptionSpec][]));
const OWN_FLAGS = new Set(['-h', '--help', '-V', '--version']);

/**
 * The options the arguments name, in table order; all of them when an argument that looks like
 * an option names none exactly (-abc, -5, --unknown: commander then reads and words it). Commander
 * looks an option up only for an argument that starts with '-', so it reads these arguments with
 * the options they name as it does with all 69, and registering all of them (a parsed spec and a
 * listener each) was ~2 ms of a one-message send.
 */
function optionsNamed(argv: readonly string[]): readonly OptionSpec[] {
  const named = new Set<OptionSpec>();
  for (const arg of argv) {
    // Not an option: an operand, a value, or '--' (which may itself be an option's value, so
    // the arguments after it are looked at too: naming more options than needed changes nothing).
    if (arg === '--' || arg.length < 2 || arg[0] !== '-') continue;
    const flag = arg.startsWith('--') ? arg.split('=', 1)[0]! : arg;
    if (OWN_FLAGS.has(flag)) continue;
    const spec = BY_FLAG.get(flag);
    if (!spec) return OPTIONS;
    named.add(spec);
  }
  return OPTIONS.filter((o) => named.has(o));
}

/** The program for a send (or a receive command): the options of the table it needs (`specs`), and -V. */
function sendProgram(capture: Capture, receive: ReceiveCommandName | undefined, specs: readonly OptionSpec[]): { program: Command; attribute: Attributes } {
  const program = new Command('smpp-send')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void (capture.out += s), writeErr: (s) => void (capture.out += s), outputError: () => {} })
    .enablePositionalOptions() // `report FILE --json`: --json belongs to report, not to sending
    .helpOption('-h, --help')
    .configureHelp({ formatHelp: () => renderHelp() })
    .hook('preSubcommand', (_program, sub) => void (capture.inReport = sub.name() === 'report'));
  const attribute = addOptions(program, specs);
  // Our own --version, so package.json is read only when asked.
  program.addOption(new Option('-V, --version', 'print the version'));
  program.on('option:version', () => {
    capture.result = { command: 'version', text: `${readVersion()}\n` };
    throw new CommanderError(0, 'commander.version', 'version');
  });
  program.action(() => {
    const flags = typedFlags(program, attribute);
    capture.result = receive ? { command: receive, flags, ids: [...program.args] } : { command: 'send', flags };
  });
  if (receive && receive !== 'listen') program.argument('[ids...]', 'message ids');
  return { program, attribute };
}

function addReportCommand(program: Command, capture: Capture): void {
  const report = program
    .command('report')
    .description(describeCommand('report'))
    .argument('<file>', 'journal written by --journal');
  for (const f of REPORT_FLAGS) {
    if (f.flag !== '--help') report.option(f.arg ? `${f.flag} ${f.arg}` : f.flag, f.describe);
  }
  report
    .configureHelp({ formatHelp: () => renderReportHelp() })
    .action((file: string, opts: { json?: boolean; color?: boolean; failed?: string }) => {
      capture.result = { command: 'report', file, json: opts.json === true, noColor: opts.color === false, ...(opts.failed !== undefined ? { failed: opts.failed } : {}) };
    });
}

/** `smpp-send config` and `smpp-send probe` take the sending options (the connection ones are
 * what matter); options typed before the word count too. */
function addSettingsCommand(program: Command, attribute: Attributes, name: 'config' | 'probe', capture: Capture): void {
  const sub = program
    .command(name)
    .description(describeCommand(name))
    .configureHelp({ formatHelp: () => renderHelp() });
  const own = addOptions(sub);
  sub.action(() => {
    const flags = { ...typedFlags(program, attribute), ...typedFlags(sub, own) };
    capture.result = { command: name, flags };
  });
}

/** Runs commander; help, version and parse errors come back as results or UsageErrors. */
function run(program: Command, argv: readonly string[], capture: Capture, receive: ReceiveCommandName | undefined): ParsedArgs {
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.version' && capture.result) return capture.result;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') return { command: 'help', text: capture.out };
    const operands = capture.inReport ? [] : program.args;
    throw usageError(err, { inReport: capture.inReport, operands, receive });
  }
  if (!capture.result) throw new UsageError('nothing to do; see smpp-send --help');
  return capture.result;
}

/** Register options of the table (all by default) on a command; returns key -> commander attribute name. */
function addOptions(cmd: Command, specs: readonly OptionSpec[] = OPTIONS): Attributes {
  const attribute: Attributes = new Map();
  for (const spec of specs) {
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
