// Issue 12: validation reports every problem in the file at once, and a broken profile that is
// not selected does not stop the others from being used (it is still reported, as a warning).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadSettings, type SendCommand } from '../../src/cli/load-settings.js';
import { checkConfig, usableConfig, validateConfig } from '../../src/config/validate.js';

const file = '/etc/smpp/.smpprc.yaml';
const ctx = { now: new Date('2030-01-01T00:00:00Z') };
const BROKEN = {
  prot: 1,
  window: 0,
  profiles: { prod: { port: 2776 }, lab: { tls: 'maybe', hots: 'x' }, old: 'x' },
};

describe('every problem at once', () => {
  it('validateConfig lists them all, top level first, one per line', () => {
    const err = (() => {
      try {
        validateConfig(BROKEN, file, ctx);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message.split('\n')).toEqual([
      `5 problems in ${file}:`,
      `  unknown key prot in ${file} (did you mean port?)`,
      `  invalid value for window in ${file}: 0; expected an integer from 1 to 1000`,
      `  invalid value for profiles.lab.tls in ${file}: "maybe"; expected true or false`,
      `  unknown key profiles.lab.hots in ${file} (did you mean host?)`,
      `  profiles.old in ${file} must be an object of settings, not a string`,
    ]);
  });

  it('checkConfig keeps the good profiles and sorts the problems by where they are', () => {
    const c = checkConfig(BROKEN, file, ctx);
    expect(c.problems).toHaveLength(2);
    expect([...c.profiles.keys()]).toEqual(['prod']);
    expect([...c.brokenProfiles.keys()]).toEqual(['lab', 'old']);
  });
});

describe('usableConfig', () => {
  const profilesOnly = checkConfig({ host: 'h', profiles: { prod: { port: 2776 }, lab: { tls: 'maybe' } } }, file, ctx);

  it('a broken profile not selected: the others are used, it is reported as a warning', () => {
    const { config, warnings } = usableConfig(profilesOnly, 'prod');
    expect(config.profiles.get('prod')).toEqual({ port: 2776 });
    expect(warnings).toEqual([`profile lab cannot be used (not selected, so this run goes on): invalid value for profiles.lab.tls in ${file}: "maybe"; expected true or false`]);
    expect(usableConfig(profilesOnly, undefined).warnings).toHaveLength(1);
  });

  it('the selected profile broken: refused', () => {
    expect(() => usableConfig(profilesOnly, 'lab')).toThrow(`invalid value for profiles.lab.tls in ${file}: "maybe"; expected true or false`);
  });

  it('the top level broken: refused whatever the profile', () => {
    expect(() => usableConfig(checkConfig(BROKEN, file, ctx), 'prod')).toThrow(/^5 problems in /);
  });
});

describe('through loadSettings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-validate-all-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, '.smpprc'), 'systemId: me\nprofiles:\n  prod: { host: prod.example }\n  lab: { port: nope }\n', { mode: 0o600 });
  const load = (argv: string[]) =>
    loadSettings({ argv: ['--to', '+447700900123', '--text', 'x', ...argv], env: { HOME: dir }, cwd: dir, stdinIsTTY: true, now: new Date() });

  it('the good profile is used, with a warning about the broken one', async () => {
    const r = (await load(['--profile', 'prod'])) as SendCommand;
    expect(r.settings.host).toBe('prod.example');
    expect(r.warnings).toEqual([expect.stringMatching(/^profile lab cannot be used .*profiles\.lab\.port/)]);
  });

  it('listen, query, cancel and replace warn about the broken one too', async () => {
    for (const command of ['listen', 'query', 'cancel', 'replace']) {
      const ids = command === 'listen' ? [] : ['42'];
      const r = await loadSettings({ argv: [command, ...ids, '--profile', 'prod'], env: { HOME: dir }, cwd: dir, stdinIsTTY: true, now: new Date() });
      expect('warnings' in r && r.warnings, command).toEqual([expect.stringMatching(/^profile lab cannot be used .*profiles\.lab\.port/)]);
    }
  });

  it('the broken one selected: exit 3 naming its problem', async () => {
    await expect(load(['--profile', 'lab'])).rejects.toThrow(/invalid value for profiles\.lab\.port/);
  });
});
