// Issue 9.12: with --json, every exit path ends with an `error` object and then a `summary` as
// the last line on stdout, and the error's one line on stderr; also when the failure comes
// before the settings exist (the parser, a flag value, the config file, a profile). In-process
// through main(io): the process is not the subject here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { EXIT } from '../../src/exit-codes.js';
import { useTempDir } from '../helpers/temp-dir.js';

const dir = useTempDir('smpp-json-fail-');
beforeAll(() => {
  writeFileSync(join(dir, 'profiles.yaml'), 'profiles:\n  prod: { host: a }\n', { mode: 0o600 });
  writeFileSync(join(dir, 'broken.yaml'), 'password: *s3cret\n', { mode: 0o600 });
  writeFileSync(join(dir, 'json-on.yaml'), 'json: true\n', { mode: 0o600 });
  writeFileSync(join(dir, 'json-profile.yaml'), 'profiles:\n  ops: { json: true }\n', { mode: 0o600 });
  writeFileSync(join(dir, 'bad.csv'), 'name\nx\n');
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    argv, env: { HOME: dir, ...env }, cwd: dir, stdin: Readable.from([]), stdinIsTTY: true,
    stdout: { write: (t: string) => void (stdout += t) },
    stderr: { write: (t: string) => void (stderr += t) },
  };
  const code = await main(io);
  const lines = stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, stderr };
}

const TO = ['--to', '+447700900123', '--text', 'hi'];

describe('--json: an error object, then the summary, last, for every early failure', () => {
  it.each<[string, string[], Record<string, string>, number]>([
    ['unknown option', ['--json', '--bogus', ...TO], {}, EXIT.usage],
    ['option missing its value', [...TO, '--json', '--port'], {}, EXIT.usage],
    ['bad flag value', ['--json', '--port', 'abc', ...TO], {}, EXIT.usage],
    ['bad environment value', ['--json', ...TO], { SMPP_PORT: 'x' }, EXIT.usage],
    ['missing --to', ['--json', '--text', 'hi'], {}, EXIT.usage],
    ['missing config file', ['--json', '--config', 'nope.yaml', ...TO], {}, EXIT.config],
    ['malformed config file', ['--json', '--config', 'broken.yaml', ...TO], {}, EXIT.config],
    ['unknown profile', ['--json', '--config', 'profiles.yaml', '--profile', 'prd', ...TO], {}, EXIT.config],
    ['profile without a config file', ['--json', '--profile', 'prod', ...TO], {}, EXIT.config],
    ['json: true in the config file, missing --to', ['--config', 'json-on.yaml', '--text', 'hi'], {}, EXIT.usage],
    ['json: true in the profile, missing --to', ['--config', 'json-profile.yaml', '--profile', 'ops', '--text', 'hi'], {}, EXIT.usage],
    ['no system id', ['--json', ...TO], {}, EXIT.usage],
    // An absolute path: main(io).cwd places only the config search, a relative data file would be
    // looked for in this process's folder (and be "not found" rather than bad).
    ['a bad CSV during a dry run', ['--json', '--dry-run', '--batch', join(dir, 'bad.csv'), '--text', 'hi'], {}, EXIT.usage],
  ])('%s', async (_what, argv, env, exitCode) => {
    const r = await run(argv, env);
    expect(r.code).toBe(exitCode);
    expect(r.lines.map((l) => l.type)).toEqual(['error', 'summary']);
    const [error, summary] = r.lines as [Record<string, unknown>, Record<string, unknown>];
    expect(error).toMatchObject({ error: expect.any(String), exitCode });
    expect(summary).toMatchObject({ messages: 0, accepted: 0, error: error.error, exitCode, interrupted: false });
    expect(r.stderr).toBe(`error: ${String(error.error)}\n`);
    expect(JSON.stringify(r)).not.toContain('s3cret');
  });

  it('without --json, nothing on stdout and the line on stderr', async () => {
    const r = await run(['--port', 'abc', ...TO]);
    expect(r).toMatchObject({ code: EXIT.usage, lines: [] });
    expect(r.stderr).toMatch(/^error: invalid value for --port: "abc"/);
  });

  it('--json after -- is a text, not the flag', async () => {
    const r = await run(['--port', 'abc', '--to', '+447700900123', '--text', 'x', '--', '--json']);
    expect(r.lines).toEqual([]);
  });
});
