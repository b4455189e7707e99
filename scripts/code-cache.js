// Part of npm run build (scripts/bundle.js): runs the fresh bundle once as a cron job would,
// in-process, so V8 compiles what a one-message send needs, then serialises that compiled code
// (the code cache bin/smpp-send.js hands to V8). Then asks the bundle for its --help text.
// The send goes to the built-in simulator on 127.0.0.1; should it fail, the cache still holds
// what start-up compiled, and the build says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startSim } from '../dist/sim/index.js';

function sink() {
  return { text: '', isTTY: false, write(s) { this.text += s; return true; } };
}

/** bin: bin/smpp-send.js's exports. Resolves with { help, cache, warning? }. */
export async function warmUp(bin) {
  const { exports: cli, script } = bin.loadBundle();
  // An empty directory as cwd and HOME: no config file of the build machine takes part.
  const dir = mkdtempSync(join(tmpdir(), 'smpp-send-cache-'));
  const io = (argv, env = {}) => ({
    argv, env: { HOME: dir, ...env }, cwd: dir, stdin: Readable.from([]), stdinIsTTY: false, stdout: sink(), stderr: sink(),
  });
  let warning;
  try {
    const sim = await startSim();
    try {
      const args = ['--host', sim.host, '--port', String(sim.port), '--system-id', sim.systemId, '--to', '+447700900123', '--text', 'code cache warm-up'];
      const sendIo = io(args, { SMPP_PASSWORD: sim.password });
      const sent = await cli.main(sendIo);
      if (sent !== 0) warning = `warm-up send exited ${sent} (${sendIo.stderr.text.trim()}); the code cache covers start-up only`;
    } finally {
      await sim.close();
    }
    // The cache first: it holds what a send compiled, not the help path, which a lone --help
    // never loads the bundle for (bin/smpp-send.js).
    const cache = script.createCachedData();
    const helpIo = io(['--help']);
    const code = await cli.main(helpIo);
    if (code !== 0 || helpIo.stdout.text === '') throw new Error(`the bundle's --help exited ${code}: ${helpIo.stderr.text.trim()}`);
    return { help: helpIo.stdout.text, cache, warning };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
