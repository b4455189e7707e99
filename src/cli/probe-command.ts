// `smpp-send probe [options]`: what an integrator needs to know about an SMSC before the first
// campaign (src/probe/). Lines on stdout as a report, or (--json) one object; a failed step is
// one line on stderr and its exit code (connection 4, bind 5, rejected 6, receipts 7).
import type { ProbeCommand } from './load-settings.js';
import { probeJson, probeLines } from '../probe/report.js';
import { runProbe } from '../probe/steps.js';
import { EXIT } from '../exit-codes.js';
import { describeError } from './failure.js';
import type { Io } from './io.js';

export async function probeCommand(loaded: ProbeCommand, io: Io, signal?: AbortSignal): Promise<number> {
  const s = loaded.settings;
  const warnings = [...loaded.warnings];
  if (s.to.length > 1) warnings.push(`probe sends one message: only to ${s.to[0]}, not to the ${s.to.length - 1} other --to`);
  if (s.to.length > 0 && s.bind === 'transmitter') warnings.push('a transmitter bind receives no receipts: the probe will wait in vain; use --bind transceiver');
  const trace = s.debug ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
  const describe = (err: unknown) => describeError(err, false);
  const report = await runProbe(s, { describe, ...(signal ? { signal } : {}), ...(trace ? { trace } : {}) });
  if (s.json) {
    io.stdout.write(`${JSON.stringify({ ...probeJson(report, new Date()), warnings })}\n`);
  } else {
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    const lines = probeLines(report);
    if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
  }
  if (report.error) io.stderr.write(`error: ${report.error.message}\n`);
  if (signal?.aborted) return EXIT.interrupted;
  return report.error?.exitCode ?? EXIT.ok;
}
