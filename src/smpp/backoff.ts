// Back-off between attempts (reconnects, retries of a temporary error): exponential, capped,
// jittered. Pure; shared by every command that reconnects or retries.

/**
 * Delay before retry number `attempt` (0 for the first retry): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that many senders retrying together spread out but none
 * retries at once. Pure: pass Math.random.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const full = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(full / 2 + random() * (full / 2));
}
