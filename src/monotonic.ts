// A monotonic clock in milliseconds, for deadlines and pacing. process.hrtime, not
// performance.now(): the first use of the `performance` global loads perf_hooks and a dozen
// modules behind it, a few ms of a one-message send's start-up.

/** Milliseconds from an arbitrary fixed point; never goes back. */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1000 + ns / 1e6;
}
