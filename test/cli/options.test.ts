import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/settings.js';
import { CONFIG_OPTIONS, GROUP_TITLES, OPTIONS, configKey, defaultLabel } from '../../src/config/options.js';
import { parseArgs } from '../../src/cli/program.js';
import { EXAMPLES, renderHelp, renderReportHelp } from '../../src/cli/help.js';
import { UsageError } from '../../src/errors.js';

// Every Settings field, checked by the compiler both ways (a missing or extra key fails tsc).
const SETTINGS_KEYS: Record<keyof Settings, true> = {
  host: true, port: true, tls: true, ca: true, insecure: true, systemId: true, password: true,
  systemType: true, interfaceVersion: true, bind: true, addressRange: true, addrTon: true,
  addrNpi: true, connectTimeoutMs: true, responseTimeoutMs: true, enquireLinkMs: true, binds: true,
  window: true, tps: true, retries: true, retryDelayMs: true, reconnectAttempts: true,
  reconnectDelayMs: true, atMostOnce: true, from: true, fromTon: true, fromNpi: true, to: true,
  toTon: true, toNpi: true, toFile: true, batch: true, batchFormat: true, toColumn: true, delimiter: true, text: true,
  hex: true, udh: true, coding: true, smscAlphabet: true, transliterate: true, flash: true,
  split: true, maxParts: true, validity: true, schedule: true, priority: true, tlv: true,
  serviceType: true, strict: true, allowDuplicates: true, journal: true, allowJobChange: true, wait: true, receipt: true,
  count: true, timeout: true, reassemblyTimeoutMs: true, exec: true, execConcurrency: true,
  acceptd: true, json: true, quiet: true, debug: true, color: true, dryRun: true, progress: true,
};

describe('OPTIONS', () => {
  it('covers every Settings field once, plus --config and --profile', () => {
    const keys = OPTIONS.map((o) => o.key).sort();
    expect(keys).toEqual([...Object.keys(SETTINGS_KEYS), 'config', 'profile'].sort());
  });

  it.each([
    ['flag', OPTIONS.map((o) => o.flag)],
    ['short flag', OPTIONS.flatMap((o) => (o.short ? [o.short] : [])).concat('-h', '-V')],
    ['environment variable', OPTIONS.flatMap((o) => (o.env ? [o.env] : []))],
    ['config key', OPTIONS.map(configKey)],
  ])('has no duplicate %s', (_what, names) => expect(new Set(names).size).toBe(names.length));

  it.each(OPTIONS.map((o) => [o.flag, o] as const))('%s is complete and its default parses', (_flag, o) => {
    expect(o.describe.length).toBeGreaterThan(8);
    expect(GROUP_TITLES[o.group]).toBeDefined();
    expect(o.flag).toMatch(/^--[a-z][a-z0-9-]*$/);
    if (o.env) expect(o.env).toMatch(/^SMPP_[A-Z_]+$/);
    if (o.choices) for (const c of o.choices) expect(o.parse(c, { now: new Date() })).toBe(c);
    // A default must be a value its own parser could have produced (durations are stored in ms;
    // '' and [] mean "not given", which no flag can say).
    const unset = o.default === '' || (Array.isArray(o.default) && o.default.length === 0);
    if (o.default !== undefined && !unset && !o.key.endsWith('Ms')) expect(o.parse(o.default, { now: new Date() })).toEqual(o.default);
  });

  it('names config keys after the flags', () => {
    expect([...CONFIG_OPTIONS.keys()]).toEqual(expect.arrayContaining(['systemId', 'connectTimeout', 'retryDelay', 'color', 'progress', 'to']));
    expect(CONFIG_OPTIONS.has('text')).toBe(false);
    expect(CONFIG_OPTIONS.has('config')).toBe(false);
  });

  it('never shows a secret default', () => {
    for (const o of OPTIONS.filter((x) => x.secret)) expect(defaultLabel(o)).toBe('');
  });
});

describe('parseArgs', () => {
  it.each<[string[], object]>([
    [['--to', '+441,+442', '--to', '+443', '--text', 'hi'], { to: ['+441,+442', '+443'], text: 'hi' }],
    [['-t', '+441', '-m', 'hi', '-qn'], { to: ['+441'], text: 'hi', quiet: true, dryRun: true }],
    [['--wait'], { wait: true }],
    [['--wait', '10m', '--to', 'x'], { wait: '10m', to: ['x'] }],
    [['--wait', '--to', 'x'], { wait: true, to: ['x'] }],
    [['-w5m'], { wait: '5m' }],
    [['--text', '-'], { text: '-' }],
    [['--text', '--not-a-flag'], { text: '--not-a-flag' }],
    [['--no-color', '--no-progress'], { color: false, progress: false }],
    [['--port=2776', '--tlv', '0x1400=01', '--tlv', '0x1401=02'], { port: '2776', tlv: ['0x1400=01', '0x1401=02'] }],
    [['--to', 'x', '--text', 'report'], { to: ['x'], text: 'report' }],
    [[], {}],
  ])('%j', (argv, flags) => expect(parseArgs(argv)).toEqual({ command: 'send', flags }));

  it.each([
    [['--tp', '5'], "unknown option '--tp' (did you mean --tps?)"],
    [['--sytem-id', 'x'], "unknown option '--sytem-id' (did you mean --system-id?)"],
    [['--frobnicate'], "unknown option '--frobnicate'; see smpp-send --help"],
    [['--passwrd=hunter2'], "unknown option '--passwrd' (did you mean --password?)"],
    [['-x'], "unknown option '-x'; see smpp-send --help"],
    [['--port'], '--port needs a value: --port <port>'],
    [['--to', 'x', '-m'], '--text needs a value: --text <text>'],
    [['+447700900123'], "unexpected argument '+447700900123': give recipients with --to and the text with --text (quote it)"],
    [['reprot', 'x'], "unknown command 'reprot' (did you mean report?)"],
    [['report'], 'report needs the journal file: smpp-send report FILE'],
    [['report', 'a', 'b'], 'report takes one journal file: smpp-send report FILE [--json]'],
    [['report', 'a', '--tps', '1'], "unknown option '--tps'; see smpp-send report --help"],
    // Only report has flags of its own: config and probe take the send's, and say so.
    [['config', '--frobnicate'], "unknown option '--frobnicate'; see smpp-send --help"],
    [['probe', '--sytem-id', 'x'], "unknown option '--sytem-id' (did you mean --system-id?)"],
  ])('%j -> %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('parses report FILE [--json] [--no-color]', () => {
    expect(parseArgs(['report', 'run.jsonl'])).toEqual({ command: 'report', file: 'run.jsonl', json: false, noColor: false });
    expect(parseArgs(['report', 'run.jsonl', '--json', '--no-color'])).toEqual({ command: 'report', file: 'run.jsonl', json: true, noColor: true });
    // Options before the command are the program's; the word still starts report.
    expect(parseArgs(['--no-color', 'report', 'run.jsonl'])).toEqual({ command: 'report', file: 'run.jsonl', json: false, noColor: false });
  });

  it.each([[['--help']], [['-h']], [['--tp', '--help']], [['help']]])('%j -> help text', (argv) => {
    expect(parseArgs(argv)).toEqual({ command: 'help', text: renderHelp() });
  });

  it.each([[['report', '--help']], [['help', 'report']]])('%j -> report help', (argv) => {
    expect(parseArgs(argv)).toEqual({ command: 'help', text: renderReportHelp() });
  });

  it('--version and -V', () => {
    expect(parseArgs(['--version'])).toEqual({ command: 'version', text: expect.stringMatching(/^\d+\.\d+\.\d+\S*\n$/) });
    expect(parseArgs(['-V'])).toEqual(parseArgs(['--version']));
  });
});

describe('--help', () => {
  const help = renderHelp();
  const lines = help.split('\n');

  it('lists every option of the table, in its group, groups in order', () => {
    const headings = Object.values(GROUP_TITLES).map((t) => lines.indexOf(`${t}:`));
    expect(headings.every((h) => h > 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    const examples = lines.indexOf('Examples:');
    for (const o of OPTIONS) {
      const at = lines.findIndex((l) => new RegExp(`^  (-\\w, |    )${o.flag}\\b`).test(l));
      expect(at, o.flag).toBeGreaterThan(0);
      const group = Object.keys(GROUP_TITLES).indexOf(o.group);
      expect(at, o.flag).toBeGreaterThan(headings[group]!);
      expect(at, o.flag).toBeLessThan(headings[group + 1] ?? examples);
    }
  });

  it('shows environment variables and defaults', () => {
    const flat = help.replace(/\s+/g, ' ');
    expect(flat).toContain('--port <port> SMSC TCP port [env SMPP_PORT; default 2775, 3550 with --tls]');
    expect(flat).toContain('env NO_COLOR, FORCE_COLOR');
  });

  it('ends with the examples', () => {
    expect(lines.indexOf('Examples:')).toBeGreaterThan(lines.indexOf('Output:'));
    for (const [, cmd] of EXAMPLES) expect(help).toContain(cmd);
    expect(EXAMPLES.map(([, cmd]) => cmd).join('\n')).toMatch(/--batch .*--text .*--journal/);
  });

  it('fits a 100-column terminal, except example commands', () => {
    const commands = new Set(EXAMPLES.map(([, cmd]) => `    ${cmd}`));
    expect(lines.filter((l) => l.length > 100 && !commands.has(l))).toEqual([]);
  });
});
