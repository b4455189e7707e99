// The --exec queue and environment (pure parts; the commands themselves are tested over TCP in
// listen-exec.test.ts). The runner here is a promise the test settles, to see the bound.
import { expect, it } from 'vitest';
import { ExecQueue, execEnv, inheritedEnv, type RunCommand } from '../../src/receive/exec.js';
import type { MoRecord } from '../../src/receive/record.js';

const mo = (text: string): MoRecord => ({
  type: 'mo', from: '447700900123', fromTon: 1, fromNpi: 1, to: '12345', toTon: 3, toNpi: 0, text,
  encoding: 'gsm7', dataCoding: 0, parts: 1, partsReceived: 1, complete: true, receivedAt: '2030-01-01T00:00:00.000Z',
});

it('execEnv: every field as a string, NUL dropped; inheritedEnv drops every SMPP_* variable', () => {
  expect(execEnv(mo('a\0b; $(x)'))).toMatchObject({ SMPP_TYPE: 'mo', SMPP_TEXT: 'ab; $(x)', SMPP_FROM_TON: '1', SMPP_TO_TON: '3', SMPP_COMPLETE: '1', SMPP_PARTS: '1' });
  expect(inheritedEnv({ PATH: '/bin', SMPP_PASSWORD: 'x', SMPP_HOST: 'h' })).toEqual({ PATH: '/bin' });
});

it('runs at most `concurrency` at once, holds at most `limit`, says when it has room again, drains', async () => {
  const pending: (() => void)[] = [];
  const run: RunCommand = () => new Promise((resolve) => pending.push(() => resolve({ exitCode: 0, signal: null })));
  let freed = 0;
  const q = new ExecQueue('x', 2, () => {}, { onFree: () => freed++, run, limit: 3 });
  for (let i = 0; i < 5; i++) q.push(mo(`m${i}`));
  expect(pending.length).toBe(2); // running
  expect(q.full()).toBe(true); // 3 waiting
  pending.shift()!();
  await new Promise((r) => setImmediate(r));
  expect(q.full()).toBe(false);
  expect(freed).toBe(1);
  let drained = false;
  void q.drain().then(() => (drained = true));
  while (pending.length > 0) {
    pending.shift()!();
    await new Promise((r) => setImmediate(r));
  }
  expect(drained).toBe(true);
});

it('a failing or unstartable command is reported and the next one still runs', async () => {
  const results = [{ exitCode: 3, signal: null }, { exitCode: null, signal: null, error: 'spawn ENOENT' }, { exitCode: 0, signal: null }];
  const failures: unknown[] = [];
  const q = new ExecQueue('x', 1, (f) => failures.push([f.exitCode, f.error]), { run: async () => results.shift()! });
  for (let i = 0; i < 3; i++) q.push(mo(`m${i}`));
  await q.drain();
  expect(failures).toEqual([[3, undefined], [null, 'spawn ENOENT']]);
  expect(q.failed).toBe(2);
});

it("a command inherits the caller's environment (main's io.env), without SMPP_*, not this process's", async () => {
  const seen: Record<string, string>[] = [];
  const run: RunCommand = async (_cmd, env) => {
    seen.push(env);
    return { exitCode: 0, signal: null };
  };
  const q = new ExecQueue('x', 1, () => {}, { run, env: { ONLY_HERE: '1', SMPP_PASSWORD: 'secret' } });
  q.push(mo('hi'));
  await q.drain();
  expect(seen[0]).toMatchObject({ ONLY_HERE: '1', SMPP_TEXT: 'hi' });
  expect(seen[0]).not.toHaveProperty('SMPP_PASSWORD');
  expect(seen[0]).not.toHaveProperty('PATH'); // process.env's
});
