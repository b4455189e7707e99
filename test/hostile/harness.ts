// Shared by the hostile-input tests: a simulator per test, a scratch directory, the CLI
// (main(io) in-process) pointed at both, and the checks every bad-input case makes (one line,
// the documented exit code, no stack trace, nothing sent behind the user's back). Simulators and
// folders come from the common harness (test/helpers) and end with their test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import type { CliResult } from '../helpers/cli.js';
import { runMain, type MainOptions } from '../helpers/in-process.js';
import { startTestSim } from '../helpers/sim.js';
import { testDir } from '../helpers/temp-dir.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/hostile');

/** A simulator closed after the test (startTestSim under the name these files use). */
export const sim = startTestSim;

/** A scratch directory removed after the test. */
export const scratch = (): string => testDir('smpp-hostile-');

/** Write `body` (string or exact bytes) to `name` in `dir`; returns the path. */
export function put(dir: string, name: string, body: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
}

/** Connection flags for `s`, with short timeouts: these tests never wait for the defaults. */
export function at(s: { port: number; systemId: string }): string[] {
  return [
    '--host', '127.0.0.1', '--port', String(s.port), '--system-id', s.systemId,
    '--connect-timeout', '2s', '--response-timeout', '500ms', '--reconnect-attempts', '0',
    '--enquire-link', '0', '--no-progress',
  ];
}

/** Run the CLI (in-process) against `s` with its password in SMPP_PASSWORD. */
export function send(s: Sim, args: string[], opts: MainOptions = {}): Promise<CliResult> {
  return runMain([...at(s), ...args], { ...opts, env: { SMPP_PASSWORD: s.password, ...opts.env } });
}

export const STACK = /\n\s+at /;

export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * The failure contract: the documented exit code, exactly one line on stderr (an `error:` line
 * matching `what`), no stack trace anywhere.
 */
export function expectOneLineError(r: CliResult, exitCode: number, what: RegExp): string {
  expect(r.code, r.stderr).toBe(exitCode);
  const err = lines(r.stderr);
  expect(err, r.stderr).toHaveLength(1);
  expect(err[0]).toMatch(/^error: /);
  expect(err[0]).toMatch(what);
  expect(r.stderr + r.stdout).not.toMatch(STACK);
  return err[0]!;
}
