// loadConfigFile loads cosmiconfig (its YAML loader) only for a YAML file: JSON and JavaScript
// files need none, and a package.json without an "smpp" key is not read further (a common case: scripts run in project
// directories). Here importing cosmiconfig fails, so a test passes only if it was not loaded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';

vi.mock('cosmiconfig', () => {
  throw new Error('cosmiconfig was loaded');
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'smpp-lazy-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(packageJson: string): string {
  const dir = join(root, 'home', 'proj');
  mkdirSync(join(dir, '.git'), { recursive: true }); // the search stops at the git root
  writeFileSync(join(dir, 'package.json'), packageJson);
  return dir;
}

it.each([
  ['{"name": "x", "scripts": {"deploy": "smpp-send ..."}}'],
  ['{"name": "x", "dependencies": {"smpp": "1.0.0"}}'], // "smpp" only deeper down
])('skips cosmiconfig for a package.json without an smpp key: %s', async (body) => {
  const cwd = project(body);
  await expect(loadConfigFile({ cwd, home: join(root, 'home') })).resolves.toBeUndefined();
});

it.each([
  ['{"name": '], // not JSON and no visible smpp key: not ours (issue 8.6)
  ['{"name": "x", "smpp": {"host": "a"}}'], // ours, and JSON needs no cosmiconfig either
])('reads %s without cosmiconfig', async (body) => {
  const cwd = project(body);
  await expect(loadConfigFile({ cwd, home: join(root, 'home') })).resolves.not.toThrow();
});

it('loads cosmiconfig for a YAML file', async () => {
  const cwd = project('{"name": "x"}');
  writeFileSync(join(cwd, '.smpprc'), 'host: a\n');
  await expect(loadConfigFile({ cwd, home: join(root, 'home') })).rejects.toThrow(); // only the mocked import can fail here
});
