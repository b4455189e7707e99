import { describe, expect, it } from 'vitest';
import { ArrivalLog, HOLD_MS, LATE_MS } from '../../src/send/arrival-log.js';

/** Tickets taken at the given times. */
function logWith(times: number[], capacity = 16): ArrivalLog {
  const log = new ArrivalLog(capacity);
  for (const t of times) log.add(t);
  return log;
}

describe('ArrivalLog', () => {
  it('bounds an arrival by its answer less the smallest round trip', () => {
    const log = logWith([0, 10, 20]);
    log.end(0, 2, 'answered'); // round trip 2
    log.end(1, 30, 'answered'); // answered 20 ms late: it may have arrived at 28
    log.end(2, 23, 'answered');
    expect(log.arrivedBy(0, 100)).toBe(0);
    expect(log.arrivedBy(1, 100)).toBe(28);
    // Sent after ticket 1 on the same connection, ticket 2 arrived after it: 28, not 21.
    expect(log.arrivedBy(2, 100)).toBe(28);
  });

  it('never bounds an arrival before its send', () => {
    const log = logWith([0, 50]);
    log.end(0, 40, 'answered'); // a slow first answer
    log.end(1, 51, 'answered'); // round trip 1 from now on
    expect(log.arrivedBy(0, 100)).toBe(39);
    expect(log.arrivedBy(1, 100)).toBe(50);
  });

  it('applies the round trip when asked, so the slow first answers of a run do not make early bounds', () => {
    const log = logWith([0, 10]);
    log.end(0, 30, 'answered'); // cold start: 30 ms
    expect(log.arrivedBy(0, 40)).toBe(0); // its own round trip is all we know yet
    log.end(1, 11, 'answered'); // warm: 1 ms
    expect(log.arrivedBy(0, 40)).toBe(29);
  });

  it('holds while a ticket up to the one asked is overdue, and for HOLD_MS at most', () => {
    const log = logWith([0, 10, 20]);
    log.end(0, 1, 'answered'); // round trips of 1 ms: an answer is due within 1 + LATE_MS
    log.end(2, 21, 'answered');
    expect(log.arrivedBy(2, 50)).toBe(20); // ticket 1's answer is not due yet: as sent
    expect(log.arrivedBy(2, 10 + 1 + LATE_MS + 1)).toBe(Infinity); // overdue: it may be in a lump to come
    expect(log.holdUntil()).toBe(10 + 1 + LATE_MS + HOLD_MS);
    expect(log.arrivedBy(0, 500)).toBe(0); // earlier tickets are known
    log.end(1, 600, 'answered');
    expect(log.arrivedBy(2, 700)).toBe(599);
    // Never answered: counts as sent once the hold is over.
    const silent = logWith([0, 10]);
    silent.end(0, 1, 'answered');
    expect(silent.arrivedBy(1, 10 + 1 + LATE_MS + HOLD_MS - 1)).toBe(Infinity);
    expect(silent.arrivedBy(1, 10 + 1 + LATE_MS + HOLD_MS)).toBe(10);
  });

  it('does not hold for an SMSC slow to answer but steady: its answers are due later', () => {
    const times = Array.from({ length: 20 }, (_, i) => i * 200); // 5 a second, answered 1.5 s later
    const log = logWith(times);
    for (let i = 0; i < 10; i++) log.end(i, times[i]! + 1500, 'answered');
    const now = times[9]! + 1500;
    // Ticket 14 (sent 1 s before now) is unanswered, as usual here: taken as arrived when sent.
    expect(log.arrivedBy(14, now)).toBe(times[14]);
  });

  it('takes no bound from a submit lost or never written', () => {
    const log = logWith([0, 10, 20]);
    log.end(0, 1, 'answered');
    log.end(1, 900, 'lost'); // a timeout's time says nothing of when it arrived
    log.end(2, 20, 'unsent');
    expect(log.arrivedBy(1, 1000)).toBe(10);
    expect(log.arrivedBy(2, 1000)).toBe(20);
  });

  it('forgets tickets past its capacity (unanswered ones count as sent) and keeps the rest when grown', () => {
    const log = new ArrivalLog(4);
    for (let t = 0; t < 6; t++) log.add(t * 10); // tickets 0 and 1 fall out unanswered
    expect(log.arrivedBy(1, 60)).toBe(-Infinity);
    for (let t = 2; t < 6; t++) log.end(t, t * 10 + 1, 'answered');
    log.grow(16);
    expect(log.capacity).toBe(16);
    expect(log.arrivedBy(5, 60)).toBe(50);
    log.end(5, 99, 'answered'); // answered twice: the first answer stands
    expect(log.arrivedBy(5, 60)).toBe(50);
  });
});
