// The harness itself: what it starts is gone after the test, and until() always ends.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../../src/sim/index.js';
import { startTestSim, useSim } from './sim.js';
import { testDir, useTempDir } from './temp-dir.js';
import { until } from './until.js';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}

describe('startTestSim and testDir', () => {
  let sim: Sim | undefined;
  let dir = '';
  it('start a simulator and a folder for the test', async () => {
    sim = await startTestSim();
    dir = testDir();
    expect(await accepts(sim.port)).toBe(true);
    expect(existsSync(dir)).toBe(true);
  });
  it('closed and removed them when that test ended', async () => {
    expect(await accepts(sim!.port)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('useSim', () => {
  const sim = useSim({ systemId: 'each' });
  const ports: number[] = [];
  it('gives each test its own running simulator (first)', async () => {
    expect(sim().systemId).toBe('each');
    ports.push(sim().port);
  });
  it('gives each test its own running simulator (second)', async () => {
    ports.push(sim().port);
    expect(ports[1]).not.toBe(ports[0]);
    expect(await accepts(ports[0]!)).toBe(false);
    expect(await accepts(ports[1]!)).toBe(true);
  });
});

describe('testDir in a beforeAll', () => {
  let dir = '';
  beforeAll(() => {
    dir = testDir();
  });
  it('lives past the first test of the file (first)', () => expect(existsSync(dir)).toBe(true));
  it('lives past the first test of the file (second)', () => expect(existsSync(dir)).toBe(true));
});

describe('useTempDir', () => {
  const dir = useTempDir();
  it('is one folder for the whole describe', () => expect(existsSync(dir)).toBe(true));
});

describe('until', () => {
  it('resolves once the condition holds', async () => {
    let n = 0;
    await until(() => ++n > 3, 'three polls');
    expect(n).toBe(4);
  });
  it('rejects at its deadline, naming what it waited for', async () => {
    await expect(until(() => false, 'the moon', 30)).rejects.toThrow(/timed out after 30 ms waiting for the moon/);
  });
});
