// The command words and `report`'s own flags, written once: the commander program
// (program.ts), its error messages (commander-errors.ts) and shell completion read them here.

/** Words that may come first. `send` is the default and has no word. */
export const SUBCOMMANDS: readonly { name: string; describe: string }[] = [
  { name: 'report', describe: 'summarise a journal' },
  { name: 'listen', describe: 'print MO messages and receipts as they arrive' },
  { name: 'query', describe: 'ask the SMSC for the state of message ids' },
  { name: 'cancel', describe: 'cancel scheduled or undelivered messages' },
  { name: 'replace', describe: 'replace the text of a message not yet delivered' },
  { name: 'config', describe: 'show the effective settings and where each came from' },
  { name: 'probe', describe: 'check an SMSC: TLS, bind, message ids and receipts' },
  { name: 'completion', describe: 'print a shell completion script (bash, zsh, fish)' },
  { name: 'help', describe: 'show the help' },
];

/** `report`'s own flags. */
export const REPORT_FLAGS: readonly { flag: string; arg?: string; describe: string }[] = [
  { flag: '--json', describe: 'print the summary as JSON' },
  { flag: '--no-color', describe: 'no colours' },
  { flag: '--failed', arg: '<file>', describe: 'write the messages to retry to this CSV file' },
  { flag: '--help', describe: 'show the help' },
];

export function describeCommand(name: string): string {
  return SUBCOMMANDS.find((c) => c.name === name)?.describe ?? '';
}
