// Dispatch of the receive-side subcommands: listen, query, cancel, replace.
import type { ReceiveCommand } from './load-settings.js';
import type { Io } from './io.js';

export async function receiveCommand(cmd: ReceiveCommand, io: Io, signal?: AbortSignal): Promise<number> {
  switch (cmd.command) {
    case 'listen': {
      const { listenCommand } = await import('./listen-command.js');
      return listenCommand(cmd.settings, io, signal);
    }
    default: {
      const { followUpCommand } = await import('./followup-command.js');
      return followUpCommand(cmd.command, cmd.settings, cmd.ids, io);
    }
  }
}
