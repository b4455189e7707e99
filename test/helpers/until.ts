// The one way a test waits for something that happens asynchronously (a PDU the simulator logs,
// a session that closes). Always bounded, and the error says what never happened, which a bare
// vitest timeout does not.
const POLL_MS = 5;

/** Resolves once `cond()` holds (polled every 5 ms); rejects "timed out waiting for <what>" after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
