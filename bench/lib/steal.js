// Host steal time: on a virtual machine, the time its CPUs were ready to run but the host gave
// them to someone else. Shared machines drift by 1.5x within a minute; steal says how much of a
// figure was the neighbours (0-49% per run was seen here), which the load average does not.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** A mark to measure from: steal ticks so far (Linux /proc/stat, 100 a second) and the time. */
export function stealMark() {
  let ticks = 0;
  try {
    ticks = Number(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/)[8]) || 0;
  } catch {
    // not Linux: no steal figure (0)
  }
  return { ticks, ms: performance.now() };
}

/** Percent of the machine's CPU time stolen since the mark. */
export function stealSince(mark) {
  const now = stealMark();
  const ms = now.ms - mark.ms;
  return ms > 0 ? ((now.ticks - mark.ticks) * 10 * 100) / (ms * cpus().length) : 0;
}
