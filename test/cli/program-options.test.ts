// parseArgs registers with commander only the options the arguments name (program.ts,
// optionsNamed). For random argument lists built from the option table (values that look like
// flags, --flag=value, short flags, groups, unknown flags, negative numbers, --, receive words,
// repeated options) it must read them exactly as with all the options registered.
import { describe, expect, it } from 'vitest';
import { OPTIONS, RECEIVE_COMMANDS } from '../../src/config/options.js';
import { parseArgs } from '../../src/cli/program.js';
import { seeded } from '../helpers/seeded.js';

function outcome(argv: string[], all: boolean): unknown {
  try {
    return parseArgs(argv, {}, all ? OPTIONS : undefined);
  } catch (err) {
    return { threw: (err as Error).constructor.name, message: (err as Error).message };
  }
}

function randomArgv(next: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const flags = OPTIONS.flatMap((o) => (o.short ? [o.flag, o.short] : [o.flag]));
  const values = ['x', '5', '-1', '-q', '--json', '+447700900123', 'a=b', '', '-', '--'];
  const argv: string[] = next() < 0.2 ? [pick(RECEIVE_COMMANDS)] : [];
  for (let n = Math.floor(next() * 7); n > 0; n--) {
    const r = next();
    if (r < 0.55) argv.push(pick(flags));
    else if (r < 0.65) argv.push(`${pick(OPTIONS).flag}=${pick(values)}`);
    else if (r < 0.72) argv.push(pick(['-qn', '-tfoo', '-Hhost', '--nope', '-5', '-x', '--help', '-V', '--to=']));
    else argv.push(pick(values));
  }
  return argv;
}

describe('parseArgs with the options the arguments name', () => {
  it.each([1, 2, 3, 4])('reads 1,000 random argument lists as with all options (seed %i)', (seed) => {
    const next = seeded(seed);
    for (let i = 0; i < 1000; i++) {
      const argv = randomArgv(next);
      expect(outcome(argv, false), JSON.stringify(argv)).toEqual(outcome(argv, true));
    }
  });
});
