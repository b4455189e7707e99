// Temporary folders that remove themselves: one per test (testDir) or one per file or describe
// (useTempDir). Nothing a test writes outlives its run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished, TestRunner } from 'vitest';

function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Folders made outside any test (in a beforeAll) go when the file's tests are done. Registered
// when this module is first imported, that is while the test file is being collected.
const madeOutsideTests: (() => void)[] = [];
afterAll(() => {
  for (const remove of madeOutsideTests.splice(0)) remove();
});

/**
 * A fresh folder, removed when the running test ends (called in a test or a beforeEach), or
 * after the file's last test (called in a beforeAll).
 */
export function testDir(prefix = 'smpp-test-'): string {
  const { dir, remove } = makeTempDir(prefix);
  if (TestRunner.getCurrentTest()) onTestFinished(remove);
  else madeOutsideTests.push(remove);
  return dir;
}

/** A journal path (j.jsonl) in a fresh folder, removed when the running test ends. */
export function testJournal(): string {
  return join(testDir('smpp-journal-'), 'j.jsonl');
}

/** A folder created now (at file or describe level), removed after that scope's last test. */
export function useTempDir(prefix = 'smpp-test-'): string {
  const { dir, remove } = makeTempDir(prefix);
  afterAll(remove);
  return dir;
}
