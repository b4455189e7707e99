// Delivery latency for `report` (issue 12): percentiles, histogram buckets, the bars, and the
// latencies the journal state measures (first send to the final DELIVRD receipt, per part).
import { describe, expect, it } from 'vitest';
import { bar, formatLatency, summarizeLatency } from '../../src/journal/latency.js';
import { JournalState } from '../../src/journal/journal-state.js';

describe('summarizeLatency', () => {
  it('is undefined without deliveries', () => expect(summarizeLatency([])).toBeUndefined());

  it('takes nearest-rank percentiles', () => {
    const ms = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000); // 1 s .. 100 s
    expect(summarizeLatency(ms)).toMatchObject({ count: 100, p50Ms: 50_000, p90Ms: 90_000, p99Ms: 99_000, maxMs: 100_000 });
  });

  it('counts into human buckets, from the first to the last used one', () => {
    const h = summarizeLatency([500, 1500, 1999, 45_000])!.histogram;
    expect(h.map((b) => [b.label, b.count])).toEqual([['<1s', 1], ['1-2s', 2], ['2-5s', 0], ['5-10s', 0], ['10-30s', 0], ['30s-1m', 1]]);
    expect(summarizeLatency([3 * 86_400_000])!.histogram).toEqual([{ label: '>1d', fromMs: 86_400_000, toMs: null, count: 1 }]);
  });
});

describe('formatLatency and bar', () => {
  it.each([[950, '950 ms'], [1234, '1.2 s'], [42_000, '42 s'], [245_000, '4m 05s'], [7_800_000, '2h 10m']])('%d ms -> %s', (ms, text) =>
    expect(formatLatency(ms)).toBe(text));
  it.each([[0, 10, ''], [1, 1000, '█'], [5, 10, '████████████'], [10, 10, '█'.repeat(24)]])('bar(%d, %d)', (v, max, text) =>
    expect(bar(v, max)).toBe(text));
});

describe('JournalState({ latency: true })', () => {
  const K = 'ab'.repeat(8) + '#1';
  const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, s)).toISOString();
  it('measures from the first send of a part to its final DELIVRD receipt, not to failures or intermediates', () => {
    const st = new JournalState({ latency: true });
    st.apply({ ev: 'queued', key: K, to: '1', parts: 3, ref: 1, t: at(0) });
    for (const part of [0, 1, 2]) st.apply({ ev: 'sending', key: K, part, t: at(0) });
    st.apply({ ev: 'sending', key: K, part: 0, t: at(5) }); // a resend: the first send counts
    st.apply({ ev: 'receipt', key: K, part: 0, id: 'a', state: 'ENROUTE', t: at(2) });
    st.apply({ ev: 'receipt', key: K, part: 0, id: 'a', state: 'DELIVRD', t: at(7) });
    st.apply({ ev: 'receipt', key: K, part: 0, id: 'a', state: 'DELIVRD', t: at(9) }); // duplicate receipt
    st.apply({ ev: 'receipt', key: K, part: 1, id: 'b', state: 'UNDELIV', t: at(3) });
    st.apply({ ev: 'receipt', key: K, part: 2, id: 'c', state: 'delivered', t: at(4) });
    expect(st.latencies).toEqual([7000, 4000]);
    expect(new JournalState().latencies).toEqual([]); // off unless asked: a resume pays nothing
  });
});
