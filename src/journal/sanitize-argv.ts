// A run record keeps the command line so `report` can say how to resume the job; it must never
// keep a password with it (the journal is a plain file, and its lines get pasted into tickets).
import { MASK } from '../errors.js';

const SECRET_FLAG = /pass(word)?|secret|token/i;

/** argv fit for the journal: --password (and any secret-looking flag) dropped with its value. */
export function sanitizeArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^--?([^=]+)(=.*)?$/s.exec(arg);
    if (flag && SECRET_FLAG.test(flag[1]!)) {
      if (flag[2] === undefined) i++; // the value is the next argument
      continue;
    }
    out.push(arg.replace(/(\w+:\/\/[^:/@\s]*):[^@/\s]*@/g, `$1:${MASK}@`)); // credentials in a URL
  }
  return out;
}
