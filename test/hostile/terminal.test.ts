// 8.9: a hostile SMSC's text reaches the human output neutralised. Message ids and receipt
// fields holding ESC sequences, carriage returns or bidi overrides would otherwise be obeyed by
// the terminal (clear the screen, rewrite a line so a failure reads as a success).
import { expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { send, sim } from './harness.js';

const HOSTILE_ID = 'id1\u001b[2J\u001b[H\u202e';

it('message ids and receipt fields with control characters are printed as escapes', async () => {
  const s = await sim({
    receiptStyle: 'text',
    onSubmit: () => ({ messageId: HOSTILE_ID, receipt: { stat: 'UNDELIV', err: '0\r\u001b[2K' } }),
  });
  const r = await send(s, ['--to', '+447700900123', '--text', 'hi', '--wait', '5s']);
  const out = r.stdout + r.stderr;
  expect(out, out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/); // only \t and \n
  expect(r.stdout).toContain('accepted, id id1\\x1b[2J\\x1b[H'); // (node-smpp's C-string codec turns the U+202E into ".")
  expect(r.stdout).toContain('UNDELIV err 0\\x0d\\x1b[2K');
  expect(r.code, out).toBe(EXIT.receipts);
});
