// `smpp-sim`: the simulator as a command for demos, benchmarks and other people's integration
// tests. stdout carries one parseable line (the URL, never the password) and, with `--log -`,
// the PDU log; everything for humans goes to stderr. No process.exit: exit codes are set and the
// event loop drains once the simulator is closed.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { isKnownError, UsageError } from '../errors.js';
import { parseDuration } from '../sms/time.js';
import { STATUS_CODE } from '../sms/status.js';
import type { SmscAlphabet } from '../sms/choose-encoding.js';
import { RATE_LIMIT_MODES, type RateLimit, type RateLimitMode } from './rate-limit.js';
import { SIM_DEFAULTS } from './defaults.js';
import { startSim } from './server.js';
import { renderSimHelp } from './help.js';
import type { IdFormat, OutcomeRule, ReceiptIdFormat, ReceiptStyle, Sim, SimEvent, SimMessage, SimOptions } from './types.js';

export interface SimIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

interface Flags {
  port: string; host: string; systemId: string; password?: string;
  tlsKey?: string; tlsCert?: string;
  idFormat: IdFormat; receiptIdFormat: ReceiptIdFormat; receiptDelay?: string; receiptStyle: ReceiptStyle;
  outcome: string[]; throttleEvery?: string; rateLimit?: string; responseDelay?: string; enquireLink?: string;
  smscAlphabet: SmscAlphabet; log?: string; quiet?: boolean;
  mo: string[]; moCoding: 'auto' | 'gsm7' | 'ucs2' | 'latin1' | 'ascii'; moSplit: 'udh8' | 'udh16' | 'sar' | 'payload';
}

function version(): string {
  // src/sim/ and dist/sim/ both sit two levels below package.json.
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function program(io: SimIo): Command {
  return new Command('smpp-sim')
    .version(version(), '-V, --version', 'print the version')
    .description('A simulated SMSC (SMPP 3.4 server) for demos and integration tests.')
    .option('--port <n>', 'TCP port to listen on (0: any free port)', '2775')
    .option('--host <addr>', 'address to listen on', SIM_DEFAULTS.host)
    .option('--system-id <id>', 'system_id clients must bind with', SIM_DEFAULTS.systemId)
    .addOption(new Option('--password <pw>', 'password clients must bind with').default(undefined, `${SIM_DEFAULTS.password}; env SMPP_SIM_PASSWORD`))
    .option('--tls-key <file>', 'PEM private key: serve TLS (ssmpp://) with --tls-cert')
    .option('--tls-cert <file>', 'PEM certificate for --tls-key')
    .addOption(new Option('--id-format <f>', 'message_id form in submit_sm_resp').choices(['decimal', 'hex', 'uuid']).default('decimal'))
    .addOption(new Option('--receipt-id-format <f>', 'id form inside receipts').choices(['same', 'decimal', 'hex', 'zero-padded-decimal']).default('same'))
    .option('--receipt-delay <time>', 'delay before each receipt (ms, or 2s, 1m)', '20')
    .addOption(new Option('--receipt-style <s>', 'receipt content').choices(['tlv+text', 'text', 'tlv']).default('tlv+text'))
    .addOption(new Option('--outcome <PREFIX=STAT[:ERR]>', 'receipt outcome for destinations starting with PREFIX (repeatable; first match wins)')
      .argParser((v: string, all: string[]) => [...all, v]).default([], 'DELIVRD:000 for all'))
    .option('--throttle-every <n>', 'answer every Nth submit_sm with ESME_RTHROTTLED (0x58)')
    .option('--rate-limit <n[:mode]>', 'answer ESME_RTHROTTLED above n submits/s; mode sliding (default), per-second or min-gap')
    .option('--response-delay <time>', 'delay every submit_sm_resp (ms, or 2s)')
    .option('--enquire-link <time>', 'send enquire_link to every session this often (ms, or 30s; 0 = off)')
    .addOption(new Option('--smsc-alphabet <a>', 'how to read data_coding 0').choices(['gsm7', 'latin1', 'ascii']).default('gsm7'))
    .addOption(new Option('--mo <FROM:TO:TEXT>', 'inject a mobile-originated message, held until a receiver binds (repeatable)')
      .argParser((v: string, all: string[]) => [...all, v]).default([], 'none'))
    .addOption(new Option('--mo-coding <c>', 'encoding of --mo texts').choices(['auto', 'gsm7', 'ucs2', 'latin1', 'ascii']).default('auto'))
    .addOption(new Option('--mo-split <s>', 'how a long --mo text is split').choices(['udh8', 'udh16', 'sar', 'payload']).default('udh8'))
    .option('--log <file>', "append every PDU, and each whole message (type \"message\"), as a JSON line to FILE ('-': stdout)")
    .option('--quiet', 'no connection, bind, message and error lines on stderr')
    .helpOption('-h, --help', 'show this help')
    .configureHelp({ formatHelp: (cmd) => renderSimHelp(cmd) })
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

function int(flag: string, raw: string, min: number, max: number, example: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new UsageError(`${flag}: "${raw}" is not a whole number from ${min} to ${max}; give a number such as ${example}`);
  }
  return n;
}

/** Milliseconds: a bare number is ms here (sub-second delays are the norm), or a unit: 2s, 1m. */
function ms(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
  try {
    return parseDuration(raw);
  } catch {
    throw new UsageError(`${flag}: "${raw}" is not a duration; give milliseconds (250) or a unit (2s, 1m)`);
  }
}

/** FROM:TO:TEXT, e.g. +447700900123:12345:STOP (the text may hold colons). */
export function parseMo(raw: string): { from: string; to: string; text: string } {
  const m = /^([^:]+):([^:]+):(.+)$/s.exec(raw);
  if (!m) throw new UsageError(`--mo: "${raw}" is not FROM:TO:TEXT; write e.g. --mo +447700900123:12345:STOP`);
  return { from: m[1]!, to: m[2]!, text: m[3]! };
}

/** PREFIX=STAT[:ERR], e.g. 4477=UNDELIV:001; an empty PREFIX matches every destination. */
export function parseOutcome(raw: string): OutcomeRule {
  const m = /^([^=]*)=([A-Za-z]{1,10})(?::(\d{1,3}))?$/.exec(raw);
  if (!m) throw new UsageError(`--outcome: "${raw}" is not PREFIX=STAT[:ERR]; write e.g. --outcome 4477=UNDELIV:001`);
  return { to: m[1], stat: m[2].toUpperCase(), err: m[3]?.padStart(3, '0') };
}

function read(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(`${flag}: cannot read ${file} (${code}); give a readable PEM file`);
  }
}

/** Flags and environment → SimOptions. Throws UsageError. */
export function simOptions(f: Flags, env: NodeJS.ProcessEnv, io: SimIo): SimOptions {
  if (!!f.tlsKey !== !!f.tlsCert) throw new UsageError('--tls-key and --tls-cert go together; give both PEM files, or neither for plain TCP');
  const o: SimOptions = {
    host: f.host,
    port: int('--port', f.port, 0, 65535, '2775'),
    systemId: f.systemId,
    password: f.password ?? (env.SMPP_SIM_PASSWORD || SIM_DEFAULTS.password),
    idFormat: f.idFormat,
    receiptIdFormat: f.receiptIdFormat,
    receiptDelayMs: ms('--receipt-delay', f.receiptDelay),
    receiptStyle: f.receiptStyle,
    outcomes: f.outcome.map(parseOutcome),
    responseDelayMs: ms('--response-delay', f.responseDelay),
    enquireLinkMs: ms('--enquire-link', f.enquireLink),
    smscAlphabet: f.smscAlphabet,
    record: false, // a long-running process: keep nothing in memory
  };
  if (f.tlsKey && f.tlsCert) o.tls = { key: read('--tls-key', f.tlsKey), cert: read('--tls-cert', f.tlsCert) };
  if (f.throttleEvery !== undefined) {
    const every = int('--throttle-every', f.throttleEvery, 1, Number.MAX_SAFE_INTEGER, '10');
    o.onSubmit = (_, { index }) => ((index + 1) % every === 0 ? { status: STATUS_CODE.ESME_RTHROTTLED } : undefined);
  }
  if (f.rateLimit !== undefined) o.rateLimit = parseRateLimit(f.rateLimit);
  if (f.log === '-') o.onPdu = (p) => io.stdout.write(JSON.stringify(p) + '\n');
  else if (f.log) o.logFile = f.log;
  if (!f.quiet) o.onEvent = (e) => io.stderr.write(describe(e) + '\n');
  // Whole messages, long ones joined: on stderr for people, and in the `--log -` stream (a log
  // file gets them from the server itself).
  if (!f.quiet || f.log === '-') {
    o.onMessage = (m) => {
      if (!f.quiet) io.stderr.write(describeMessage(m) + '\n');
      if (f.log === '-') io.stdout.write(JSON.stringify(messageRecord(m)) + '\n');
    };
  }
  return o;
}

/** `200`, `200:sliding`, `20:min-gap`, `50:per-second`. */
function parseRateLimit(raw: string): RateLimit {
  const [n = '', mode = 'sliding'] = raw.split(':');
  if (!(RATE_LIMIT_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--rate-limit: mode "${mode}" is not one of ${RATE_LIMIT_MODES.join(', ')}; e.g. --rate-limit 20:min-gap`);
  }
  return { tps: int('--rate-limit', n, 1, 1_000_000, '200'), mode: mode as RateLimitMode };
}

/** `session 1 message from 447700900123 to 12345, 3 parts (ids 1 2 3): "the whole text"`. */
function describeMessage(m: SimMessage): string {
  const parts = m.parts > 1 ? `, ${m.parts} parts (ids ${m.messageIds.join(' ')})` : ` (id ${m.messageIds[0]})`;
  return `smpp-sim: session ${m.session} message from ${JSON.stringify(m.from)} to ${JSON.stringify(m.to)}${parts}: ${JSON.stringify(m.text)}`;
}

function messageRecord(m: SimMessage) {
  return { t: Date.now(), session: m.session, type: 'message', from: m.from, to: m.to, parts: m.parts, messageIds: m.messageIds, dataCoding: m.dataCoding, text: m.text };
}

function describe(e: SimEvent): string {
  const who = e.session ? `session ${e.session}` : 'server';
  return `smpp-sim: ${who} ${e.type}${e.detail ? `: ${e.detail}` : ''}`;
}

/** The default password is public (it is in --help): say it. One the user chose: say only where from. */
function passwordNote(f: Flags, env: NodeJS.ProcessEnv): string {
  if (f.password !== undefined) return 'password from --password';
  if (env.SMPP_SIM_PASSWORD) return 'password from SMPP_SIM_PASSWORD';
  return `password ${SIM_DEFAULTS.password}${f.systemId === SIM_DEFAULTS.systemId ? ': the default credentials' : ' (the default)'}`;
}

/**
 * Runs the simulator until SIGINT/SIGTERM. Resolves with the running sim (tests stop it with
 * close()), or undefined after a usage or startup error, with process.exitCode set.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: SimIo = process): Promise<Sim | undefined> {
  let sim: Sim;
  let flags: Flags;
  let inject: () => void = () => {};
  try {
    const cmd = program(io);
    try {
      cmd.parse(argv, { from: 'user' });
    } catch (err) {
      if (err instanceof CommanderError) {
        process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage; // --help, or commander already printed why
        return undefined;
      }
      throw err;
    }
    flags = cmd.opts<Flags>();
    const options = simOptions(flags, env, io);
    const mos = flags.mo.map(parseMo);
    inject = () => {
      for (const mo of mos) sim.injectMo({ ...mo, coding: flags.moCoding, split: flags.moSplit });
    };
    sim = await startSim(options).catch((err: NodeJS.ErrnoException) => {
      if (isKnownError(err) || !err.code) throw err;
      throw new UsageError(`cannot listen on ${options.host}:${options.port} (${err.code}); choose another --port or --host, or stop the server using it`);
    });
  } catch (err) {
    io.stderr.write(`smpp-sim: ${isKnownError(err) ? err.message : String(err)}\n`);
    process.exitCode = isKnownError(err) ? err.exitCode : EXIT.internal;
    return undefined;
  }
  try {
    inject();
  } catch (err) {
    await sim.close();
    io.stderr.write(`smpp-sim: --mo: ${(err as Error).message}\n`);
    process.exitCode = EXIT.usage;
    return undefined;
  }
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void sim.close().then(() => {
      process.exitCode = EXIT.ok;
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Printed last: whoever reads this line may signal us at once.
  io.stdout.write(`smpp-sim listening on ${sim.url} (system_id ${sim.systemId}, ${passwordNote(flags, env)})\n`);
  return sim;
}
