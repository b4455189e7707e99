// The built CLI as scripts/bundle.js makes it and bin/smpp-send.js starts it: one CommonJS file
// with a V8 code cache, packages loaded only when needed, a lone --help or --version answered
// without loading it, and the same answers as the full CLI. Everything runs the real build.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { startSim } from '../../src/sim/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/smpp-send.js');
const BUNDLE = join(ROOT, 'dist/bundle/smpp-send.cjs');
const run = promisify(execFile);

/** Runs a CommonJS snippet in a fresh node in dir; its stdout as JSON. */
async function probe(code: string, dir = ROOT): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['-e', code], { cwd: dir });
  return JSON.parse(stdout);
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

it('bin/ is CommonJS, so starting smpp-send needs no ES module loader', () => {
  expect(JSON.parse(readFileSync(join(ROOT, 'bin/package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
  const bundle = readFileSync(BUNDLE, 'utf8');
  expect(bundle).toMatch(/^\/\/ build [0-9a-f]{16}\n/);
  // Every import() of a package or of our own modules became require(); what is left loads a
  // user's config file written in JavaScript.
  expect(bundle).not.toMatch(/\bimport\(["'`]/);
});

it('loading the bundle uses its code cache, and it loads no package up to --help', async () => {
  const loaded = (await probe(`
    const { loadBundle } = require('./bin/smpp-send.js');
    const { script, exports } = loadBundle();
    const packages = () => Object.keys(require.cache).filter((f) => f.includes('node_modules')).map((f) => f.replace(/^.*node_modules\\//, '').split('/')[0]);
    const atStart = packages();
    exports.main({ argv: ['--help'], env: {}, cwd: process.cwd(), stdin: process.stdin, stdinIsTTY: false, stdout: { write() {} }, stderr: { write() {} } })
      .then(() => console.log(JSON.stringify({ rejected: script.cachedDataRejected, atStart, afterHelp: packages(), exports: Object.keys(exports).sort() })));
  `)) as Record<string, unknown>;
  expect(loaded).toEqual({ rejected: false, atStart: [], afterHelp: [], exports: ['describeError', 'main', 'runCli'] });
});

it('a one-message send loads neither child_process (commander) nor fs/promises, which it never calls', async () => {
  const sim = await startSim();
  try {
    const argv = ['--host', sim.host, '--port', String(sim.port), '--system-id', sim.systemId, '--to', '+447700900123', '--text', 'hi'];
    const result = (await probe(`
      const { exports } = require('./bin/smpp-send.js').loadBundle();
      const out = { text: '', write(s) { this.text += s; } };
      exports.main({ argv: ${JSON.stringify(argv)}, env: { SMPP_PASSWORD: ${JSON.stringify(sim.password)} }, cwd: process.cwd(), stdin: process.stdin, stdinIsTTY: false, stdout: out, stderr: out })
        .then((code) => console.log(JSON.stringify({ code, loaded: process.moduleLoadList.filter((m) => ['NativeModule child_process', 'NativeModule fs/promises'].includes(m)) })));
    `)) as { code: number; loaded: string[] };
    expect(result).toEqual({ code: 0, loaded: [] });
    expect(sim.messages).toHaveLength(1);
  } finally {
    await sim.close();
  }
});

it('a one-message send from bin/ builds no process.stdin and loads no perf_hooks, and no tls or crypto over plain TCP (start-up it does not need)', async () => {
  const sim = await startSim();
  const dir = mkdtempSync(join(tmpdir(), 'smpp-send-modules-'));
  temps.push(dir);
  try {
    // stdin is /dev/null, as under cron: process.stdin would be an fs.ReadStream (internal/fs/streams).
    // tls (and crypto behind it) only for a TLS link: src/smpp/connect.ts and node-smpp (scripts/bundle.js).
    const watched = ['NativeModule perf_hooks', 'NativeModule internal/fs/streams', 'NativeModule v8', 'NativeModule tls', 'NativeModule crypto'];
    writeFileSync(join(dir, 'probe.cjs'), `process.on('exit', () => require('node:fs').writeSync(2, 'LOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => ${JSON.stringify(watched)}.includes(m))) + '\\n'));`);
    const argv = ['--host', sim.host, '--port', String(sim.port), '--system-id', sim.systemId, '--to', '+447700900123', '--text', 'hi'];
    const child = spawn(process.execPath, ['--require', join(dir, 'probe.cjs'), BIN, ...argv], { env: { ...process.env, SMPP_PASSWORD: sim.password }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(stderr).toMatch(/^LOADED \[\]$/m);
    expect(sim.messages).toHaveLength(1);
  } finally {
    await sim.close();
  }
});

it('a code cache from another build is never used, even for a bundle of the same length', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-send-bundle-'));
  temps.push(dir);
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist/bundle'), join(dir, 'dist/bundle'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const check = `const { script, exports } = require('./bin/smpp-send.js').loadBundle();
    console.log(JSON.stringify({ rejected: script.cachedDataRejected ?? 'not offered', main: typeof exports.main }));`;
  expect(await probe(check, dir)).toEqual({ rejected: false, main: 'function' });
  // Same length, other build id: V8 alone would accept the cache (it checks the length).
  const file = join(dir, 'dist/bundle/smpp-send.cjs');
  const src = readFileSync(file, 'utf8');
  const id = /^\/\/ build ([0-9a-f]{16})/.exec(src)![1]!;
  const other = [...id].map((c) => (c === '0' ? '1' : '0')).join('');
  writeFileSync(file, src.replace(id, other));
  expect(await probe(check, dir)).toEqual({ rejected: 'not offered', main: 'function' });
  writeFileSync(`${file}.cache`, Buffer.from('too short'));
  writeFileSync(file, src);
  expect(await probe(check, dir)).toEqual({ rejected: 'not offered', main: 'function' });
});

it.each([
  { file: 'smpp.config.mjs', text: 'export default { prot: 2775 };' },
  { file: 'smpp.config.cjs', text: 'module.exports = { prot: 2775 };' },
])('a config file written in JavaScript ($file) is imported through bin/', async ({ file, text }) => {
  const dir = mkdtempSync(join(tmpdir(), 'smpp-send-jsconfig-'));
  temps.push(dir);
  writeFileSync(join(dir, file), text);
  const args = [BIN, '--config', file, '--to', '+447700900123', '--text', 'hi', '--dry-run'];
  const failed = await run(process.execPath, args, { cwd: dir }).then(() => undefined, (err: { code: number; stderr: string }) => err);
  expect(failed?.code).toBe(3);
  expect(failed?.stderr).toBe(`error: unknown key prot in ${join(dir, file)} (did you mean port?)\n`);
});

it.each([
  { quick: ['--help'], full: ['--no-color', '--help'] },
  { quick: ['-h'], full: ['--debug', '-h'] },
  { quick: ['--version'], full: ['--no-color', '--version'] },
  { quick: ['-V'], full: ['-V', '--debug'] },
])('$quick alone prints what the full CLI prints for $full', async ({ quick, full }) => {
  const [fast, slow] = await Promise.all([run(process.execPath, [BIN, ...quick]), run(process.execPath, [BIN, ...full])]);
  expect(fast.stdout.length).toBeGreaterThan(5);
  expect(fast).toEqual(slow);
});

it('the help text bin/ prints is the one the bundle renders now', async () => {
  const { stdout } = await run(process.execPath, [BIN, '--help', '--no-color']);
  expect(readFileSync(join(ROOT, 'dist/bundle/help.txt'), 'utf8')).toBe(stdout);
});

it('THIRD-PARTY-LICENSES.txt carries the licence of every bundled package', () => {
  const banner = readFileSync(BUNDLE, 'utf8').split('\n')[1]!;
  const names = /bundles (.*): licences in THIRD-PARTY-LICENSES\.txt/.exec(banner)![1]!.split(', ');
  expect(names).toEqual(expect.arrayContaining(['commander', 'chalk', 'log-update']));
  const text = readFileSync(join(ROOT, 'dist/bundle/THIRD-PARTY-LICENSES.txt'), 'utf8');
  for (const name of names) expect(text).toMatch(new RegExp(`\\n${name} \\d+\\.\\d+\\.\\d+ \\((MIT|ISC|Apache-2\\.0|BSD-\\d-Clause)\\)\\n\\n\\S`));
  expect(text.split('-'.repeat(78)).length - 1).toBe(names.length);
});
