// Child processes for the benchmarks: every measured program runs in its own process, timed
// from spawn to exit by the parent, with its peak RSS (VmHWM) read from /proc while it runs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stealMark, stealSince } from './steal.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SEND = `${ROOT}bin/smpp-send.js`;
export const SIM = `${ROOT}bin/smpp-sim.js`;
export const SIM_USER = 'smpp-sim';
export const SIM_PASSWORD = 'sim-secret';

/** VmHWM (peak resident set) of a live process in kB, or undefined once it is gone. */
function peakRssKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, all threads) of a live process in ms, or undefined once it is gone. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14 and stime 15, in clock ticks (100 a second on Linux).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Runs `node ARGS` to completion. Resolves with its exit code, output, wall time (ms, spawn to
 * exit), the host's steal time meanwhile (percent, steal.js) and, with poll, its peak RSS in MB
 * and CPU time in ms, read from /proc every pollMs
 * (VmHWM is a high-water mark, so only growth in the last interval before exit is missed; the
 * CPU time likewise misses at most that last interval).
 */
export function runNode(args, { env = {}, poll = false, pollMs = 20, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const steal = stealMark();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let cpu = 0;
    child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    const poller = poll
      ? setInterval(() => {
          const kb = peakRssKb(child.pid);
          if (kb !== undefined && kb > peakKb) peakKb = kb;
          cpu = cpuMs(child.pid) ?? cpu;
        }, pollMs)
      : undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const wallMs = performance.now() - started;
      const stealPct = stealSince(steal);
      clearInterval(poller);
      clearTimeout(killer);
      // Let the pipes flush before resolving.
      child.on('close', () =>
        resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, wallMs, stealPct, ...(poll ? { peakRssMb: peakKb / 1024, cpuMs: cpu } : {}) }),
      );
    });
  });
}

/** Starts bin/smpp-sim.js on a free port in its own process; resolves once it listens. */
export function startSim(extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SIM, '--port', '0', '--quiet', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (s) => (err += s));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`smpp-sim exited (${code}) before listening: ${err.trim()}`)));
    child.stdout.setEncoding('utf8').on('data', function onData(s) {
      out += s;
      const m = /listening on smpp:\/\/[^:]+:(\d+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', onData);
      child.removeAllListeners('exit');
      child.stdout.resume();
      resolve({
        port: Number(m[1]),
        pid: child.pid,
        /** CPU time the simulator has used so far, in ms. */
        cpuMs: () => cpuMs(child.pid),
        /** SIGTERM, then wait for the exit (the sim closes its log file on the way out). */
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Runs fn with a fresh simulator, stopping it afterwards whatever happens. */
export async function withSim(extraArgs, fn) {
  const sim = await startSim(extraArgs);
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

/** smpp-send connection flags for a simulator. */
export function sendArgs(sim) {
  return [SEND, '--host', '127.0.0.1', '--port', String(sim.port), '--system-id', SIM_USER, '--no-progress'];
}

export const SEND_ENV = { SMPP_PASSWORD: SIM_PASSWORD };
