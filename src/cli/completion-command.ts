// `smpp-send completion bash|zsh|fish` prints a completion script; `smpp-send completion
// --profiles [--config FILE]`, which the scripts call while completing --profile, prints the
// profile names of the config file a send would read, one a line (nothing if there is none).
import { homedir } from 'node:os';
import { UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from './io.js';
import { completionScript, SHELLS, type Shell } from './completion.js';

export async function completionCommand(io: Io): Promise<number> {
  const args = io.argv.slice(1); // after the word `completion`
  if (args[0] === '--profiles') {
    for (const name of await profileNames(io, args.slice(1))) io.stdout.write(`${name}\n`);
    return EXIT.ok;
  }
  const shell = args[0];
  if (args.length !== 1 || !SHELLS.includes(shell as Shell)) {
    const got = shell === undefined ? 'no shell given' : `'${args.join(' ')}' is not one`;
    throw new UsageError(`completion needs a shell: bash, zsh or fish (${got}); e.g. eval "$(smpp-send completion bash)"`);
  }
  io.stdout.write(completionScript(shell as Shell));
  return EXIT.ok;
}

/** Never fails: while a person presses Tab, an unreadable config file just means no names. */
async function profileNames(io: Io, args: string[]): Promise<string[]> {
  const at = args.findIndex((a) => a === '--config' || a === '-c');
  const path = (at >= 0 ? args[at + 1] : undefined) ?? (io.env.SMPP_CONFIG || undefined);
  try {
    const { loadConfigFile } = await import('../config/load.js');
    const loaded = await loadConfigFile({
      cwd: io.cwd,
      home: io.env.HOME ?? homedir(),
      ...(path ? { explicit: { path, from: '--config' } } : {}),
    });
    const profiles = (loaded?.data as { profiles?: unknown } | undefined)?.profiles;
    if (!profiles || typeof profiles !== 'object' || Array.isArray(profiles)) return [];
    // Only names a shell can take as one word.
    return Object.keys(profiles).filter((name) => /^[\w.@%+=:,-]+$/.test(name)).sort();
  } catch {
    return [];
  }
}
