// Test helper: runs net-smpp-smsc.pl, an SMSC built on Debian's Net::SMPP (libnet-smpp-perl),
// so our client is checked against a PDU codec that is not node-smpp. See that file's header.
//
//   const smsc = await startNetSmpp({ systemId: 'user', password: 'secret' });
//   ... connect to 127.0.0.1:smsc.port ...
//   const pdus = await smsc.received();   // one object per PDU the SMSC read, in order
//   await smsc.stop();
//
// Without perl or Net::SMPP, test files skip (describe.skipIf(skipNetSmpp)) on a developer's
// machine, but fail under CI (process.env.CI set), where .ci/run installs libnet-smpp-perl.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const NET_SMPP_SCRIPT = fileURLToPath(new URL('./net-smpp-smsc.pl', import.meta.url));

export interface NetSmppOptions {
  systemId: string;
  password: string;
  /** Format of submit_sm_resp message_id and of the receipted_message_id TLV. Default 'hex'. */
  respId?: 'hex' | 'dec';
  /** Format of the receipt text's `id:`. Default: same as respId. */
  receiptId?: 'hex' | 'dec';
  /** Send receipted_message_id / message_state (and network_error_code) TLVs. Default true. */
  receiptTlvs?: boolean;
  /** First message id (ids count up from it across all connections). Default 0x2A0F00. */
  idStart?: number;
  /** Receipt stat: word (DELIVRD, UNDELIV, EXPIRED, ...). Default DELIVRD. */
  stat?: string;
  /** Receipt err: field, 3 digits. Default 000. */
  err?: string;
  /** Send the receipt before the submit_sm_resp (some SMSCs race like this). */
  receiptBeforeResp?: boolean;
  /** command_status for every submit_sm_resp (non-zero: no id, no receipt). Default 0. */
  submitStatus?: number;
  /** MO held for the account: `FROM:TO:TEXT` (ASCII), delivered once to the first receiving bind. */
  mo?: string[];
  /** Receipts for ids this SMSC never issued (late receipts), delivered after the MO. */
  lateReceipts?: string[];
  /** query_sm_resp message_state, as a receipt word. Default: `stat`. */
  queryState?: string;
  /** query_sm_resp error_code. Default 0. */
  queryError?: number;
  /** query_sm_resp final_date, YYMMDDhhmmss (sent with `000+`). Default 260130120500. */
  finalDate?: string;
}

/** One line of the SMSC's log: a received PDU, or an event (connect, close, stop). */
export interface NetSmppLine {
  conn?: number;
  event?: 'connect' | 'close' | 'stop';
  command?: string;        // Net::SMPP's name: bind_transceiver, submit_sm, deliver_sm_resp, ...
  command_id?: string;     // '0x00000004'
  status?: number;
  seq?: number;
  body?: string;           // hex of the body after the header (not for binds)
  short_message?: string;  // hex
  tlvs?: { tag: string; name?: string; value: string }[]; // in wire order, tag '0x001e', value hex
  reply_status?: number;   // command_status the SMSC answered with
  message_id?: string;     // submit_sm: the id given; *_resp: the id carried
  receipt_for?: string;    // deliver_sm_resp: the message_id of the receipt it answers
  password_ok?: boolean;   // binds: the password itself is never logged
  unanswered_receipts?: string[]; // close: receipts sent but never answered
  [field: string]: unknown; // the PDU's other mandatory fields (source_addr_ton, data_coding, ...)
}

export interface NetSmpp {
  host: '127.0.0.1';
  port: number;
  logFile: string;
  /** Every log line so far (PDUs and events). */
  log(): Promise<NetSmppLine[]>;
  /** The PDUs received so far, in the order the SMSC read them. */
  received(): Promise<NetSmppLine[]>;
  /** Polls the log until `done(lines)` holds (for events after a client exits, like 'close'). */
  waitFor(done: (lines: NetSmppLine[]) => boolean, what: string, timeoutMs?: number): Promise<NetSmppLine[]>;
  /** What perl printed on stderr (Net::SMPP warns there), for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

export interface NetSmppProbe {
  version?: string;  // Net::SMPP's $VERSION when usable
  missing?: string;  // why not, with the fix
}

/** Whether perl, Net::SMPP and JSON::PP load here. */
export function probeNetSmpp(): NetSmppProbe {
  const r = spawnSync('perl', ['-MNet::SMPP', '-MJSON::PP', '-e', 'print $Net::SMPP::VERSION'], {
    encoding: 'utf8',
  });
  if (r.error) return { missing: `perl not found (${r.error.message}): install perl` };
  if (r.status !== 0) {
    const why = r.stderr.split('\n')[0] ?? '';
    return { missing: `Net::SMPP does not load (${why}): apt-get install libnet-smpp-perl` };
  }
  return { version: r.stdout.trim() };
}

export const NET_SMPP: NetSmppProbe = probeNetSmpp();
/** Skip Net::SMPP tests only off CI: under CI a missing Net::SMPP must fail them. */
export const skipNetSmpp = NET_SMPP.missing !== undefined && !process.env.CI;

function args(o: NetSmppOptions, logFile: string): string[] {
  const a = [NET_SMPP_SCRIPT, '--port', '0', '--log', logFile,
    '--system-id', o.systemId, '--password', o.password];
  if (o.respId) a.push('--resp-id', o.respId);
  if (o.receiptId) a.push('--receipt-id', o.receiptId);
  if (o.receiptTlvs === false) a.push('--no-receipt-tlvs');
  if (o.idStart !== undefined) a.push('--id-start', String(o.idStart));
  if (o.stat) a.push('--stat', o.stat);
  if (o.err) a.push('--err', o.err);
  if (o.receiptBeforeResp) a.push('--receipt-before-resp');
  if (o.submitStatus !== undefined) a.push('--submit-status', String(o.submitStatus));
  for (const mo of o.mo ?? []) a.push('--mo', mo);
  for (const id of o.lateReceipts ?? []) a.push('--late-receipt', id);
  if (o.queryState) a.push('--query-state', o.queryState);
  if (o.queryError !== undefined) a.push('--query-error', String(o.queryError));
  if (o.finalDate) a.push('--final-date', o.finalDate);
  return a;
}

/** Starts the Perl SMSC; it is stopped (and its log folder removed) when the running test ends. */
export async function startNetSmpp(opts: NetSmppOptions): Promise<NetSmpp> {
  if (NET_SMPP.missing) throw new Error(`cannot start the Net::SMPP SMSC: ${NET_SMPP.missing}`);
  const dir = mkdtempSync(join(tmpdir(), 'net-smpp-'));
  const logFile = join(dir, 'pdus.jsonl');
  // stdin stays a pipe: when this process dies, perl sees EOF and exits.
  const child = spawn('perl', args(opts, logFile), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  onTestFinished(stop);

  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /^LISTENING (\d+)$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('error', (err) => reject(new Error(`cannot run perl for the Net::SMPP SMSC: ${err.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`the Net::SMPP SMSC exited before listening (${code ?? signal}): ${stderr.trim()}`)));
  });

  const log = async (): Promise<NetSmppLine[]> =>
    readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NetSmppLine);

  return {
    host: '127.0.0.1',
    port,
    logFile,
    log,
    received: async () => (await log()).filter((l) => l.command !== undefined),
    async waitFor(done, what, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const lines = await log();
        if (done(lines)) return lines;
        if (Date.now() > until) {
          throw new Error(`Net::SMPP SMSC: no ${what} within ${timeoutMs} ms; log:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stderr: () => stderr,
    stop,
  };
}
