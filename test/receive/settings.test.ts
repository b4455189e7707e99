// Settings of the receive-side commands: argv -> command, ids and the bind mode each needs.
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { loadSettings } from '../../src/cli/load-settings.js';
import { testDir } from '../helpers/temp-dir.js';

let home: string;
beforeEach(() => {
  home = testDir('smpp-receive-settings-');
});

const load = (argv: string[], env: Record<string, string> = {}) =>
  loadSettings({ argv, env, cwd: home, home, stdinIsTTY: true, now: new Date(0), localOffset: 0 });

it.each([
  [['listen', '-u', 'x'], 'listen', 'receiver', []],
  [['listen', '-u', 'x', '--bind', 'transceiver'], 'listen', 'transceiver', []],
  [['query', '-u', 'x', '123', 'abc'], 'query', 'transmitter', ['123', 'abc']],
  [['cancel', '-u', 'x', '--bind', 'transmitter', '42'], 'cancel', 'transmitter', ['42']],
  [['replace', '42', '-u', 'x', '--text', 'new', '--bind', 'transceiver'], 'replace', 'transceiver', ['42']],
] as const)('%j -> %s, bind %s, ids %j', async (argv, command, bind, ids) => {
  const r = await load([...argv]);
  expect(r).toMatchObject({ command, settings: { bind }, ids });
});

it('a config file bind: transmitter (for sending) does not stop listen', async () => {
  const file = join(home, '.smpprc.json');
  writeFileSync(file, JSON.stringify({ systemId: 'x', bind: 'transmitter' }));
  chmodSync(file, 0o600);
  expect(await load(['listen'])).toMatchObject({ command: 'listen', settings: { bind: 'receiver' } });
});

it.each([
  [['listen', '-u', 'x', 'extra'], "unexpected argument 'extra': listen takes only options (see smpp-send --help)"],
  [['query', '-u', 'x', '--count', '2', '1'], '--count does not apply to smpp-send query; see the Receiving section of the README'],
  [['cancel', '-u', 'x', '--text', 'hi', '1'], '--text does not apply to smpp-send cancel; only replace takes a new text'],
  [['query', '-u', 'x', '--bind', 'receiver', '1'], 'a receiver bind cannot send query_sm: use --bind transmitter (the default here) or transceiver'],
  [['-u', 'x', '--bind', 'receiver', '--to', '+447700900123', '--text', 'hi'], 'a receiver bind cannot send; use --bind transceiver or transmitter (receiver is for smpp-send listen)'],
  [['listn', '-u', 'x'], "unknown command 'listn' (did you mean listen?)"],
])('%j is refused: %s', async (argv, message) => {
  await expect(load(argv)).rejects.toMatchObject({ message, exitCode: 2 });
});
