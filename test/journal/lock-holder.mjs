// A process that takes a journal's lock (the built dist/journal/lock.js), says whether it got it,
// and holds it until its stdin ends. For the race test in lock.test.ts.
import { JournalLock } from '../../dist/journal/lock.js';

const [journal] = process.argv.slice(2);
try {
  const lock = JournalLock.acquire(journal);
  process.stdout.write('got\n');
  process.stdin.on('end', () => lock.release()).resume();
} catch (err) {
  process.stdout.write(`${err.exitCode === 9 ? 'locked' : `error ${err.message}`}\n`);
  process.stdin.resume();
}
