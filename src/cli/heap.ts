// Keeps V8's heap small for runs that read many messages (issue 13, goal 4): a bulk run
// allocates per message, V8 lets the young generation grow to 2 x 16 MB and collects the old
// one late, so a 100,000-row CSV peaked at ~123 MB resident with ~10 MB alive. With these two
// the young generation stays at its first size (2 x 1 MB) and the old one is collected once it
// has grown by half. They are read whenever V8 sizes the heap, so set at run time they apply.
//
// Not at start, and never for a one-off send: setting any V8 flag at run time changes V8's
// flag hash, so from then on every compiled-code cache is refused, our bundle's
// (dist/bundle/smpp-send.cjs.cache) and Node's own for each built-in module loaded later
// (net, tls, crypto: ~3x their compile time). That was ~50 ms CPU of a one-message send.
// A bulk run pays it once, after the bundle is loaded, for what it loads after this point.
// The figures of the trade are in bench/README.md.
import { setFlagsFromString } from 'node:v8';

export const HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=50'];

/** Sets HEAP_FLAGS, unless the user gave heap flags of their own (NODE_OPTIONS or node's command line). */
export function keepHeapSmall(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = `${env.NODE_OPTIONS ?? ''} ${execArgv.join(' ')}`;
  if (/semi.space|heap.growing/.test(chosen)) return false;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
  return true;
}
