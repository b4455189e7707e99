// Commander's parse errors, as one line of ours. Values are never echoed: they may be passwords.
import type { CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { suggest } from '../config/suggest.js';
import { OPTIONS, RECEIVE_COMMANDS, type ReceiveCommandName } from '../config/options.js';
import { REPORT_FLAGS } from './commands.js';

/** Where the parse failed: in `report`'s own arguments, or in a send's / receive command's. */
export interface ParseContext {
  inReport: boolean;
  operands: readonly string[];
  receive?: ReceiveCommandName | undefined;
}

export function usageError(err: CommanderError, { inReport, operands, receive }: ParseContext): UsageError {
  switch (err.code) {
    case 'commander.unknownOption':
      return unknownOption(quoted(err.message), inReport);
    case 'commander.optionMissingArgument': {
      const usage = quoted(err.message); // '--port <port>' or '-p, --port <port>'
      const flag = /--[\w-]+/.exec(usage)?.[0] ?? usage;
      return new UsageError(`${flag} needs a value: ${usage.replace(/^-\w, /, '')}`);
    }
    case 'commander.missingArgument':
      return new UsageError('report needs the journal file: smpp-send report FILE');
    case 'commander.excessArguments':
      return excessArguments(inReport, operands[0] ?? '', receive);
    default:
      return new UsageError(err.message.replace(/^error: /, '').split('\n')[0]!);
  }
}

function quoted(message: string): string {
  return /'([^']*)'/.exec(message)?.[1] ?? '';
}

function unknownOption(token: string, inReport: boolean): UsageError {
  // Cut what may be a value: --passwrd=secret, or -xsecret (a group of short flags).
  const flag = token.startsWith('--') ? token.replace(/=.*$/s, '') : token.slice(0, 2);
  const known = inReport ? REPORT_FLAGS.map((f) => f.flag) : [...OPTIONS.map((o) => o.flag), '--help', '--version'];
  const near = flag === '-v' && !inReport ? '-V/--version' : flag.startsWith('--') ? suggest(flag, known) : undefined;
  const hint = near ? ` (did you mean ${near}?)` : `; see smpp-send ${inReport ? 'report ' : ''}--help`;
  return new UsageError(`unknown option '${flag}'${hint}`);
}

/** A word where none was expected: a mistyped command, or a text not quoted. */
function excessArguments(inReport: boolean, first: string, receive: ReceiveCommandName | undefined): UsageError {
  if (inReport) return new UsageError('report takes one journal file: smpp-send report FILE [--json]');
  if (receive === 'listen') return new UsageError(`unexpected argument '${first}': listen takes only options (see smpp-send --help)`);
  const near = receive ? undefined : suggest(first, ['report', ...RECEIVE_COMMANDS, 'config', 'probe']);
  if (near) return new UsageError(`unknown command '${first}' (did you mean ${near}?)`);
  return new UsageError(`unexpected argument '${first}': give recipients with --to and the text with --text (quote it)`);
}
