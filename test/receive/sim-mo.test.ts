// smpp-sim --mo: MO injected from the command line, held until `smpp-send listen` binds.
import { spawn } from 'node:child_process';
import { expect, it, onTestFinished } from 'vitest';
import { jsonLines, runCli, SIM_BIN } from '../helpers/cli.js';


async function startSimProcess(args: string[]): Promise<number> {
  const child = spawn(process.execPath, [SIM_BIN, '--port', '0', '--quiet', ...args], { env: { ...process.env, SMPP_SIM_PASSWORD: 'pw' } });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on smpp:\/\/[\d.]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`smpp-sim exited ${code}`)));
  });
}

it('smpp-sim --mo FROM:TO:TEXT (colons in the text, ucs2, udh16) reaches a later listener', async () => {
  const port = await startSimProcess(['--mo', '+447700900123:12345:Hello: world', '--mo', '447700900124:12345:' + 'Жж'.repeat(50), '--mo-split', 'udh16']);
  const r = await runCli(['listen', '--port', String(port), '--system-id', 'smpp-sim', '--json', '--count', '2'], { env: { SMPP_PASSWORD: 'pw' } });
  expect(r.code, r.stderr).toBe(0);
  const mo = jsonLines(r.stdout).filter((l) => l.type === 'mo');
  expect(mo.map((m) => [m.from, m.text, m.encoding, m.parts])).toEqual([
    ['447700900123', 'Hello: world', 'gsm7', 1],
    ['447700900124', 'Жж'.repeat(50), 'ucs2', 2],
  ]);
});

it('smpp-sim --mo refuses a malformed value with one line and exit 2', async () => {
  const child = spawn(process.execPath, [SIM_BIN, '--port', '0', '--mo', 'no-colons']);
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(2);
  expect(err).toBe('smpp-sim: --mo: "no-colons" is not FROM:TO:TEXT; write e.g. --mo +447700900123:12345:STOP\n');
});
