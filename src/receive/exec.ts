// `listen --exec CMD`: a command per received message, its fields in environment variables.
// Decisions:
// - CMD is the user's own command line, run by /bin/sh -c; the message's fields (text, numbers)
//   travel ONLY in the environment, never in the command line, so a text like `$(rm -rf ~)` is
//   data. (Quote "$SMPP_TEXT" in CMD; a CMD that evals it is the user's own doing.)
// - The child gets our environment minus every SMPP_* variable (SMPP_PASSWORD above all).
// - At most `concurrency` commands run at once; at most QUEUE_LIMIT messages wait. When the queue
//   is full listen answers deliveries "try again later" (ESME_RX_T_APPN), so the SMSC keeps them
//   until a command finishes: a flood never grows memory and nothing is dropped.
// - A command that fails (non-zero exit, killed, cannot start) is reported via onFailure; the
//   others and listening go on. Its output goes to our stderr, so stdout stays listen's own.
import { spawn } from 'node:child_process';
import type { ListenRecord } from './record.js';

export const QUEUE_LIMIT = 100;

export interface ExecFailure {
  record: ListenRecord;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  error?: string; // the command could not be started
}

/** The environment variables a record is passed in. Pure. NUL cannot be in a variable: dropped. */
export function execEnv(r: ListenRecord): Record<string, string> {
  const clean = (v: string) => v.replace(/\0/g, '');
  const env: Record<string, string> = {
    SMPP_TYPE: r.type,
    SMPP_FROM: clean(r.from), SMPP_FROM_TON: String(r.fromTon), SMPP_FROM_NPI: String(r.fromNpi),
    SMPP_TO: clean(r.to), SMPP_TO_TON: String(r.toTon), SMPP_TO_NPI: String(r.toNpi),
    SMPP_RECEIVED_AT: r.receivedAt,
    SMPP_JSON: JSON.stringify(r),
  };
  if (r.type === 'mo') {
    Object.assign(env, {
      SMPP_TEXT: clean(r.text), SMPP_ENCODING: r.encoding, SMPP_DATA_CODING: String(r.dataCoding),
      SMPP_PARTS: String(r.parts), SMPP_COMPLETE: r.complete ? '1' : '0',
    });
  } else {
    Object.assign(env, {
      SMPP_MESSAGE_ID: clean(r.id), SMPP_STATE: r.state, SMPP_ERR: r.err ?? '',
      SMPP_FINAL: r.final ? '1' : '0', SMPP_DELIVERED: r.delivered ? '1' : '0',
    });
  }
  return env;
}

/** Our environment without SMPP_* (the password, and names the message fields use). */
export function inheritedEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !k.startsWith('SMPP_')) out[k] = v;
  return out;
}

export type RunCommand = (cmd: string, env: Record<string, string>) => Promise<Omit<ExecFailure, 'record'>>;

/** Runs CMD with /bin/sh -c; its stdout and stderr go to our stderr. */
export const runShell: RunCommand = (cmd, env) =>
  new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', cmd], { env, stdio: ['ignore', 2, 2] });
    child.once('error', (err) => resolve({ exitCode: null, signal: null, error: err.message }));
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal }));
  });

export interface ExecQueueOptions {
  /** Called when the queue has room again after being full. */
  onFree?: () => void;
  run?: RunCommand;
  limit?: number;
  /** The environment the commands inherit (less SMPP_*): the caller's, not necessarily this process's. */
  env?: NodeJS.ProcessEnv;
}

export class ExecQueue {
  private readonly waiting: ListenRecord[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  failed = 0;
  private readonly onFree: () => void;
  private readonly run: RunCommand;
  private readonly limit: number;
  private readonly inherited: Record<string, string>;

  constructor(
    private readonly cmd: string,
    private readonly concurrency: number,
    private readonly onFailure: (f: ExecFailure) => void,
    opts: ExecQueueOptions = {},
  ) {
    this.onFree = opts.onFree ?? (() => {});
    this.run = opts.run ?? runShell;
    this.limit = opts.limit ?? QUEUE_LIMIT;
    this.inherited = inheritedEnv(opts.env);
  }

  /** Takes a record; the caller refuses deliveries while full() (the SMSC keeps them). */
  push(r: ListenRecord): void {
    this.waiting.push(r);
    this.next();
  }

  full(): boolean {
    return this.waiting.length >= this.limit;
  }

  /** Resolves once every taken record's command has finished. */
  drain(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const wasFull = this.full();
      const r = this.waiting.shift()!;
      this.running++;
      void this.run(this.cmd, { ...this.inherited, ...execEnv(r) }).then((res) => {
        this.running--;
        if (res.error !== undefined || res.exitCode !== 0) {
          this.failed++;
          this.onFailure({ record: r, ...res });
        }
        this.next();
        if (this.running === 0 && this.waiting.length === 0) for (const f of this.idle.splice(0)) f();
      });
      if (wasFull) this.onFree();
    }
  }
}

/** One line for a failed command, naming the message (never its text). */
export function describeFailure(f: ExecFailure): string {
  const why = f.error !== undefined ? `could not start: ${f.error}` : f.signal ? `killed by ${f.signal}` : `exited ${f.exitCode}`;
  const what = f.record.type === 'mo' ? `mo from ${f.record.from}` : `receipt ${f.record.id}`;
  return `exec: command ${why} for ${what}; listening goes on`;
}
