import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { defaultValues, mergeLayers, mergeSettings, pickProfile } from '../../src/config/merge.js';
import type { ConfigFile } from '../../src/config/validate.js';
import { OPTIONS } from '../../src/config/options.js';

const file = '/home/u/.smpprc';
const config = (top: object, profiles: Record<string, object> = {}): ConfigFile => ({
  file,
  top,
  profiles: new Map(Object.entries(profiles)),
});

describe('precedence: flags > env > profile > top level > defaults', () => {
  // Which layers set `port`; the highest must win and be the recorded origin.
  it.each([
    [{ flag: 1, env: 2, profile: 3, top: 4 }, 1, 'flag'],
    [{ env: 2, profile: 3, top: 4 }, 2, 'env'],
    [{ profile: 3, top: 4 }, 3, 'profile'],
    [{ top: 4 }, 4, 'config'],
    [{ flag: 1, top: 4 }, 1, 'flag'],
    [{ env: 2, top: 4 }, 2, 'env'],
    [{}, 2775, 'default'],
  ] as const)('%j -> port %i from %s', (set, port, origin) => {
    const s = set as { flag?: number; env?: number; profile?: number; top?: number };
    const merged = mergeSettings({
      config: config(s.top === undefined ? {} : { port: s.top }),
      profile: s.profile === undefined ? {} : { port: s.profile },
      env: s.env === undefined ? {} : { port: s.env },
      flags: s.flag === undefined ? {} : { port: s.flag },
    });
    expect(merged.values.port).toBe(port);
    expect(merged.origins.port).toBe(origin);
  });

  it('records an origin per key, each from its own highest layer', () => {
    const merged = mergeSettings({
      config: config({ host: 'file-host', systemId: 'file-id', window: 5 }),
      profile: { systemId: 'profile-id', tps: 7 },
      env: { password: 'env-pw' },
      flags: { to: ['+1'] },
    });
    expect(merged.values).toMatchObject({ host: 'file-host', systemId: 'profile-id', window: 5, tps: 7, password: 'env-pw', to: ['+1'], retries: 3 });
    expect(merged.origins).toMatchObject({
      host: 'config',
      systemId: 'profile',
      window: 'config',
      tps: 'profile',
      password: 'env',
      to: 'flag',
      retries: 'default',
    });
  });

  it('replaces lists rather than joining them', () => {
    const merged = mergeSettings({ config: config({ to: ['+1', '+2'] }), env: {}, flags: { to: ['+3'] } });
    expect(merged.values.to).toEqual(['+3']);
  });

  it('skips undefined values in a layer', () => {
    expect(mergeLayers([{ origin: 'default', values: { host: 'a' } }, { origin: 'flag', values: { host: undefined } }]).origins.host).toBe('default');
  });
});

describe('defaultValues', () => {
  it('holds every option with a default, and fresh lists each time', () => {
    const d = defaultValues();
    for (const spec of OPTIONS) expect(d[spec.key]).toEqual(spec.default);
    (d.to as string[]).push('+1');
    expect(defaultValues().to).toEqual([]);
  });
});

describe('pickProfile', () => {
  const withProfiles = config({}, { prod: { host: 'p' }, staging: { host: 's' } });

  it('returns the named profile', () => expect(pickProfile(withProfiles, 'prod', '--profile')).toEqual({ host: 'p' }));

  it.each([
    [withProfiles, 'prdo', /^--profile prdo: no such profile in \/home\/u\/\.smpprc \(did you mean prod\? available: prod, staging\)$/],
    [withProfiles, 'dev', /^--profile dev: no such profile in \/home\/u\/\.smpprc \(available: prod, staging\)$/],
    [config({}), 'prod', /has no profiles section/],
    [undefined, 'prod', /no config file found/],
  ] as const)('refuses an unknown profile (%#)', (cfg, name, message) => {
    expect(() => pickProfile(cfg, name, '--profile')).toThrow(ConfigError);
    expect(() => pickProfile(cfg, name, '--profile')).toThrow(message);
  });
});
