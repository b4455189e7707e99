import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfigFile, searchDirs } from '../../src/config/load.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'smpp-load-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, body: string, mode = 0o600): string {
  const file = join(root, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, body);
  chmodSync(file, mode);
  return file;
}
function dir(rel: string): string {
  const d = join(root, rel);
  mkdirSync(d, { recursive: true });
  return d;
}

describe('searchDirs', () => {
  const noGit = () => false;
  it.each([
    ['/home/u/a/b', '/home/u', noGit, ['/home/u/a/b', '/home/u/a', '/home/u']],
    ['/home/u/repo/sub', '/home/u', (d: string) => d === '/home/u/repo', ['/home/u/repo/sub', '/home/u/repo', '/home/u']],
    ['/srv/app', '/home/u', noGit, ['/srv/app', '/srv', '/', '/home/u']],
    ['/srv/app', undefined, noGit, ['/srv/app', '/srv', '/']],
    ['/home/u', '/home/u', noGit, ['/home/u']],
  ])('from %s (home %s)', (cwd, home, isGitRoot, expected) => expect(searchDirs(cwd, home, isGitRoot)).toEqual(expected));
});

describe('loadConfigFile searches', () => {
  it('the working directory first', async () => {
    const file = put('home/proj/.smpprc.yaml', 'host: a\n');
    put('home/.smpprc', 'host: b\n');
    const got = await loadConfigFile({ cwd: join(root, 'home/proj'), home: join(root, 'home') });
    expect(got).toEqual({ file, data: { host: 'a' }, warnings: [] });
  });

  it('parent directories up to home', async () => {
    const file = put('home/.smpprc.json', '{"host": "h"}');
    const got = await loadConfigFile({ cwd: dir('home/a/b/c'), home: join(root, 'home') });
    expect(got?.file).toBe(file);
  });

  it('not above the git root, but in home after it', async () => {
    put('home/work/.smpprc', 'host: above-git\n');
    dir('home/work/repo/.git');
    const inHome = put('home/.smpprc.yml', 'host: home\n');
    const got = await loadConfigFile({ cwd: dir('home/work/repo/src'), home: join(root, 'home') });
    expect(got?.file).toBe(inHome);
  });

  it('home when the working directory is elsewhere (cron, /srv)', async () => {
    const file = put('home/.smpprc', 'host: h\n');
    const got = await loadConfigFile({ cwd: dir('srv/app'), home: join(root, 'home') });
    expect(got?.file).toBe(file);
  });

  it('package.json under the key smpp, skipping one without it', async () => {
    put('home/proj/sub/package.json', '{"name": "x"}');
    const file = put('home/proj/package.json', '{"name": "y", "smpp": {"host": "pkg"}}');
    const got = await loadConfigFile({ cwd: join(root, 'home/proj/sub'), home: join(root, 'home') });
    expect(got).toMatchObject({ file, data: { host: 'pkg' } });
  });

  it('smpp.config.cjs', async () => {
    const file = put('home/smpp.config.cjs', 'module.exports = { host: "js", port: 2776 };');
    const got = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') });
    expect(got).toMatchObject({ file, data: { host: 'js', port: 2776 } });
  });

  it('and finds nothing', async () => {
    expect(await loadConfigFile({ cwd: dir('home/empty'), home: join(root, 'home') })).toBeUndefined();
  });
});

describe('loadConfigFile with --config / SMPP_CONFIG', () => {
  it('reads exactly that file, relative to the working directory, as YAML whatever its name', async () => {
    put('home/.smpprc', 'host: ignored\n');
    const file = put('etc/smpp.conf', '# comment\nhost: explicit\nport: 2776\n');
    const got = await loadConfigFile({ cwd: join(root, 'etc'), home: join(root, 'home'), explicit: { path: 'smpp.conf', from: '--config' } });
    expect(got).toEqual({ file, data: { host: 'explicit', port: 2776 }, warnings: [] });
  });

  it('a missing file is an error naming the path and who gave it', async () => {
    const missing = join(root, 'nope.yaml');
    const attempt = loadConfigFile({ cwd: root, explicit: { path: missing, from: 'SMPP_CONFIG' } });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(loadConfigFile({ cwd: root, explicit: { path: missing, from: 'SMPP_CONFIG' } })).rejects.toThrow(
      `config file not found: ${missing} (from SMPP_CONFIG); check the path`,
    );
  });

  it('a directory is an error', async () => {
    await expect(loadConfigFile({ cwd: root, explicit: { path: dir('d'), from: '--config' } })).rejects.toThrow(/is not a file/);
  });

  it('an empty file is an empty config', async () => {
    const file = put('empty.yaml', '');
    expect(await loadConfigFile({ cwd: root, explicit: { path: file, from: '--config' } })).toEqual({ file, data: undefined, warnings: [] });
  });
});

describe('loadConfigFile reports malformed files in one line', () => {
  it.each([
    ['.smpprc.yaml', 'host: a\n  port: 1\n', /bad indentation/],
    ['.smpprc', 'host: [unclosed\n', /unexpected end|flow collection/],
    ['.smpprc.json', '{"host": "a",}', /^[^']*position 13$/],
    ['smpp.config.cjs', 'module.exports = {', /Unexpected end of input/],
  ])('%s', async (name, body, why) => {
    const file = put(`home/${name}`, body);
    const err = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message.startsWith(`cannot read config file ${file}: `)).toBe(true);
    expect(message).toMatch(why);
    expect(message).not.toContain('\n');
  });
});

it('never quotes a malformed file, which may hold a password', async () => {
  put('home/.smpprc.json', '{"password": "s3cret",}');
  const err = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') }).catch((e: unknown) => e);
  expect((err as Error).message).toMatch(/in JSON at position \d+$/);
  expect((err as Error).message).not.toContain('s3cret');
});

describe('loadConfigFile warns about a readable password', () => {
  it.each([
    ['password at the top, mode 644', 'password: s3cret\n', 0o644, true],
    ['password in a profile, mode 640', 'profiles:\n  prod:\n    password: s3cret\n', 0o640, true],
    ['password, mode 600', 'password: s3cret\n', 0o600, false],
    ['no password, mode 644', 'host: a\n', 0o644, false],
  ])('%s', async (_what, body, mode, warns) => {
    const file = put('home/.smpprc', body, mode);
    const got = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') });
    const expected = warns ? [`${file} holds a password but other users can read it (mode ${mode.toString(8)}); run: chmod 600 ${file}`] : [];
    expect(got?.warnings).toEqual(expected);
    expect(got?.warnings.join('')).not.toContain('s3cret');
  });
});
