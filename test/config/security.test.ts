// Issue 8.8: --insecure, wherever it was set, is named in a warning on every run that uses TLS.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, type SendCommand } from '../../src/cli/load-settings.js';
import { originLabel } from '../../src/config/origin.js';
import { securityWarnings } from '../../src/config/security.js';
import { findOption } from '../../src/config/options.js';

const dir = mkdtempSync(join(tmpdir(), 'smpp-insecure-')); // at load: the table below names files in it
beforeAll(() => {
  writeFileSync(join(dir, 'top.yaml'), 'tls: true\ninsecure: true\n', { mode: 0o600 });
  writeFileSync(join(dir, 'profile.yaml'), 'profiles:\n  lab: { tls: true, insecure: true }\n', { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function warnings(argv: string[], env: Record<string, string> = {}): Promise<string[]> {
  const r = (await loadSettings({ argv: ['-u', 'me', '--to', '+447700900123', '--text', 'x', ...argv], env: { HOME: dir, ...env }, cwd: dir, stdinIsTTY: true, now: new Date() })) as SendCommand;
  return r.warnings;
}

describe('--insecure with --tls warns, naming where it was set', () => {
  it.each([
    ['the flag', ['--tls', '--insecure'], {}, '--insecure'],
    ['the environment', ['--tls'], { SMPP_INSECURE: 'true' }, 'SMPP_INSECURE'],
    ['the config file', ['--config', 'top.yaml'], {}, `insecure in ${join(dir, 'top.yaml')}`],
    ['a profile', ['--config', 'profile.yaml', '--profile', 'lab'], {}, `profiles.lab.insecure in ${join(dir, 'profile.yaml')}`],
  ])('%s', async (_what, argv, env, from) => {
    const got = await warnings(argv, env);
    expect(got).toEqual([expect.stringMatching(new RegExp(`^TLS certificate checks are off \\(from ${from.replace(/[.]/g, '\\.')}\\): .*--ca FILE`))]);
  });

  it('not without it, nor in a dry run (nothing connects)', async () => {
    expect(await warnings(['--tls'])).toEqual([]);
    expect(await warnings(['--tls', '--insecure', '--dry-run'])).toEqual([]);
  });
});

it('says --ca is not used while the checks are off', () => {
  const got = securityWarnings({ tls: true, insecure: true, ca: '/ca.pem', dryRun: false }, { insecure: 'flag' }, {});
  expect(got[0]).toMatch(/^TLS certificate checks are off \(from --insecure\) \(--ca is not used while they are off\): /);
});

it.each([
  ['flag', '--port'],
  ['env', 'SMPP_PORT'],
  ['config', 'port in /etc/smpprc'],
  ['profile', 'profiles.prod.port in /etc/smpprc'],
  ['default', 'default'],
] as const)('originLabel %s', (origin, label) => {
  expect(originLabel(findOption('port'), origin, { configFile: '/etc/smpprc', profile: 'prod' })).toBe(label);
});
