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

describe('loadConfigFile reports malformed files in one line: kind, file:line:column, problem', () => {
  it.each([
    ['.smpprc.yaml', 'host: a\n  port: 1\n', ':2:7: invalid YAML: bad indentation of a mapping entry'],
    ['.smpprc', 'host: [unclosed\n', ':2:1: invalid YAML: unexpected end of the stream within a flow collection'],
    ['.smpprc.json', '{"host": "a",}', ':1:14: invalid JSON: a comma before }'],
    // JavaScript syntax errors: test/cli/e2e-config-files.test.ts (vitest compiles imports itself)
  ])('%s', async (name, body, what) => {
    const file = put(`home/${name}`, body);
    const err = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe(`cannot read config file ${file}${what}`);
  });
});

describe('never quotes a malformed file, which may hold a password (issue 8.7)', () => {
  it.each([
    ['.smpprc.json', '{"password": "s3cret",}', ':1:23: invalid JSON'],
    ['.smpprc.json', '{"password": s3cret}', ':1:14: invalid JSON'],
    ['.smpprc', 'password: *s3cret\n', ':1:18: invalid YAML: unidentified alias'],
    ['.smpprc', 'password: !!s3cret\n', ':2:1: invalid YAML: unknown tag'],
    ['.smpprc.yml', 'password: !s3cret x\n', ':1:20: invalid YAML: unknown tag'],
    ['.smpprc', 'password: "s3cret\n', ':2:1: invalid YAML: unexpected end of the stream within a double quoted scalar'],
    ['.smpprc.js', 'module.exports = { password: s3cret };', ':1:30: JavaScript: a name that is not defined'],
    ['smpp.config.js', 'throw new Error("s3cret");', ':1:7: JavaScript: the file threw an error while loading'],
    ['package.json', '{"smpp": {"password": s3cret}}', ':1:23: invalid JSON'],
  ])('%s %j', async (name, body, what) => {
    const file = put(`home/${name}`, body);
    const err = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const { message, fix, stack } = err as ConfigError;
    expect(message.startsWith(`cannot read config file ${file}${what}`), message).toBe(true);
    expect(`${message} ${fix} ${stack}`).not.toContain('s3cret');
    expect((err as Error).cause).toBeUndefined(); // nothing that quotes the file travels along
  });
});

describe('files that are not ours are not read (issue 8.6)', () => {
  it.each([
    ['a package.json that is not JSON and has no smpp key', 'package.json', '{"name": "x", "password": s3cret'],
    ['a package.json without an smpp key', 'package.json', '{"name": "x"}'],
    ['an empty .smpprc', '.smpprc', '  \n'],
  ])('%s: the search goes on', async (_what, name, body) => {
    put(`home/proj/${name}`, body);
    dir('home/proj/.git');
    const file = put('home/.smpprc', 'host: h\n');
    const got = await loadConfigFile({ cwd: join(root, 'home/proj'), home: join(root, 'home') });
    expect(got?.file).toBe(file);
  });

  it('an unreadable .smpprc is an error, not silently skipped', async () => {
    if (process.getuid?.() === 0) return; // root reads anything
    const file = put('home/.smpprc', 'host: h\n', 0o000);
    await expect(loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home') })).rejects.toThrow(`cannot read config file ${file}: permission denied`);
  });

  it('$import is not followed: it is just an unknown key for validation to report', async () => {
    put('home/secret.yaml', 'password: s3cret\n');
    const explicit = { path: put('home/c.yaml', '$import: secret.yaml\n'), from: '--config' };
    const got = await loadConfigFile({ cwd: join(root, 'home'), home: join(root, 'home'), explicit });
    expect(got?.data).toEqual({ $import: 'secret.yaml' });
  });
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
