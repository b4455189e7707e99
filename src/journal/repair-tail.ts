// Before a run appends to a journal: what a crash mid-write left at its end.
import { fstatSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import { notAJournal } from './journal-file.js';
import { parseLine, TORN_RUN } from './records.js';

/**
 * Refuses a file whose first line is not a journal record (notes.txt is not a journal, and must
 * not be "repaired" to nothing). Then drops a torn last line (no newline, not JSON) after valid
 * records, and ends a complete one without newline.
 */
export function repairTail(fd: number, path: string): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const head = Buffer.alloc(Math.min(size, 1024 * 1024)); // a run record's argv can be long
  readSync(fd, head, 0, head.length, 0);
  const firstNl = head.indexOf(10);
  const first = head.subarray(0, firstNl === -1 ? head.length : firstNl).toString('utf8');
  if (parseLine(first) === undefined) {
    if (firstNl === -1 && size === head.length && TORN_RUN.test(first)) return ftruncateSync(fd, 0);
    throw notAJournal(path, 1, first);
  }
  const one = Buffer.alloc(1);
  readSync(fd, one, 0, 1, size - 1);
  if (one[0] === 10) return;
  // Find the start of the last line, reading backwards.
  const chunk = Buffer.alloc(64 * 1024);
  let start = 0;
  for (let end = size; end > 0 && start === 0; ) {
    const from = Math.max(0, end - chunk.length);
    const n = readSync(fd, chunk, 0, end - from, from);
    const nl = chunk.subarray(0, n).lastIndexOf(10);
    if (nl !== -1) start = from + nl + 1;
    end = from;
  }
  const tail = Buffer.alloc(size - start);
  readSync(fd, tail, 0, tail.length, start);
  if (parseLine(tail.toString('utf8')) !== undefined) writeSync(fd, '\n');
  else ftruncateSync(fd, start);
}
