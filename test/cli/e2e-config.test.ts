// End to end: where the CLI finds its settings. A config file named with --config and a profile,
// a .smpprc.json found by searching from the working directory, SMPP_* variables, and the order
// flags > environment > profile > top of the file, each seen in what the simulator received.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { closedPort, e2eSim, expectExit, expectUnbound, PASSWORD, stderrLines, useCli } from '../helpers/e2e.js';
import { submits } from '../helpers/submits.js';
import { runMain } from '../helpers/in-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const cli = useCli(runMain);
const dir = useTempDir('smpp-e2e-config-');
let sim: Sim;
beforeEach(async () => {
  sim = await e2eSim();
});
afterEach(() => expectUnbound(sim)); // e2eSim closes it when the test ends

/** Writes a config file readable only by its owner (no permission warning). */
function writeConfig(path: string, data: unknown, mode = 0o600): string {
  writeFileSync(path, JSON.stringify(data, null, 2));
  chmodSync(path, mode);
  return path;
}

const NO_ENV_PASSWORD = { SMPP_PASSWORD: undefined };
const MSG = ['--to', '+447700900123', '--text', 'from config'];

describe('config file', () => {
  it('--config FILE --profile NAME: the profile overrides the top level, and the send works', async () => {
    const file = writeConfig(join(dir, 'profile.json'), {
      host: '127.0.0.1',
      port: await closedPort(), // the top level alone would fail: the profile must win
      systemId: 'nobody',
      profiles: { prod: { port: sim.port, systemId: sim.systemId, password: PASSWORD } },
    });
    const r = await cli(['--config', file, '--profile', 'prod', ...MSG], { env: NO_ENV_PASSWORD });
    expectExit(r, 0);
    expect(sim.received[0]!.fields.system_id).toBe(sim.systemId);
    expect(sim.messages.map((m) => m.text)).toEqual(['from config']);
    expect(r.stderr).toBe('');
  });

  it('finds .smpprc.json by searching up from the working directory', async () => {
    const project = mkdtempSync(join(dir, 'project-'));
    const cwd = join(project, 'deep', 'sub');
    mkdirSync(cwd, { recursive: true });
    writeConfig(join(project, '.smpprc.json'), { host: '127.0.0.1', port: sim.port, systemId: sim.systemId, password: PASSWORD });
    const r = await cli(MSG, { cwd, env: { ...NO_ENV_PASSWORD, HOME: project } });
    expectExit(r, 0);
    expect(sim.messages).toHaveLength(1);
  });

  it('warns (one line, no password) when a file holding a password is readable by others', async () => {
    const file = writeConfig(
      join(dir, 'open.json'),
      { host: '127.0.0.1', port: sim.port, systemId: sim.systemId, password: PASSWORD },
      0o644,
    );
    const r = await cli(['--config', file, ...MSG], { env: NO_ENV_PASSWORD });
    expectExit(r, 0);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^warning: .*open\.json.*chmod 600/)]);
  });
});

describe('environment', () => {
  it('SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID and SMPP_PASSWORD are enough to send', async () => {
    const r = await cli(MSG, {
      env: { SMPP_HOST: '127.0.0.1', SMPP_PORT: String(sim.port), SMPP_SYSTEM_ID: sim.systemId, SMPP_PASSWORD: PASSWORD },
    });
    expectExit(r, 0);
    expect(sim.received[0]).toMatchObject({ command: 'bind_transceiver', status: 0 });
    expect(sim.messages).toHaveLength(1);
  });
});

describe('precedence: flags > environment > profile > top of the file', () => {
  // system_type travels in the bind, so each layer's value is visible on the wire.
  it.each([
    ['flag', true, true, true],
    ['env', false, true, true],
    ['profile', false, false, true],
    ['file', false, false, false],
  ])('system_type comes from the %s', async (winner, flag, env, profile) => {
    const file = writeConfig(join(dir, `layers-${winner}.json`), {
      host: '127.0.0.1', port: sim.port, systemId: sim.systemId, systemType: 'file',
      profiles: { p: { systemType: 'profile' } },
    });
    const r = await cli(
      ['--config', file, ...(profile ? ['--profile', 'p'] : []), ...(flag ? ['--system-type', 'flag'] : []), ...MSG],
      { env: env ? { SMPP_SYSTEM_TYPE: 'env' } : {} },
    );
    expectExit(r, 0);
    expect(sim.received[0]!.fields.system_type).toBe(winner);
    expect(submits(sim)).toHaveLength(1);
  });
});
