// `listen --exec CMD` over TCP against the simulator (the built CLI, spawned): the message's
// fields reach the command only through the environment, a failing command is reported and
// listening goes on, the password never reaches the command.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { jsonLines } from '../helpers/cli.js';
import { connArgs, e2eSim, expectExit, PASSWORD, useCli } from '../helpers/e2e.js';
import { testDir } from '../helpers/temp-dir.js';

const cli = useCli();

it('passes hostile text only through SMPP_* variables; a failing command is reported and listening goes on', async () => {
  const sim = await e2eSim();
  const dir = testDir();
  const pwned = join(dir, 'pwned');
  const out = join(dir, 'out.txt');
  const envs = join(dir, 'env.txt');
  const hostile = `$(touch ${pwned}); rm -f ${out}; \`touch ${pwned}\` "'`;
  sim.injectMo({ from: '+447700900123', to: '12345', text: hostile });
  sim.injectMo({ from: '+447700900666', to: '12345', text: 'fail me' });
  sim.deliver('ACME', { source_addr: '447700900124', source_addr_ton: 1, esm_class: 0x04, short_message: 'id:42 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:' });
  const cmd = `printf '%s|%s|%s|%s|%s\\n' "$SMPP_TYPE" "$SMPP_FROM" "$SMPP_TEXT" "$SMPP_MESSAGE_ID" "$SMPP_STATE" >> ${out}; env >> ${envs}; test "$SMPP_FROM" != 447700900666`;
  const r = await cli(['listen', ...connArgs(sim), '--count', '3', '--exec', cmd]);
  expectExit(r, 0);
  expect(existsSync(pwned)).toBe(false);
  expect(readFileSync(out, 'utf8')).toBe(`mo|447700900123|${hostile}||\nmo|447700900666|fail me||\nreceipt|ACME||42|DELIVRD\n`);
  expect(r.stderr).toContain('exec: command exited 1 for mo from 447700900666; listening goes on');
  expect(r.stderr).toContain('listened: 2 MO, 1 receipt(s); 1 --exec command(s) failed; stopped by count');
  const env = readFileSync(envs, 'utf8');
  expect(env).not.toContain(PASSWORD);
  expect(env).not.toContain('SMPP_PASSWORD');
  expect(env).toContain('SMPP_FROM_TON=1');
});

it('--json reports a failed command as an exec object; --exec-concurrency runs several at once', async () => {
  const sim = await e2eSim();
  const dir = testDir();
  for (let i = 0; i < 4; i++) sim.injectMo({ from: `+44770090010${i}`, to: '12345', text: `m${i}` });
  // Each command waits until all four have started: only possible with 4 running at once.
  const cmd = `touch ${dir}/$SMPP_TEXT; n=0; while [ $(ls ${dir} | wc -l) -lt 4 ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n+1)); done; [ $n -lt 100 ] && [ "$SMPP_TEXT" != m2 ]`;
  const r = await cli(['listen', ...connArgs(sim), '--json', '--count', '4', '--exec-concurrency', '4', '--exec', cmd]);
  expectExit(r, 0);
  const lines = jsonLines(r.stdout);
  expect(lines.filter((l) => l.type === 'exec')).toEqual([expect.objectContaining({ type: 'exec', ok: false, of: 'mo', from: '447700900102', exitCode: 1 })]);
  expect(lines.at(-1)).toMatchObject({ type: 'summary', mo: 4, execFailed: 1, exitCode: 0 });
});

it('refuses --exec outside listen and a concurrency out of range', async () => {
  const sim = await e2eSim();
  const q = await cli(['query', ...connArgs(sim), '--exec', 'true', '1']);
  expectExit(q, 2);
  expect(q.stderr).toContain('--exec does not apply to smpp-send query');
  const c = await cli(['listen', ...connArgs(sim), '--exec', 'true', '--exec-concurrency', '17']);
  expectExit(c, 2);
  expect(c.stderr).toContain('--exec-concurrency');
});

it('a flood fills the bounded queue: further deliveries are refused (the SMSC keeps them), every one taken gets its command', async () => {
  const sim = await e2eSim();
  const out = join(testDir(), 'out.txt');
  for (let i = 0; i < 130; i++) sim.injectMo({ from: '+447700900123', to: '12345', text: `m${i}` });
  const r = await cli(['listen', ...connArgs(sim), '--json', '--timeout', '3s', '--exec', `echo "$SMPP_TEXT" >> ${out}`]);
  expectExit(r, 0);
  const statuses = sim.received.filter((p) => p.command === 'deliver_sm_resp').map((p) => p.status);
  const taken = statuses.filter((s) => s === 0).length;
  expect(statuses.filter((s) => s === 0x64).length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s !== 0 && s !== 0x64)).toEqual([]);
  expect(jsonLines(r.stdout).filter((l) => l.type === 'mo').length).toBe(taken);
  expect(readFileSync(out, 'utf8').trim().split('\n').length).toBe(taken);
});
