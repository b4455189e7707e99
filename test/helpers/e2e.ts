// Shared pieces of the end-to-end tests: a simulator with a distinctive password, the flags that
// point the CLI at it, and a runner that keeps every output of the file so an afterAll can check
// that the password never reached stdout or stderr.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, expect } from 'vitest';
import type { Sim, SimOptions } from '../../src/sim/index.js';
import { fileURLToPath } from 'node:url';
import { runCli, type CliOptions, type CliResult } from './cli.js';
import type { MainOptions } from './in-process.js';
import { startTestSim } from './sim.js';

/** HOME for the CLI: no config file of the developer's can leak into a test. */
export const EMPTY_HOME = fileURLToPath(new URL('../fixtures/empty-dir/', import.meta.url));

/** Distinctive enough that any leak shows up in a plain substring search. */
export const PASSWORD = 'S3cr3t-pw-XYZ';

/** A simulator with PASSWORD, closed when the running test ends (see sim.ts). */
export function e2eSim(opts: SimOptions = {}): Promise<Sim> {
  return startTestSim({ password: PASSWORD, ...opts });
}

/** Host, port and account of the sim; short timeouts so failures end quickly. */
export function connArgs(sim: Pick<Sim, 'port' | 'systemId'>): string[] {
  return [
    '--host', '127.0.0.1', '--port', String(sim.port), '--system-id', sim.systemId,
    '--connect-timeout', '3s', '--response-timeout', '3s', '--reconnect-delay', '50ms',
  ];
}

/** The password travels in the environment, as the README recommends. */
export const PW_ENV = { SMPP_PASSWORD: PASSWORD };

/**
 * runCli that records what it printed; `useCli(runMain)` runs the CLI in-process instead. Call
 * once at the top of a test file: it registers an afterAll asserting the password appeared in
 * none of the outputs (and that there were some).
 */
export function useCli<O extends CliOptions | MainOptions = CliOptions>(
  run: (args: string[], opts?: O) => Promise<CliResult> = runCli as never,
): (args: string[], opts?: O) => Promise<CliResult> {
  const outputs: string[] = [];
  afterAll(() => {
    expect(outputs.length).toBeGreaterThan(0);
    const leaks = outputs.filter((o) => o.includes(PASSWORD));
    expect(leaks, 'password printed').toEqual([]);
  });
  return async (args, opts = {} as O) => {
    const r = await run(args, { ...opts, env: { HOME: EMPTY_HOME, ...PW_ENV, ...opts.env } });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
}

/** Fail with the CLI's output in the message: much easier to read than a bare exit code. */
export function expectExit(r: CliResult, code: number): void {
  expect(r.code, `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(code);
}

/** A port nothing listens on: bind port 0, note it, close. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Lines of stderr with content (a trailing newline is not a line). */
export function stderrLines(r: CliResult): string[] {
  return r.stderr.split('\n').filter((l) => l.trim() !== '');
}

/** Every session that bound successfully ended with our unbind (the last PDU the sim got from it). */
export function expectUnbound(sim: Sim): void {
  const bound = new Set(sim.events.filter((e) => e.type === 'bind').map((e) => e.session));
  for (const session of bound) {
    const last = sim.received.filter((p) => p.session === session).at(-1);
    expect(last?.command, `last PDU of session ${session}`).toBe('unbind');
  }
}
