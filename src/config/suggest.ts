// "Did you mean ...?" for unknown flags and config keys: the nearest candidate by edit distance,
// only when it is near enough to be a plausible typo.

/** Edit distance counting a swap of neighbours as one edit (prot -> port), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate nearest to `input`, or undefined when none is within a third of the input's
 * length (at least 1, at most 3 edits), or when exactly one candidate starts with the input
 * (`--max` -> `--max-parts`).
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const isPrefix = (c: string) => lower.length >= 2 && c.toLowerCase().startsWith(lower);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(input, c);
    // On a tie, a candidate the input is the start of wins: --tp is --tps cut short, not --to.
    if (d < bestDistance || (d === bestDistance && best !== undefined && isPrefix(c) && !isPrefix(best))) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  if (best !== undefined && bestDistance <= limit) return best;
  const prefixed = candidates.filter(isPrefix);
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
