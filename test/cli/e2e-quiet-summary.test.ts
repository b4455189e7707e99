// Issue 12: --quiet still says on stderr what failed (one line per failed message, capped, then a
// count), and the human summary names the possible duplicates and the unmatched receipts.
import { expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { QUIET_LIMIT } from '../../src/cli/reporters/quiet.js';
import { connArgs, e2eSim, expectExit, stderrLines, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';

const cli = useCli(runMain);

const numbers = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `+${prefix}${String(i).padStart(3, '0')}`);

it('--quiet: one stderr line per failed message (rejected, failed receipt), capped, then how many more', async () => {
  const sim = await e2eSim({
    outcomes: [{ to: '4477009005', stat: 'UNDELIV', err: '001' }],
    onSubmit: (pdu) => (String(pdu.fields.destination_addr).startsWith('3361234') ? { status: 0x0b } : undefined),
  });
  const rejected = numbers(QUIET_LIMIT + 4, '3361234');
  const r = await cli([...connArgs(sim), '--quiet', '--wait', '5s', '--to', ['+447700900500', ...rejected].join(','), '--text', 'hi']);
  expectExit(r, 6);
  expect(r.stdout).toBe('');
  const lines = stderrLines(r);
  expect(lines).toHaveLength(QUIET_LIMIT + 1);
  expect(lines.filter((l) => /^✖ \+3361234\d{3} rejected: .*ESME_RINVDSTADR/.test(l)).length + lines.filter((l) => /^✖ \+447700900500 UNDELIV err 001/.test(l)).length).toBe(QUIET_LIMIT);
  const failedShown = lines.length - 1;
  expect(lines.at(-1)).toBe(`… and ${rejected.length + 1 - failedShown} more failed messages not listed (--json, or \`smpp-send report\` with --journal, lists every one)`);
  expect(r.stderr).not.toMatch(/\x1b\[/); // plain text for cron mail
});

it('--quiet: a message rejected is one line even with two parts failing, nothing for the accepted ones', async () => {
  const sim = await e2eSim({ onSubmit: (pdu) => (String(pdu.fields.destination_addr) === '33612345678' ? { status: 0x0b } : undefined) });
  const r = await cli([...connArgs(sim), '-q', '--to', '+447700900123,+33612345678', '--text', 'x'.repeat(200)]);
  expectExit(r, 6);
  expect(stderrLines(r)).toEqual([expect.stringMatching(/^✖ \+33612345678 part 1\/2 rejected: /)]);
});

it('the human summary names the recipients possibly duplicated', async () => {
  // The first submit is never answered: resent after --response-timeout, a possible duplicate.
  const sim = await e2eSim({ onSubmit: (_pdu, { index }) => (index === 0 ? { reply: 'none' } : undefined) });
  const r = await cli([...connArgs(sim), '--response-timeout', '300ms', '--enquire-link', '0', '--no-progress', '--to', '+447700900123', '--text', 'hi']);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/1 possibly duplicated/);
  expect(r.stdout).toMatch(/^ {2}possibly duplicated \(resent after a lost reply\): \+447700900123$/m);
});

it('the human summary names the receipts for ids this run did not send', async () => {
  const sim: Sim = await e2eSim({
    onSubmit: () => {
      sim.deliver('447700900999', {
        esm_class: 0x04, receipted_message_id: 'no-such-id', message_state: 2,
        short_message: 'id:no-such-id sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD err:000 text:x',
      });
    },
  });
  const r = await cli([...connArgs(sim), '--wait', '5s', '--to', '+447700900123', '--text', 'hi']);
  expectExit(r, 0);
  expect(r.stdout).toMatch(/1 receipt for ids not sent by this run/);
  expect(r.stdout).toMatch(/^ {2}receipts for ids not sent by this run: no-such-id DELIVRD$/m);
});
