// Same class as issue 8.7: a malformed JSONL batch row is skipped with its column and problem,
// not with JSON.parse's message, which quotes the row's text around the fault.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectExit, useCli } from '../helpers/e2e.js';
import { runMain } from '../helpers/in-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const cli = useCli(runMain);
const dir = useTempDir('smpp-jsonl-quote-');

it('a bad row: skipped with "column N: problem", never its text', async () => {
  const file = join(dir, 'batch.jsonl');
  writeFileSync(file, '{"to": "+447700900123", "text": "ok"}\n{"to": "+447700900124", "text": Your code is 482913}\n');
  const r = await cli(['--batch', file, '--dry-run', '--json']);
  expectExit(r, 6);
  const skipped = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; reason?: string; line?: number }).filter((l) => l.type === 'skipped');
  expect(skipped).toEqual([expect.objectContaining({ line: 2, reason: 'not valid JSON (column 33: unexpected character where a value should be (text values need "double quotes"))' })]);
  expect(r.stdout + r.stderr).not.toContain('482913');
});
