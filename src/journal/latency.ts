// Delivery latency for `report`: percentiles and a histogram over fixed, human-sized buckets
// (a terminal picture reads better in "1-2m" than in equal-width bins). Pure.

export interface LatencyBucket {
  label: string;
  fromMs: number;
  toMs: number | null; // null: no upper bound
  count: number;
}

export interface LatencySummary {
  count: number; // parts delivered with a known send time
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  histogram: LatencyBucket[]; // from the first to the last bucket that holds any
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const EDGES: readonly [number, string][] = [
  [0, '<1s'], [S, '1-2s'], [2 * S, '2-5s'], [5 * S, '5-10s'], [10 * S, '10-30s'], [30 * S, '30s-1m'],
  [M, '1-2m'], [2 * M, '2-5m'], [5 * M, '5-10m'], [10 * M, '10-30m'], [30 * M, '30m-1h'], [H, '1-6h'],
  [6 * H, '6-24h'], [24 * H, '>1d'],
];

export function summarizeLatency(latencies: readonly number[]): LatencySummary | undefined {
  if (latencies.length === 0) return undefined;
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  const counts = EDGES.map(() => 0);
  for (const ms of sorted) {
    let i = EDGES.length - 1;
    while (i > 0 && ms < EDGES[i]![0]) i--;
    counts[i]!++;
  }
  const first = counts.findIndex((c) => c > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  const histogram: LatencyBucket[] = [];
  for (let i = first; i <= last; i++) {
    histogram.push({ label: EDGES[i]![1], fromMs: EDGES[i]![0], toMs: EDGES[i + 1]?.[0] ?? null, count: counts[i]! });
  }
  return { count: sorted.length, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1]!, histogram };
}

/** 950 ms, 12.3 s, 4m 05s, 2h 10m: short and exact enough to compare. */
export function formatLatency(ms: number): string {
  if (ms < S) return `${Math.round(ms)} ms`;
  if (ms < M) return `${(ms / S).toFixed(ms < 10 * S ? 1 : 0)} s`;
  if (ms < H) return `${Math.floor(ms / M)}m ${String(Math.round((ms % M) / S)).padStart(2, '0')}s`;
  return `${Math.floor(ms / H)}h ${String(Math.round((ms % H) / M)).padStart(2, '0')}m`;
}

/** A bar of at most `width` cells for value/max; any non-zero value shows at least one cell. */
export function bar(value: number, max: number, width = 24): string {
  if (value <= 0 || max <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((value / max) * width)));
}
