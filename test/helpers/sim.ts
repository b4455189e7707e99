// The simulator's lifecycle in tests. Everything started here closes when the running test ends
// (vitest's onTestFinished), so a test file needs no afterEach and a failed assertion cannot
// leave a listening socket behind for the next test.
import { beforeEach, onTestFinished } from 'vitest';
import { startSim, type Sim, type SimOptions } from '../../src/sim/index.js';

/** Starts a simulator that closes when the running test ends. Call it in a test or a beforeEach. */
export async function startTestSim(opts: SimOptions = {}): Promise<Sim> {
  const sim = await startSim(opts);
  onTestFinished(() => sim.close());
  return sim;
}

/**
 * A fresh simulator for every test of the enclosing file or describe, started before the test
 * and closed after it. Returns a getter for the running test's simulator.
 */
export function useSim(opts: SimOptions = {}): () => Sim {
  let current: Sim | undefined;
  beforeEach(async () => {
    const sim = await startTestSim(opts);
    current = sim;
    onTestFinished(() => {
      if (current === sim) current = undefined;
    });
  });
  return () => {
    if (!current) throw new Error('useSim: no simulator outside a test');
    return current;
  };
}
