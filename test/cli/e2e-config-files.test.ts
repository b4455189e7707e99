// End to end (main(io) in-process; the built CLI for JavaScript config files): files in the
// working folder that are not smpp-send's are never read, and a config file that does not parse
// is named with its line and column, exit 3, without a token of it: the password is planted in
// every file and must appear in no output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectExit, PASSWORD, stderrLines, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli(runMain);
const spawned = useCli();
let dir: string;
beforeEach(() => {
  dir = testDir('smpp-e2e-files-');
  mkdirSync(join(dir, '.git')); // the search stops here, before the test machine's folders
});

function put(rel: string, body: string): string {
  const file = join(dir, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, body, { mode: 0o600 });
  return file;
}

const DRY = ['--to', '+447700900123', '--text', 'hi', '--dry-run', '--json'];

describe('unrelated files in the working folder are not read (issue 8.6)', () => {
  it.each([
    ['a malformed package.json without an smpp key', 'package.json', `{ "name": "app", "password": ${PASSWORD} }`],
    ['a malformed .config/config.yaml', '.config/config.yaml', `password: *${PASSWORD}\n`],
    ['a .config/config.yaml that would redirect the search', '.config/config.yaml', 'cosmiconfig:\n  searchPlaces: [other.yaml]\n'],
    ['a malformed .config/config.json', '.config/config.json', `{"password": ${PASSWORD}}`],
  ])('%s', async (_what, name, body) => {
    put(name, body);
    put('other.yaml', 'systemId: wrong\n');
    put('.smpprc', 'systemId: right\nfrom: Acme\n');
    const r = await cli(DRY, { cwd: dir });
    expectExit(r, 0);
    expect(r.stderr).toBe('');
    const plan = JSON.parse(r.stdout.split('\n')[0]!);
    expect(plan.source.addr).toBe('Acme'); // .smpprc was the file read
  });
});

describe('a config file that does not parse: exit 3, kind and file:line:column, never its text (issues 8.6, 8.7)', () => {
  // JavaScript is compiled by the loader of the process that imports it: Node's own in the built
  // CLI, vitest's module runner in this worker (which words a syntax error differently); so the
  // JavaScript rows run the built CLI.
  it.each([
    ['.smpprc', `host: h\npassword: *${PASSWORD}\n`, ':2:', 'invalid YAML: unidentified alias', cli],
    ['.smpprc.yaml', `password: !!${PASSWORD}\n`, ':2:1', 'invalid YAML: unknown tag', cli],
    ['.smpprc.json', `{\n  "password": ${PASSWORD}\n}`, ':2:15', 'invalid JSON', cli],
    ['package.json', `{"name": "app", "smpp": {"password": ${PASSWORD}}}`, ':1:38', 'invalid JSON', cli],
    ['.smpprc.js', `module.exports = { password: ${PASSWORD} };`, ':1:30', 'JavaScript: a name that is not defined', spawned],
    ['.smpprc.cjs', `module.exports = {\n  host: "h"\n  password: "${PASSWORD}" };`, ':3:3', 'JavaScript: syntax error', spawned],
    ['smpp.config.js', `module.exports = {\n  password: '${PASSWORD}\n};`, ':2:13', 'JavaScript: syntax error', spawned],
  ])('%s', async (name, body, at, what, run) => {
    const file = put(name, body);
    for (const extra of [[], ['--debug']]) {
      const r = await run([...DRY.filter((a) => a !== '--json'), ...extra], { cwd: dir });
      expectExit(r, 3);
      expect(r.stdout).toBe('');
      const first = stderrLines(r)[0]!;
      expect(first).toContain(`error: cannot read config file ${file}${at}`);
      expect(first).toContain(what);
      if (extra.length === 0) expect(stderrLines(r)).toHaveLength(1);
    }
  });

  it('with --json: the error object on stdout, the line on stderr', async () => {
    put('.smpprc', `password: *${PASSWORD}\n`);
    const r = await cli(DRY, { cwd: dir });
    expectExit(r, 3);
    expect(stderrLines(r)).toHaveLength(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; error: string });
    expect(lines.map((l) => l.type)).toEqual(['error', 'summary']);
    expect(lines[0]!.error).toMatch(/^cannot read config file .*\.smpprc:1:\d+: invalid YAML: unidentified alias/);
  });
});
