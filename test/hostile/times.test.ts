// --schedule and --validity together, through the built CLI: a message that would expire before
// its delivery time is a usage error before anything connects.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { submits } from '../helpers/submits.js';
import { expectOneLineError, send, sim } from './harness.js';

it('--validity ending before --schedule: exit 2, one line, nothing connects', async () => {
  const s = await sim();
  const r = await send(s, ['--to', '+447700900123', '--text', 'hi', '--schedule', '2h', '--validity', '1h']);
  expectOneLineError(r, EXIT.usage, /--validity ends \(.*\) before --schedule delivers \(.*\): the message would expire unsent/);
  expect(s.received).toEqual([]);
});

it('--validity after --schedule is sent with both times', async () => {
  const s = await sim();
  const r = await send(s, ['--to', '+447700900123', '--text', 'hi', '--schedule', '1h', '--validity', '1d']);
  expect(r.code, r.stderr).toBe(EXIT.ok);
  expect(submits(s).map((p) => [p.fields.schedule_delivery_time, p.fields.validity_period])).toEqual([
    ['000000010000000R', '000001000000000R'],
  ]);
});
