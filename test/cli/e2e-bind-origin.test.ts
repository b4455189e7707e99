// Issue 12: a bind error names where the password (and system id) came from, never the password.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { connArgs, e2eSim, expectExit, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const WRONG = 'Wr0ng-pw-QQQ';
const MSG = ['--to', '+447700900123', '--text', 'hi'];
const cli = useCli(runMain);
const dir = useTempDir('smpp-bind-origin-');

it('a wrong password from the environment: the error says SMPP_PASSWORD', async () => {
  const sim = await e2eSim();
  const r = await cli([...connArgs(sim), ...MSG], { env: { SMPP_PASSWORD: WRONG } });
  expectExit(r, 5);
  expect(r.stderr).toMatch(/ESME_RINVPASWD.*\(password from SMPP_PASSWORD; system id from --system-id\)$/m);
  expect(`${r.stdout}${r.stderr}`).not.toContain(WRONG);
});

it('a wrong password from a profile, with --json: the file and key in the summary and on stderr', async () => {
  const sim = await e2eSim();
  const file = join(dir, 'smpp.yaml');
  writeFileSync(file, `profiles:\n  prod:\n    password: "${WRONG}"\n`, { mode: 0o600 });
  const r = await cli([...connArgs(sim), ...MSG, '--config', file, '--profile', 'prod', '--json'], { env: { SMPP_PASSWORD: undefined } });
  expectExit(r, 5);
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { type: string; error: string };
  expect(summary.type).toBe('summary');
  expect(summary.error).toContain(`(password from profiles.prod.password in ${file}; system id from --system-id)`);
  expect(r.stderr).toContain(`password from profiles.prod.password in ${file}`);
  expect(`${r.stdout}${r.stderr}`).not.toContain(WRONG);
});
