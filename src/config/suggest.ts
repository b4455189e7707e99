// "Did you mean ...?" for unknown flags and config keys: the nearest candidate by edit distance,
// only when it is near enough to be a plausible typo.

/** Levenshtein distance, case-insensitive (users type --System-Id as often as --system-id). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * The candidate nearest to `input`, or undefined when none is within a third of the input's
 * length (at least 1, at most 3 edits), or when one candidate starts with the input
 * (`--tp` -> `--tps`, `systemid` -> `systemId`).
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(input, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  if (best !== undefined && bestDistance <= limit) return best;
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower) && lower.length >= 2);
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
