// Issue 8.8 end to end: a real TLS run against the simulator with certificate checks off says so
// on every run: a line on stderr, or a JSON warning object with --json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { connArgs, e2eSim, expectExit, stderrLines, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const TLS = { key: readFileSync(fixture('tls/key.pem')), cert: readFileSync(fixture('tls/cert.pem')) };
const MSG = ['--to', '+447700900123', '--text', 'hi'];
const cli = useCli(runMain);

it('--insecure: the run works, and stderr says the checks are off and where that came from', async () => {
  const sim = await e2eSim({ tls: TLS });
  const r = await cli([...connArgs(sim), '--tls', ...MSG], { env: { SMPP_INSECURE: '1' } });
  expectExit(r, 0);
  expect(stderrLines(r)).toEqual([expect.stringMatching(/^warning: TLS certificate checks are off \(from SMPP_INSECURE\): .*--ca FILE/)]);
  expect(sim.messages).toHaveLength(1);
});

it('--insecure --json: a warning object on stdout', async () => {
  const sim = await e2eSim({ tls: TLS });
  const r = await cli([...connArgs(sim), '--tls', '--insecure', '--json', ...MSG]);
  expectExit(r, 0);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; warning?: string });
  expect(lines.filter((l) => l.type === 'warning').map((l) => l.warning)).toEqual([expect.stringMatching(/^TLS certificate checks are off \(from --insecure\)/)]);
});
