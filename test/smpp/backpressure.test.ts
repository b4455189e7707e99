// Issue 8, item 2: an SMSC that stops reading must not make us queue without bound, nor keep
// a run alive for ever. Each peer here binds, then never reads again; the floods are bounded by
// count and stop when the link goes.
import type net from 'node:net';
import { expect, it } from 'vitest';
import { LinkClosedError, ResponseTimeoutError } from '../../src/errors.js';
import { MAX_QUEUED_BYTES, SubmitUnconfirmedError } from '../../src/smpp/index.js';
import { openTestSession, options } from './helpers.js';
import { bindResp, bytes, peer } from './peer.js';

const BLOCK = 512;

/**
 * Writes `count` PDUs (a block of BLOCK made by `make(seq)`, written again and again), honouring
 * the test's own backpressure; stops when the socket goes. Resolves with how many were written.
 */
async function flood(socket: net.Socket, count: number, make: (seq: number) => Buffer): Promise<number> {
  const block = Buffer.concat(Array.from({ length: BLOCK }, (_, i) => make(100 + i)));
  let written = 0;
  while (written < count && !socket.destroyed) {
    written += BLOCK;
    if (!socket.write(block)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
  return written;
}

/** Binds a session to a peer that never reads after the bind; `start` then floods it. */
async function deafPeerSession(over = {}) {
  const p = await peer((x) => (x.command.startsWith('bind_') ? bindResp(x) : undefined), { read: false });
  const session = await openTestSession(options(p.port, { enquireLinkMs: 0, responseTimeoutMs: 1000, ...over }));
  let maxQueued = 0;
  const sampler = setInterval(() => (maxQueued = Math.max(maxQueued, session.queuedBytes)), 1);
  const closed = new Promise<LinkClosedError | undefined>((resolve) => session.onClose(resolve)).finally(() => clearInterval(sampler));
  return { p, session, closed, maxQueued: () => maxQueued };
}

it.each([
  ['enquire_link', (seq: number) => bytes('enquire_link', { sequence_number: seq })],
  ['deliver_sm receipts', (seq: number) => bytes('deliver_sm', { sequence_number: seq, source_addr: '1', destination_addr: '2', esm_class: 4, short_message: Buffer.from(`id:${seq} stat:DELIVRD`) })],
])('a flood of %s into a peer that never reads: output stays bounded and the link ends', async (_what, make) => {
  const { p, session, closed, maxQueued } = await deafPeerSession();
  const sent = flood(p.sockets[0]!, 1_000_000, make);
  const err = await closed;
  expect(err).toBeInstanceOf(LinkClosedError);
  expect(err!.message).toMatch(/^the SMSC 127\.0\.0\.1:\d+ read nothing we sent for 1s \(--response-timeout\): link stalled$/);
  // One answer past the cap at most (the check runs after every write).
  expect(maxQueued()).toBeLessThanOrEqual(MAX_QUEUED_BYTES + 1024);
  expect(await sent).toBeLessThan(1_000_000); // we stopped reading long before the end
}, 60_000);

it('submits waiting for drain into a peer that never reads end within --response-timeout (enquire-link 0)', async () => {
  const { session, closed } = await deafPeerSession({ window: 1000 });
  const payload = Buffer.alloc(60_000, 0x41);
  // 300 x 60 KB = 18 MB: more than loopback's socket buffers hold, so later submits wait for drain.
  const results = await Promise.all(
    Array.from({ length: 300 }, () => session.submit({ destination_addr: '1', message_payload: payload }).then(() => 'ok', (e: Error) => e)),
  );
  expect(await closed).toBeInstanceOf(LinkClosedError);
  // Written ones time out unanswered; those still waiting for drain were never written: "not
  // sent" (safe to send again), not "possibly sent", and they say why.
  expect(results.every((r) => r instanceof ResponseTimeoutError || r instanceof LinkClosedError)).toBe(true);
  const unsent = results.filter((r) => r instanceof LinkClosedError && !(r instanceof SubmitUnconfirmedError)) as Error[];
  expect(unsent.length).toBeGreaterThan(0);
  expect(unsent[0]!.message).toMatch(/is closed \(the SMSC .* read nothing we sent for 1s \(--response-timeout\): link stalled\): cannot submit$/);
});
