// Keeps V8's heap small for runs that read many messages (issue 13, goal 4): a bulk run
// allocates per message, V8 lets the young generation grow to 2 x 16 MB and collects the old
// one late, so a 100,000-row CSV peaked at ~123 MB resident with ~10 MB alive. Here the old
// generation is collected once it has grown by half, and the young one may grow to 2 x 4 MB
// and is then held there.
//
// Why 2 x 4 MB: at 2 x 1 MB (where it starts) a 100,000-message run makes ~800 scavenges and
// spends ~3x the raw node-smpp client's time in them; 2 x 4 MB costs ~6 MB of RSS. V8 has no
// run-time cap (`--max-semi-space-size` is read once, at start), but it reads
// `--semi-space-growth-factor` each time it grows the young generation: it doubles it as
// objects survive (2 x 4 MB within ~0.2 s of a bulk run), so we watch it and set the factor
// to 1 once it is there. The figures of the trade are in bench/README.md.
//
// Not at start, and never for a one-off send: setting any V8 flag at run time changes V8's
// flag hash, so from then on every compiled-code cache is refused, our bundle's
// (dist/bundle/smpp-send.cjs.cache) and Node's own for each built-in module loaded later
// (net, tls, crypto: ~3x their compile time). That was ~50 ms CPU of a one-message send.
// A bulk run pays it once, after the bundle is loaded, for what it loads after this point.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

export const HEAP_FLAGS = ['--heap-growing-percent=50'];
/** The young generation's size (both semi-spaces) at which it stops growing. */
export const NEW_SPACE_HELD = 2 * 4 * 1024 * 1024;
const HOLD_NEW_SPACE = '--semi-space-growth-factor=1';
/** How often to look: V8 doubles the young generation at most every ~0.1 s in a bulk run. */
const WATCH_MS = 5;

/** Sets HEAP_FLAGS and holds the young generation at NEW_SPACE_HELD, unless the user gave heap flags of their own (NODE_OPTIONS or node's command line). */
export function keepHeapSmall(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  const chosen = `${env.NODE_OPTIONS ?? ''} ${execArgv.join(' ')}`;
  if (/semi.space|heap.growing/.test(chosen)) return false;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
  if (!holdNewSpace()) {
    const watch = setInterval(() => holdNewSpace() && clearInterval(watch), WATCH_MS);
    watch.unref(); // a short run ends before the young generation grows
  }
  return true;
}

function holdNewSpace(): boolean {
  const size = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? NEW_SPACE_HELD;
  if (size < NEW_SPACE_HELD) return false;
  setFlagsFromString(HOLD_NEW_SPACE);
  return true;
}
